// Connectivity policies end to end on PostgreSQL: the demo's decisions against
// an independent SQL reading of its rules, policies as code through the CLI
// (idempotent, audited, file:line errors), simulation, exceptions and their
// expiry, findings, the CI gate (SARIF), enforcement downloads, permissions,
// and a second process's decision cache cleared through LISTEN/NOTIFY.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseAllDocuments } from "yaml";
import { and, count, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db, DatabaseHandle } from "@/db/client";
import { auditLog, decisionChanges, dependencyDecisions, findings, policies } from "@/db/schema";
import { seedDemo } from "@/db/seed/demo";
import { ForbiddenError, type Actor } from "@/lib/server/actor";
import { rowsOf } from "@/lib/server/db-results";
import { decisionPoint } from "@/lib/server/policies/decision-point";
import { onInvalidation } from "@/lib/server/policies/notify";
import { enforcementDownload, loadEnforcementSet } from "@/lib/server/policies/enforcement";
import { runGate } from "@/lib/server/policies/gate";
import { applyPolicyFile, createException, deletePolicy, listPolicies, processExpiredExceptions, quarantineTarget, revokeException, setDefaultAction, simulatePolicies } from "@/lib/server/policies/store";
import { useTestDatabase } from "../db";
import { databaseUrl } from "../pg-admin";

const NOW = new Date("2026-11-01T00:00:00Z");
const secops: Actor = { label: "secops@test", role: "secops" };
const admin: Actor = { label: "admin@test", role: "admin" };
const developer: Actor = { label: "dev@test", role: "developer" };
const auditor: Actor = { label: "auditor@test", role: "auditor" };
const dir = mkdtempSync(path.join(tmpdir(), "sibyl-policies-test-"));
let handle: DatabaseHandle;
let db: Db;
let url = "";

