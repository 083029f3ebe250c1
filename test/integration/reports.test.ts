// Compliance reports end to end on PostgreSQL: the demo's reports (one per
// framework, generated at seed time through the same code path), the text of
// each PDF against what the database holds, hashes and `report verify`,
// literal rendering of hostile names, permissions, failures and the CLI.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, count, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { applications, auditLog, dependencies, findings, providers, reports, teams } from "@/db/schema";
import { seedDemo } from "@/db/seed/demo";
import { FRAMEWORK_IDS } from "@/lib/domain/reports/controls";
import { ACTIVE_STATES } from "@/lib/domain/triage/states";
import { ForbiddenError, type Actor } from "@/lib/server/actor";
import { listReports } from "@/lib/server/dal/reports";
import { generateReport, requestReport, verifyReport } from "@/lib/server/reports/generate";
import { createSchedule, nextRunAfter, runDueSchedules, scheduledPeriod } from "@/lib/server/reports/schedules";
import { reportListSchema } from "@/lib/validation/lists";
import { useTestDatabase } from "../db";
import { databaseUrl } from "../pg-admin";

const NOW = new Date("2026-11-01T00:00:00Z");
const ciso: Actor = { label: "ciso@test", role: "ciso" };
const auditor: Actor = { label: "auditor@test", role: "auditor" };
const developer: Actor = { label: "dev@test", role: "developer" };
const dir = mkdtempSync(path.join(tmpdir(), "sibyl-reports-test-"));
let db: Db;
let url = "";

/** The PDF's text as pdftotext (poppler) extracts it in content order (-raw keeps a wrapped table cell together), whitespace collapsed. */
function pdfText(pdf: Buffer): string {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
}

function sibyl(args: string[]) {
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: url }, timeout: 180_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

async function reportOf(framework: string) {
  const [row] = await db.select().from(reports).where(and(eq(reports.kind, framework), eq(reports.status, "ready"), eq(reports.scope, "portfolio"))).limit(1);
  if (!row?.pdf || !row.contentHash) throw new Error(`No ready ${framework} report`);
  return { ...row, pdf: row.pdf, contentHash: row.contentHash };
}

function pdfOf(row: { pdf: Buffer | null }): Buffer {
  if (!row.pdf) throw new Error("The report has no PDF");
  return row.pdf;
}

const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : `${one}s`}`;

beforeAll(async () => {
  const handle = await useTestDatabase();
  db = handle.db;
  url = databaseUrl(handle.location.split("/").pop() ?? "");
  await seedDemo(db, { now: NOW });
}, 600_000);

describe("the demo's reports", () => {
  it("has one ready report per framework, each a PDF with its hashes stored", async () => {
    const rows = await db.select({ kind: reports.kind, status: reports.status, pdf: reports.pdf, contentHash: reports.contentHash, fileHash: reports.fileHash, requestedBy: reports.requestedByLabel }).from(reports);
    expect(rows.map((r) => r.kind).sort()).toEqual([...FRAMEWORK_IDS].sort());
    for (const r of rows) {
      expect(r.status, r.kind).toBe("ready");
      expect(pdfOf(r).subarray(0, 5).toString("latin1")).toBe("%PDF-");
      expect(r.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.fileHash).toBe(execFileSync("sha256sum", { input: pdfOf(r) }).toString().slice(0, 64));
      expect(r.requestedBy).toBe("ciso@demo.sibyl.test");
    }
  });

  it("prints each framework's control identifiers as the framework writes them", async () => {
    const expected: Record<string, string[]> = {
      "owasp-api-2023": ["API1:2023", "API9:2023", "API10:2023"],
      iso27001: ["A.5.19", "A.5.20", "A.5.21", "A.5.22", "A.5.23", "A.8.30"],
      soc2: ["CC9.2", "CC3.4", "CC7.1"],
      "nist-csf-2": ["GV.SC-01", "GV.SC-04", "GV.SC-07", "GV.SC-10"],
      "pci-dss-4": ["12.8.1", "12.8.2", "12.8.3", "12.8.4", "12.8.5"],
      dora: ["B_05.01", "B_06.01", "B_07.01"],
    };
    for (const framework of FRAMEWORK_IDS) {
      const text = pdfText((await reportOf(framework)).pdf);
      for (const id of expected[framework]) expect(text, `${framework} ${id}`).toContain(id);
    }
  });

  it("holds the numbers the database holds: findings, the register, the hash", async () => {
    const row = await reportOf("iso27001");
    const text = pdfText(row.pdf);
    // Executive summary: open critical/high findings and past SLA, counted independently here.
    const active = await db
      .select({ severity: findings.severity, n: count(), past: sql<number>`count(*) filter (where ${findings.dueAt} < ${NOW.toISOString()}::timestamptz)`.mapWith(Number) })
      .from(findings)
      .where(inArray(findings.status, [...ACTIVE_STATES]))
      .groupBy(findings.severity);
    const by = Object.fromEntries(active.map((a) => [a.severity, a]));
    const pastSla = active.reduce((s, a) => s + a.past, 0);
    expect(text).toContain(`${plural(by.critical?.n ?? 0, "critical finding")} and ${plural(by.high?.n ?? 0, "high finding")} open; ${plural(pastSla, "finding")} past SLA.`);
    // The register lists every provider in use, with its name.
    const used = await db.selectDistinct({ name: providers.name }).from(dependencies).innerJoin(providers, eq(providers.id, dependencies.providerId));
    expect(used.length).toBeGreaterThan(10);
    expect(text).toContain(`${plural(used.length, "third-party provider")} in use`);
    for (const p of used) expect(text, p.name).toContain(p.name);
    // The insurer's section prints the portfolio's latest exposure index as the rescore stored it.
    const [exposure] = (await db.execute(sql`select value from exposure_daily where scope_kind = 'portfolio' and day <= ${NOW.toISOString().slice(0, 10)}::date order by day desc limit 1`)) as unknown as { value: number }[];
    expect(exposure).toBeTruthy();
    expect(text).toContain(`Exposure index: ${Number(exposure.value).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}`);
    // Portfolio risk as the day's roll-up holds it, and every accepted risk's owner and expiry.
    const [risk] = (await db.execute(sql`select mean_risk from portfolio_risk_daily where day <= ${NOW.toISOString().slice(0, 10)}::date order by day desc limit 1`)) as unknown as { mean_risk: number }[];
    expect(text).toContain(`Portfolio risk is ${(Math.round(Number(risk.mean_risk) * 10) / 10).toFixed(1)} of 100`);
    const accepted = (await db.execute(sql`select r.owner, r.expires_at from risk_acceptances r join findings f on f.id = r.finding_id where r.ended_at is null and f.status = 'risk_accepted'`)) as unknown as { owner: string; expires_at: Date }[];
    expect(accepted.length).toBeGreaterThan(0);
    for (const a of accepted) expect(text).toContain(a.owner);
    // The verification page prints the stored body hash.
    expect(text).toContain(row.contentHash);
    expect(text).toMatch(/Page \d+ of \d+/);
  });
});

describe("schedules", () => {
  it("requests a report per due schedule, for the period before the run, and moves the schedule on", async () => {
    const schedule = await createSchedule(db, ciso, { framework: "soc2", scope: "portfolio", cadence: "monthly" }, NOW);
    expect(schedule.nextRunAt.toISOString()).toBe("2026-12-01T06:00:00.000Z");
    expect(nextRunAfter("weekly", new Date("2026-11-04T12:00:00Z")).toISOString()).toBe("2026-11-09T06:00:00.000Z");
    expect(scheduledPeriod("weekly", new Date("2026-11-09T06:00:00Z"))).toEqual({ from: "2026-11-02", to: "2026-11-08" });
    expect(scheduledPeriod("monthly", new Date("2026-12-01T06:00:00Z"))).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(await runDueSchedules(db, NOW)).toEqual([]);
    const later = new Date("2026-12-01T07:00:00Z");
    const [id] = await runDueSchedules(db, later);
    const [row] = await db.select({ kind: reports.kind, from: reports.periodFrom, to: reports.periodTo, status: reports.status, scheduleId: reports.scheduleId }).from(reports).where(eq(reports.id, id));
    expect(row).toEqual({ kind: "soc2", from: "2026-11-01", to: "2026-11-30", status: "queued", scheduleId: schedule.id });
    expect(await runDueSchedules(db, later)).toEqual([]);
    await expect(createSchedule(db, auditor, { framework: "soc2", cadence: "weekly" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createSchedule(db, ciso, { framework: "soc2", cadence: "daily" })).rejects.toMatchObject({ fieldErrors: { cadence: [expect.any(String)] } });
  });
});

describe("verification", () => {
  it("accepts the generated file and refuses a modified copy or a stranger, in the API and the CLI", async () => {
    const row = await reportOf("soc2");
    expect((await verifyReport(db, auditor, row.pdf)).status).toBe("genuine");
    const modified = Buffer.from(row.pdf);
    modified[Math.floor(modified.length / 2)] ^= 0x01;
    const outcome = await verifyReport(db, auditor, modified);
    expect(outcome).toMatchObject({ status: "modified", report: { id: row.id } });
    expect((await verifyReport(db, auditor, Buffer.from("%PDF-1.4\n%%EOF\n"))).status).toBe("unknown");
    const audited = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, "report.verified"));
    expect(audited[0].n).toBeGreaterThanOrEqual(3);

    const good = path.join(dir, "good.pdf");
    const bad = path.join(dir, "bad.pdf");
    writeFileSync(good, row.pdf);
    writeFileSync(bad, modified);
    const ok = sibyl(["report", "verify", good]);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/Genuine and unchanged/);
    const refused = sibyl(["report", "verify", bad]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/Modified/);
  }, 240_000);
});

describe("generation", () => {
  it("renders hostile names literally in a team report", async () => {
    const [team] = await db.insert(teams).values({ slug: "hostile-team", name: '=HYPERLINK("http://evil.test","x")' }).returning();
    const [app] = await db.insert(applications).values({ slug: "hostile-app", name: "<script>alert(1)</script>", ownerTeamId: team.id, criticality: 1, dataClasses: ["pci"] }).returning();
    const [stripe] = await db.select({ id: providers.id }).from(providers).where(eq(providers.slug, "stripe"));
    await db.insert(dependencies).values({ applicationId: app.id, targetKind: "provider", providerId: stripe.id, sources: ["manual"], callCount: 10 });
    const report = await requestReport(db, ciso, { framework: "pci-dss-4", scope: "team:hostile-team" }, { now: NOW });
    await generateReport(db, report.id, { now: NOW, requester: { name: "Test CISO", email: "ciso@test", role: "ciso" } });
    const [row] = await db.select().from(reports).where(eq(reports.id, report.id));
    const text = pdfText(pdfOf(row));
    expect(text).toContain('Team =HYPERLINK("http://evil.test","x")');
    expect(text).toContain("<script>alert(1)</script>");
    // A payment application is in scope, so PCI DSS 12.8 applies.
    expect(text).toContain("12.8.1");
  }, 120_000);

  it("records a failure with its reason and never leaves a report running", async () => {
    const [app] = await db.insert(applications).values({ slug: "short-lived", name: "Short lived" }).returning();
    const report = await requestReport(db, ciso, { framework: "iso27001", scope: "app:short-lived" }, { now: NOW });
    await db.delete(applications).where(eq(applications.id, app.id));
    await expect(generateReport(db, report.id, { now: NOW })).rejects.toThrow(/short-lived/);
    const [row] = await db.select({ status: reports.status, error: reports.error }).from(reports).where(eq(reports.id, report.id));
    expect(row).toMatchObject({ status: "failed" });
    expect(row.error).toMatch(/No application with the slug "short-lived"/);
  });

  it("lets ciso, secops and admin generate; auditors read; developers neither", async () => {
    await expect(requestReport(db, auditor, { framework: "iso27001" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(requestReport(db, developer, { framework: "iso27001" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listReports(db, developer, reportListSchema.parse({}))).rejects.toBeInstanceOf(ForbiddenError);
    const page = await listReports(db, auditor, reportListSchema.parse({ framework: "dora" }));
    expect(page.rows.map((r) => r.framework)).toEqual(["dora"]);
    await expect(requestReport(db, ciso, { framework: "cobit" })).rejects.toMatchObject({ fieldErrors: { framework: [expect.stringMatching(/must be one of/)] } });
    await expect(requestReport(db, ciso, { framework: "iso27001", from: "2026-10-10", to: "2026-10-01" })).rejects.toMatchObject({ fieldErrors: { from: [expect.any(String)] } });
    const audits = await db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, "report.requested"), isNotNull(auditLog.targetId)));
    expect(audits[0].n).toBeGreaterThanOrEqual(8);
  });

  it("generates from the CLI with a period and scope, and explains bad input", () => {
    const out = path.join(dir, "cli.pdf");
    const team = "hostile-team";
    const ok = sibyl(["report", "generate", "--framework", "nist-csf-2", "--scope", `team:${team}`, "--from", "2026-08-01", "--to", "2026-10-31", "--out", out]);
    expect(ok.code, ok.err).toBe(0);
    expect(readFileSync(out).subarray(0, 4).toString("latin1")).toBe("%PDF");
    expect(ok.out).toMatch(/Document body SHA-256 [0-9a-f]{64}/);
    expect(pdfText(readFileSync(out))).toContain("2026-08-01 to 2026-10-31");
    const bad = sibyl(["report", "generate", "--framework", "cobit", "--out", out]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/Framework must be one of/);
    expect(sibyl(["report", "generate", "--framework", "iso27001"]).code).toBe(2);
    const missing = sibyl(["report", "generate", "--framework", "iso27001", "--scope", "app:nope", "--out", out]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/No application with the slug "nope"/);
  }, 300_000);
});