function sibyl(args: string[]) {
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", ...args], { encoding: "utf8", env: { ...process.env, DATABASE_URL: url }, timeout: 180_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

const QUARANTINE_F_TIER_1 = `# policies as code
policies:
  - name: Quarantine grade F providers for tier-1 applications
    priority: 5
    mode: enforce
    action: quarantine
    conditions:
      all:
        - { field: provider.grade, op: lte, value: F }
        - { field: application.criticality, op: eq, value: 1 }
`;

/** The current decision of application → provider, straight from the table. */
async function storedDecision(app: string, provider: string) {
  const [row] = rowsOf<{ decision: string; policy_name: string | null; mode: string; dependency_id: string }>(
    await db.execute(sql`select dd.decision, dd.policy_name, dd.mode, dd.dependency_id from dependency_decisions dd join dependencies d on d.id = dd.dependency_id join applications a on a.id = d.application_id join providers p on p.id = d.provider_id where a.slug = ${app} and p.slug = ${provider}`),
  );
  return row;
}

/** Latest grade per provider and what each dependency sends, read without the code under test. */
const FACTS = sql`
  with s as (select distinct on (provider_id) provider_id, grade from provider_scores order by provider_id, computed_at desc, id desc)
  select d.id, a.slug as app, a.criticality, d.target_kind, s.grade,
    (d.data_classes && array['email','phone','name','national_id','pii','card_number','pci','payment','health_record','phi','health']::text[])
      or (coalesce(d.narrowed_data_classes, a.data_classes::text[]) && array['pii','pci','phi']::text[]) as sends_personal
  from dependencies d join applications a on a.id = d.application_id left join s on s.provider_id = d.provider_id`;

beforeAll(async () => {
  handle = await useTestDatabase();
  db = handle.db;
  url = databaseUrl(handle.location.split("/").pop() ?? "");
  await seedDemo(db, { now: NOW, reports: false });
}, 600_000);

describe("the demo's decisions", () => {
  it("gives every dependency one decision, the one its policies' rules give when read independently", async () => {
    const facts = rowsOf<{ id: string; app: string; criticality: number; target_kind: string; grade: string | null; sends_personal: boolean }>(await db.execute(FACTS));
    const stored = new Map((await db.select({ id: dependencyDecisions.dependencyId, decision: dependencyDecisions.decision }).from(dependencyDecisions)).map((r) => [r.id, r.decision]));
    expect(stored.size).toBe(facts.length);
    for (const f of facts) {
      // The demo's enforced rules in priority order (db/seed/demo-policies.ts): unclassified from tier 1 → approval; grade ≤ D sending personal data → alert.
      const expected = f.target_kind === "unclassified" && f.criticality === 1 ? "require_approval" : (f.grade === "D" || f.grade === "F") && f.sends_personal ? "alert" : "allow";
      expect(stored.get(f.id), `${f.app} (${f.target_kind}, grade ${f.grade})`).toBe(expected);
    }
    expect([...stored.values()].filter((d) => d === "alert").length).toBeGreaterThan(0);
  });

  it("moved with the demo's scores over its history, and every non-allow decision is an open finding", async () => {
    const [{ n: changes }] = await db.select({ n: count() }).from(decisionChanges);
    expect(changes).toBeGreaterThan(0);
    const nonAllow = rowsOf<{ n: string }>(await db.execute(sql`select count(*) as n from dependency_decisions where decision <> 'allow'`))[0];
    const open = rowsOf<{ n: string }>(await db.execute(sql`select count(*) as n from findings where kind = 'policy_violation' and status in ('open', 'in_triage', 'confirmed')`))[0];
    expect(Number(open.n)).toBe(Number(nonAllow.n));
  });
});

describe("policies as code", () => {
  it("applies a YAML file through the CLI, idempotently and audited, and quarantines the tier-1 dependency on a grade-F provider", async () => {
    const f = file("quarantine.yaml", QUARANTINE_F_TIER_1);
    const first = sibyl(["policy", "apply", f]);
    expect(first.err).toBe("");
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/1 created, 0 updated, 0 unchanged/);
    const again = sibyl(["policy", "apply", f]);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/0 created, 0 updated, 1 unchanged/);
    const [{ n: audits }] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.action, "policy.create"));
    expect(audits).toBe(4); // the demo's three and this one, once

    const d = await storedDecision("secrets-broker", "pagerduty");
    expect(d).toMatchObject({ decision: "quarantine", policy_name: "Quarantine grade F providers for tier-1 applications", mode: "enforce" });
    const [change] = await db.select().from(decisionChanges).where(eq(decisionChanges.dependencyId, d.dependency_id)).orderBy(sql`${decisionChanges.at} desc`).limit(1);
    expect(change).toMatchObject({ toDecision: "quarantine", cause: expect.stringMatching(/^policies applied by /) });
    const [audited] = await db.select({ detail: auditLog.detail, actor: auditLog.actorLabel }).from(auditLog).where(and(eq(auditLog.action, "policy.decision_changed"), eq(auditLog.targetId, d.dependency_id))).orderBy(sql`${auditLog.id} desc`).limit(1);
    expect(audited?.detail).toMatchObject({ application: "secrets-broker", target: "PagerDuty", to: "quarantine", policy: "Quarantine grade F providers for tier-1 applications" });
    const [finding] = await db.select({ status: findings.status, severity: findings.severity, title: findings.title }).from(findings).where(and(eq(findings.kind, "policy_violation"), sql`${findings.detail}->>'dependencyId' = ${d.dependency_id}`));
    expect(finding).toMatchObject({ status: "open", severity: "critical", title: "Quarantined: secrets-broker → PagerDuty" });

    const listed = sibyl(["policy", "list", "--json"]);
    expect(listed.code).toBe(0);
    const names = (JSON.parse(listed.out) as { policies: { name: string }[] }).policies.map((p) => p.name);
    expect(names).toContain("Quarantine grade F providers for tier-1 applications");
  }, 240_000);

  it("refuses an invalid file with file:line per problem and stores nothing", async () => {
    const before = (await db.select({ n: count() }).from(policies))[0].n;
    const f = file("bad.yaml", `policies:\n  - name: Bad one\n    action: block\n    conditions:\n      all:\n        - { field: provider.grade, op: contains, value: F }\n        - { field: provider.colour, op: eq, value: red }\n`);
    const r = sibyl(["policy", "apply", f]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${f}:3: policies.0.action: action must be one of allow, alert, require_approval, quarantine`);
    expect(r.err).toContain(`${f}:6: policies.0.conditions.all.0.op: provider.grade is a grade: op must be one of eq, ne, lt, lte, gt, gte, in, notIn`);
    expect(r.err).toMatch(/:7: policies\.0\.conditions\.all\.1\.field: unknown field "provider\.colour"/);
    expect((await db.select({ n: count() }).from(policies))[0].n).toBe(before);
    const broken = sibyl(["policy", "apply", file("broken.yaml", "policies:\n  - name: [unclosed\n")]);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/broken\.yaml:\d+: /);
  }, 240_000);

  it("simulates without saving, with counts that match an independent count", async () => {
    const facts = rowsOf<{ app: string; criticality: number; grade: string | null; target_kind: string }>(await db.execute(FACTS));
    // Grade ≤ D for tier 1 at priority 1 decides before anything else.
    const hit = facts.filter((f) => f.target_kind === "provider" && f.criticality === 1 && (f.grade === "D" || f.grade === "F"));
    expect(hit.length).toBeGreaterThan(1);
    const policyCount = (await db.select({ n: count() }).from(policies))[0].n;
    const result = await simulatePolicies(db, developer, { policies: [{ name: "Tier 1 on D or worse", priority: 1, action: "quarantine", conditions: { all: [{ field: "provider.grade", op: "lte", value: "D" }, { field: "application.criticality", op: "eq", value: 1 }] } }] });
    expect(result.byPolicy[0]).toMatchObject({ dependencies: hit.length, applications: new Set(hit.map((h) => h.app)).size });
    expect((await db.select({ n: count() }).from(policies))[0].n).toBe(policyCount);
    const cli = sibyl(["policy", "simulate", file("sim.json", JSON.stringify({ policies: [{ name: "Tier 1 on D or worse", priority: 1, action: "quarantine", conditions: { all: [{ field: "provider.grade", op: "lte", value: "D" }, { field: "application.criticality", op: "eq", value: 1 }] } }] }))]);
    expect(cli.code).toBe(0);
    expect(cli.out).toContain(`would quarantine ${hit.length} dependencies in ${new Set(hit.map((h) => h.app)).size} application`);
    expect(cli.out).toMatch(/nothing was saved/);
  }, 240_000);
});

describe("exceptions, the gate and enforcement", () => {
  it("the gate fails with SARIF naming the provider and the policy, and passes after an exception", async () => {
    const failing = sibyl(["gate", "--app", "secrets-broker", "--format", "sarif"]);
    expect(failing.code).toBe(3);
    const sarif = JSON.parse(failing.out) as { runs: { results: { ruleId: string; level: string; message: { text: string } }[]; tool: { driver: { rules: { id: string; name?: string; shortDescription?: { text: string } }[] } } }[] };
    const result = sarif.runs[0].results.find((r) => r.message.text.includes("PagerDuty"));
    expect(result).toMatchObject({ level: "error" });
    expect(result?.message.text).toContain("Quarantine grade F providers for tier-1 applications");
    expect(result?.ruleId).toBe("sibyl/policy/quarantine-grade-f-providers-for-tier-1-applications");

    const { id } = await createException(db, secops, { application: "secrets-broker", provider: "pagerduty", owner: "sre@example.com", justification: "Certificate renewal in progress with the vendor", expiresAt: new Date(Date.now() + 7 * 86_400_000) });
    expect(await storedDecision("secrets-broker", "pagerduty")).toMatchObject({ decision: "allow", mode: "exception" });
    const passing = sibyl(["gate", "--app", "secrets-broker"]);
    expect(passing.code).toBe(0);
    expect(passing.out).toMatch(/PagerDuty/);
    await revokeException(db, secops, id);
    expect(await storedDecision("secrets-broker", "pagerduty")).toMatchObject({ decision: "quarantine" });
  }, 240_000);

  it("evaluates hosts and SBOM SDKs that are not in the inventory yet, and reports bad input", async () => {
    const result = await runGate(handle, developer, { app: "secrets-broker", hosts: ["api.totally-unknown.example", "not a host"], sbom: { name: "bom.json", text: JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.5", components: [{ type: "library", name: "stripe", version: "14.0.0", purl: "pkg:npm/stripe@14.0.0" }] }, null, 2) } });
    const unknown = result.items.find((i) => i.host === "api.totally-unknown.example");
    expect(unknown).toMatchObject({ origin: "hosts", provider: null });
    // The demo's tier-1 rule: a host no provider owns needs approval.
    expect(unknown?.decision.decision).toBe("require_approval");
    const stripe = result.items.find((i) => i.provider === "stripe");
    expect(stripe).toMatchObject({ origin: expect.stringMatching(/sbom|inventory/) });
    expect(result.inputErrors).toEqual([{ file: "--hosts", location: "not a host", reason: "not a DNS name or IPv4 address" }]);
  });

  it("lets an exception expire by itself: the decision point stops at once, the job re-decides the stored decision", async () => {
    const now = new Date();
    const { id } = await createException(db, secops, { application: "secrets-broker", provider: "pagerduty", owner: "sre@example.com", justification: "One hour while we switch vendors", expiresAt: new Date(now.getTime() + 3_600_000) }, now);
    expect(await storedDecision("secrets-broker", "pagerduty")).toMatchObject({ decision: "allow", mode: "exception" });
    const point = await decisionPoint(handle);
    expect((await point.decide("secrets-broker", "api.pagerduty.com", new Date(now.getTime() + 60_000))).decision).toBe("allow");
    expect((await point.decide("secrets-broker", "api.pagerduty.com", new Date(now.getTime() + 3_600_001))).decision).toBe("quarantine");
    expect(await processExpiredExceptions(db, new Date(now.getTime() + 3_600_001))).toBe(1);
    expect(await storedDecision("secrets-broker", "pagerduty")).toMatchObject({ decision: "quarantine", mode: "enforce" });
    expect(await processExpiredExceptions(db, new Date(now.getTime() + 3_600_001))).toBe(0);
    // Still live in real time (the clock above was moved forward): revoke it so later tests see the policy's decision.
    await revokeException(db, secops, id);
    await expect(createException(db, secops, { application: "secrets-broker", provider: "pagerduty", owner: "x", justification: "far too long an exception", expiresAt: new Date(now.getTime() + 400 * 86_400_000) })).rejects.toMatchObject({ fieldErrors: { expiresAt: ["an exception lasts at most one year"] } });
  });

  it("serves a held answer without waiting on anything, the same bytes, until a change clears it", async () => {
    const point = await decisionPoint(handle);
    // The earlier tests' changes reach this process as NOTIFYs, each clearing the cache when it arrives:
    // wait until none has come for half a second, so that none lands between the steps below.
    let lastNotice = Date.now();
    const stopListening = onInvalidation(() => (lastNotice = Date.now()));
    while (Date.now() - lastNotice < 500) await new Promise((r) => setTimeout(r, 50));
    stopListening();
    point.invalidate();
    const now = Date.now();
    expect(point.cachedJson("secrets-broker", "api.pagerduty.com", now)).toBeNull();
    const first = await point.decideJson("secrets-broker", "API.PagerDuty.com.", new Date(now));
    // Keyed by the normalised host: the raw form a gateway usually sends finds it, the odd form goes the long way.
    expect(point.cachedJson("secrets-broker", "api.pagerduty.com", now)).toBe(first);
    expect(point.cachedJson("secrets-broker", "API.PagerDuty.com.", now)).toBeNull();
    expect(first.headers).toEqual({ "cache-control": `private, max-age=${first.ttlSeconds}` });
    expect(JSON.parse(first.json)).toMatchObject({ application: "secrets-broker", host: "api.pagerduty.com" });
    expect(point.cachedJson("secrets-broker", "api.pagerduty.com", first.validUntil)).toBeNull();
    point.invalidate();
    expect(point.cachedJson("secrets-broker", "api.pagerduty.com", now)).toBeNull();
    expect(point.cachedJson("no-such-app", "api.pagerduty.com", now)).toBeNull();
  });

  it("downloads enforcement artefacts for the quarantined set", async () => {
    const set = await loadEnforcementSet(db, auditor, { kind: "application", slug: "secrets-broker" });
    expect(set.entries.find((e) => e.host === "api.pagerduty.com")).toMatchObject({ decision: "quarantine" });
    const istio = enforcementDownload("istio", set);
    const docs = parseAllDocuments(String(istio.body)).map((d) => d.toJS() as { kind: string; spec: { rules?: { to?: { operation?: { hosts?: string[] } }[] }[] } });
    const deny = docs.find((d) => d.kind === "AuthorizationPolicy");
    expect(JSON.stringify(deny?.spec.rules)).toContain("api.pagerduty.com");
    const opa = enforcementDownload("opa", set);
    expect(Buffer.isBuffer(opa.body) && opa.body.subarray(0, 2).toString("hex")).toBe("1f8b");
  });

  it("records monitor-mode matches without changing the decision", async () => {
    await applyPolicyFile(db, secops, { policies: [{ name: "Watch tier 1", priority: 0, mode: "monitor", action: "quarantine", conditions: { all: [{ field: "application.criticality", op: "eq", value: 1 }] } }] });
    const [row] = rowsOf<{ decision: string; monitored: { policy: { name: string } }[] }>(await db.execute(sql`select dd.decision, dd.monitored from dependency_decisions dd join dependencies d on d.id = dd.dependency_id join applications a on a.id = d.application_id join providers p on p.id = d.provider_id where a.slug = 'secrets-broker' and p.slug = 'pagerduty'`));
    expect(row.decision).toBe("quarantine");
    expect(row.monitored.map((m) => m.policy.name)).toContain("Watch tier 1");
    const listed = (await listPolicies(db, auditor)).find((p) => p.name === "Watch tier 1");
    expect(listed?.matchesNow).toBeGreaterThan(0);
    await deletePolicy(db, secops, listed?.id ?? "");
  });

  it("quarantines a provider in one step, and holds the permissions on the server", async () => {
    const q = await quarantineTarget(db, secops, { provider: "launchdarkly", justification: "Vendor breach reported this morning" });
    expect(q.name).toBe("Quarantine launchdarkly");
    const quarantined = rowsOf<{ n: string }>(await db.execute(sql`select count(*) as n from dependency_decisions dd join dependencies d on d.id = dd.dependency_id join providers p on p.id = d.provider_id where p.slug = 'launchdarkly' and dd.decision <> 'quarantine'`))[0];
    expect(Number(quarantined.n)).toBe(0);
    await deletePolicy(db, admin, q.id);
    await expect(applyPolicyFile(db, developer, { policies: [] })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createException(db, auditor, {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setDefaultAction(db, secops, { defaultAction: "alert" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(quarantineTarget(db, developer, { provider: "stripe", justification: "xxxxxxxxxxxx" })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("the decision cache across processes", () => {
  it("a policy change reaches a second process's cache within a second (LISTEN/NOTIFY)", async () => {
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "test/integration/decision-listener.ts", url, "deploy-bot", "api.pagerduty.com"], { stdio: ["ignore", "pipe", "pipe"] });
    const lines: Record<string, unknown>[] = [];
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const waitFor = (pred: (l: Record<string, unknown>) => boolean, ms: number) =>
      new Promise<Record<string, unknown>>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out; stderr: ${stderr}`)), ms);
        const check = () => {
          const found = lines.find(pred);
          if (found) {
            clearTimeout(timer);
            resolve(found);
          }
        };
        let buffer = "";
        child.stdout.on("data", (d: Buffer) => {
          buffer += d.toString();
          for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
            lines.push(JSON.parse(buffer.slice(0, i)) as Record<string, unknown>);
            buffer = buffer.slice(i + 1);
          }
          check();
        });
        check();
      });
    try {
      const ready = await waitFor((l) => l.ready === true, 60_000);
      expect(ready.decision).toBe("allow");
      await applyPolicyFile(db, secops, { policies: [{ name: "Quarantine pagerduty for deploy-bot", priority: 0, action: "quarantine", conditions: { all: [{ field: "provider.slug", op: "eq", value: "pagerduty" }, { field: "application.slug", op: "eq", value: "deploy-bot" }] } }] });
      const committedAt = Date.now();
      const changed = await waitFor((l) => "changed" in l, 5_000);
      expect(changed).toMatchObject({ changed: "quarantine", policy: "Quarantine pagerduty for deploy-bot" });
      expect(Number(changed.at) - committedAt).toBeLessThan(1000);
    } finally {
      child.kill();
    }
  }, 120_000);
});
