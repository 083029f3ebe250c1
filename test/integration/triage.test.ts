// Findings triage on PostgreSQL: transitions with history and audit rows in one
// transaction, risk acceptance expiry, reopen on re-detection, concurrent
// analysts, atomic bulk changes of 10,000 findings, filters and cursor pages.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, auditLog, findings, findingStatusHistory, riskAcceptances, users } from "@/db/schema";
import type { FindingState } from "@/lib/domain/triage/states";
import { FINDING_STATES } from "@/lib/domain/triage/states";
import { ForbiddenError, type Actor } from "@/lib/server/actor";
import { decisionLog, findingsOverview, getFinding, listFindings, listFindingsByCursor } from "@/lib/server/dal/findings";
import { runTriageMaintenance } from "@/lib/server/triage/maintenance";
import { bulkUpdateFindings, updateFinding } from "@/lib/server/triage/mutations";
import { recordFindings, type DetectedFinding } from "@/lib/server/triage/record";
import { getSlaDays, setSlaDays } from "@/lib/server/triage/settings";
import { findingListSchema } from "@/lib/validation/findings";
import { ConflictError, ValidationError } from "@/lib/validation/errors";
import { useTestDatabase } from "../db";

const DAY = 86_400_000;
let db: Db;
let secops: Actor;
let other: Actor;
let admin: Actor;
const auditor: Actor = { label: "auditor@example.com", role: "auditor" };
let appId = "";
const t0 = new Date("2026-03-01T09:00:00Z");

function shadow(i: number, extra: Partial<DetectedFinding> = {}): DetectedFinding {
  return {
    kind: "shadow_endpoint",
    severity: i % 5 === 0 ? "high" : "medium",
    title: `Shadow endpoint GET /v1/things/${i} in Shop`,
    fingerprintParts: [appId, "GET", `/v1/things/${i}`],
    detail: { method: "GET", path: `/v1/things/${i}`, rule: "seen in traffic, in no spec" },
    applicationId: appId,
    sampleCount: 3,
    ...extra,
  };
}

async function findingId(i: number): Promise<string> {
  const [row] = await db.select({ id: findings.id }).from(findings).where(eq(findings.title, `Shadow endpoint GET /v1/things/${i} in Shop`));
  return row.id;
}

async function stateOf(id: string) {
  const [row] = await db.select().from(findings).where(eq(findings.id, id));
  return row;
}

async function historyOf(id: string) {
  return db.select().from(findingStatusHistory).where(eq(findingStatusHistory.findingId, id)).orderBy(findingStatusHistory.seq);
}

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  const made = await db
    .insert(users)
    .values([
      { email: "secops@example.com", name: "Sam SecOps", role: "secops" },
      { email: "other@example.com", name: "Olga Other", role: "secops" },
      { email: "admin@example.com", name: "Ada Admin", role: "admin" },
      { email: "dev@example.com", name: "Dev Eloper", role: "developer" },
    ])
    .returning({ id: users.id, email: users.email });
  const id = (email: string) => made.find((m) => m.email === email)?.id ?? "";
  secops = { userId: id("secops@example.com"), label: "secops@example.com", role: "secops" };
  other = { userId: id("other@example.com"), label: "other@example.com", role: "secops" };
  admin = { userId: id("admin@example.com"), label: "admin@example.com", role: "admin" };
  const [app] = await db.insert(applications).values({ slug: "shop", name: "Shop", criticality: 2 }).returning({ id: applications.id });
  appId = app.id;
  await recordFindings(db, Array.from({ length: 20 }, (_, i) => shadow(i)), t0, { detector: "discovery" });
});

describe("recording detections", () => {
  it("creates open findings with SLA, OWASP category, evidence and a history row; re-detection never duplicates", async () => {
    const f = await stateOf(await findingId(0));
    expect(f).toMatchObject({ status: "open", severity: "high", detectedSeverity: "high", owaspCategory: "API9", sampleCount: 3 });
    expect(f.dueAt?.getTime()).toBe(t0.getTime() + 30 * DAY);
    expect(await historyOf(f.id)).toHaveLength(1);
    const later = new Date(t0.getTime() + DAY);
    const result = await recordFindings(db, [shadow(0, { sampleCount: 9 })], later);
    expect(result).toMatchObject({ created: 0, updated: 1 });
    const again = await stateOf(f.id);
    expect(again.lastSeenAt.getTime()).toBe(later.getTime());
    expect(again.sampleCount).toBe(9);
    const [{ n }] = await db.select({ n: count() }).from(findings).where(eq(findings.fingerprint, f.fingerprint));
    expect(n).toBe(1);
  });
});

describe("state changes", () => {
  it("moves a finding with a history row and an audit row, and refuses illegal moves naming the states", async () => {
    const id = await findingId(1);
    const [{ n: auditsBefore }] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.targetId, id));
    const r = await updateFinding(db, secops, id, { state: { to: "in_triage" } }, t0);
    expect(r).toMatchObject({ status: "in_triage", version: 2 });
    const history = await historyOf(id);
    expect(history.at(-1)).toMatchObject({ event: "state", fromStatus: "open", toStatus: "in_triage", changedById: secops.userId });
    const [{ n: auditsAfter }] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.targetId, id));
    expect(auditsAfter).toBe(auditsBefore + 1);

    await updateFinding(db, secops, id, { state: { to: "resolved", justification: "Endpoint removed in release 42" } }, t0);
    const error = await updateFinding(db, secops, id, { state: { to: "confirmed" } }, t0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toMatch(/from resolved to confirmed/);
    expect((await stateOf(id)).status).toBe("resolved");
  });

  it("requires a justification for a false positive and a listed reason for not affected (400 with the field)", async () => {
    const id = await findingId(2);
    const fp = await updateFinding(db, secops, id, { state: { to: "false_positive" } }, t0).catch((e: unknown) => e);
    expect((fp as ValidationError).fieldErrors["state.justification"]?.[0]).toMatch(/justification/);
    const na = await updateFinding(db, secops, id, { state: { to: "not_affected", notAffected: "nope" } }, t0).catch((e: unknown) => e);
    expect((na as ValidationError).fieldErrors["state.notAffected"]?.[0]).toMatch(/code_not_present/);
    await updateFinding(db, secops, id, { state: { to: "not_affected", notAffected: "protected_at_perimeter", justification: "WAF blocks it" } }, t0);
    expect(await stateOf(id)).toMatchObject({ status: "not_affected", justification: "protected_at_perimeter" });
  });

  it("overrides severity only with a reason, recomputing the due date", async () => {
    const id = await findingId(3);
    const missing = await updateFinding(db, secops, id, { severity: "critical" }, t0).catch((e: unknown) => e);
    expect((missing as ValidationError).fieldErrors.severityReason).toBeDefined();
    await updateFinding(db, secops, id, { severity: "critical", severityReason: "Handles card data" }, t0);
    const f = await stateOf(id);
    expect(f).toMatchObject({ severity: "critical", detectedSeverity: "medium", severityReason: "Handles card data" });
    expect(f.dueAt?.getTime()).toBe(f.slaStartedAt.getTime() + 7 * DAY);
    // A re-detection keeps the analyst's severity.
    await recordFindings(db, [shadow(3)], new Date(t0.getTime() + 2 * DAY));
    expect((await stateOf(id)).severity).toBe("critical");
  });

  it("refuses analysts' changes from auditors and developers, and assignment to users who cannot triage", async () => {
    const id = await findingId(4);
    await expect(updateFinding(db, auditor, id, { state: { to: "in_triage" } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateFinding(db, { label: "dev", role: "developer" }, id, { comment: "hi" })).rejects.toBeInstanceOf(ForbiddenError);
    const [dev] = await db.select({ id: users.id }).from(users).where(eq(users.email, "dev@example.com"));
    const e = await updateFinding(db, secops, id, { assigneeId: dev.id }).catch((x: unknown) => x);
    expect((e as ValidationError).fieldErrors.assigneeId?.[0]).toMatch(/cannot triage/);
    // The auditor still reads it, with no moves offered.
    const seen = await getFinding(db, auditor, id);
    expect(seen.allowed).toEqual({ triage: false, transitions: [] });
  });
});

describe("risk acceptance and the clock", () => {
  it("accepts a risk until a date, then reopens it with a fresh SLA once the clock passes the expiry", async () => {
    const id = await findingId(5);
    const expiresAt = new Date(t0.getTime() + 10 * DAY);
    await updateFinding(db, secops, id, { state: { to: "risk_accepted", acceptance: { owner: "CISO", decision: "Partner migration in Q2", compensatingControls: "Rate limit at the gateway", expiresAt: expiresAt.toISOString() } } }, t0);
    expect(await stateOf(id)).toMatchObject({ status: "risk_accepted" });
    const [acceptance] = await db.select().from(riskAcceptances).where(eq(riskAcceptances.findingId, id));
    expect(acceptance).toMatchObject({ owner: "CISO", endedAt: null });

    // Before expiry: nothing happens.
    expect((await runTriageMaintenance(db, new Date(expiresAt.getTime() - 1000))).reopened).toBe(0);
    expect((await stateOf(id)).status).toBe("risk_accepted");

    const later = new Date(expiresAt.getTime() + 1000);
    const result = await runTriageMaintenance(db, later);
    expect(result.reopened).toBe(1);
    const f = await stateOf(id);
    expect(f).toMatchObject({ status: "open", acceptedUntil: null });
    expect(f.slaStartedAt.getTime()).toBe(later.getTime());
    expect(f.dueAt?.getTime()).toBe(later.getTime() + 30 * DAY); // high: 30 days from the reopening
    expect((await historyOf(id)).at(-1)).toMatchObject({ event: "reopened", fromStatus: "risk_accepted", toStatus: "open" });
    const [ended] = await db.select().from(riskAcceptances).where(eq(riskAcceptances.findingId, id));
    expect(ended.endReason).toBe("Expired");
    // Idempotent.
    expect((await runTriageMaintenance(db, later)).reopened).toBe(0);
  });

  it("refuses an acceptance longer than one year", async () => {
    const id = await findingId(6);
    const e = await updateFinding(db, secops, id, { state: { to: "risk_accepted", acceptance: { owner: "o", decision: "d", compensatingControls: "c", expiresAt: new Date(Date.now() + 400 * DAY).toISOString() } } }).catch((x: unknown) => x);
    expect((e as ValidationError).fieldErrors["state.acceptance.expiresAt"]?.[0]).toMatch(/one year/);
  });

  it("reopens a resolved finding detected again, with a history row that says so", async () => {
    const id = await findingId(7);
    await updateFinding(db, secops, id, { state: { to: "resolved", justification: "fixed" } }, t0);
    const r = await recordFindings(db, [shadow(7)], new Date(t0.getTime() + 3 * DAY));
    expect(r.reopened).toBe(1);
    expect((await stateOf(id)).status).toBe("open");
    expect((await historyOf(id)).at(-1)?.justification).toMatch(/detected again/);
  });
});

describe("concurrency", () => {
  it("applies two analysts' simultaneous changes to one finding without losing either (row lock)", async () => {
    const id = await findingId(8);
    const before = await stateOf(id);
    await Promise.all([
      updateFinding(db, secops, id, { assigneeId: other.userId }),
      updateFinding(db, other, id, { severity: "low", severityReason: "Internal only" }),
      updateFinding(db, other, id, { comment: "Looking into it" }),
    ]);
    const after = await stateOf(id);
    expect(after).toMatchObject({ assigneeId: other.userId, severity: "low" });
    expect(after.version).toBe(before.version + 3);
    const events = (await historyOf(id)).map((h) => h.event);
    expect(events).toEqual(expect.arrayContaining(["assignee", "severity", "comment"]));
  });

  it("tells a client that edited a stale copy (409) instead of overwriting", async () => {
    const id = await findingId(9);
    const { version } = await stateOf(id);
    await updateFinding(db, secops, id, { comment: "first", expectedVersion: version });
    await expect(updateFinding(db, other, id, { state: { to: "in_triage" }, expectedVersion: version })).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("queue, cursor pages, overview and decision log", () => {
  it("filters, counts per state and pages by cursor without gaps or repeats", async () => {
    const query = findingListSchema.parse({ kind: "shadow_endpoint", app: "shop", state: "all", pageSize: "10" });
    const page = await listFindings(db, secops, query, t0);
    expect(page.total).toBe(20);
    expect(page.stateCounts.all).toBe(20);
    expect(page.stateCounts.resolved).toBeGreaterThanOrEqual(1);
    const mine = await listFindings(db, other, findingListSchema.parse({ assignee: "me", state: "all" }), t0);
    expect(mine.rows.map((r) => r.id)).toContain(await findingId(8));
    const api = findingListSchema.parse({ owasp: "API9", state: "all" });
    expect((await listFindings(db, secops, api, t0)).total).toBe(20);

    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const r = await listFindingsByCursor(db, secops, { q: "", state: "all", app: "shop" }, { cursor, limit: 7 });
      seen.push(...r.rows.map((x) => x.id));
      cursor = r.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(20);
    expect(new Set(seen).size).toBe(20);
  });

  it("shows past-SLA findings and the overview aggregates", async () => {
    const farFuture = new Date(t0.getTime() + 200 * DAY);
    const past = await listFindings(db, secops, findingListSchema.parse({ pastSla: "1" }), farFuture);
    expect(past.total).toBeGreaterThan(0);
    expect(past.rows.every((r) => r.sla.pastDue && r.sla.daysPast >= 0)).toBe(true);
    const overview = await findingsOverview(db, secops, new Date(t0.getTime() + 5 * DAY));
    expect(Object.values(overview.openBySeverity).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(overview.trend).toHaveLength(90);
    expect(overview.mttrDays.medium).not.toBeUndefined();
  });

  it("exports every state change of a period for auditors", async () => {
    const log = await decisionLog(db, auditor, { from: new Date(t0.getTime() - DAY), to: new Date(t0.getTime() + 365 * DAY) });
    expect(log.some((e) => e.from === "open" && e.to === "in_triage" && e.by === "secops@example.com")).toBe(true);
    expect(log.every((e) => e.from !== e.to)).toBe(true);
  });

  it("lets an admin change SLA days, recomputing due dates of active findings, with an audit row", async () => {
    await expect(setSlaDays(db, secops, { critical: 3, high: 14, medium: 60, low: 120 })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setSlaDays(db, admin, { critical: 0, high: 14, medium: 60, low: 120 })).rejects.toBeInstanceOf(ValidationError);
    await setSlaDays(db, admin, { critical: 3, high: 14, medium: 60, low: 120 });
    expect(await getSlaDays(db)).toEqual({ critical: 3, high: 14, medium: 60, low: 120 });
    const f = await stateOf(await findingId(10));
    expect(f.dueAt?.getTime()).toBe(f.slaStartedAt.getTime() + (f.severity === "high" ? 14 : 60) * DAY);
    await setSlaDays(db, admin, { critical: 7, high: 30, medium: 90, low: 180 });
  });
});

describe("state machine on the database (fast-check)", () => {
  it("never leaves a finding in a state without the history row that put it there", async () => {
    const ids = await Promise.all([11, 12, 13].map(findingId));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ finding: fc.constantFrom(...ids), to: fc.constantFrom(...FINDING_STATES), justify: fc.boolean() }), { minLength: 1, maxLength: 8 }),
        async (moves) => {
          for (const m of moves) {
            await updateFinding(db, secops, m.finding, {
              state: {
                to: m.to,
                ...(m.justify ? { justification: "checked", notAffected: "code_not_reachable", acceptance: { owner: "o", decision: "d", compensatingControls: "c" } } : {}),
              },
            }).catch((e: unknown) => {
              if (!(e instanceof ValidationError)) throw e;
            });
          }
          for (const id of ids) {
            const f = await stateOf(id);
            const [last] = await db
              .select({ to: findingStatusHistory.toStatus })
              .from(findingStatusHistory)
              .where(and(eq(findingStatusHistory.findingId, id), sql`${findingStatusHistory.fromStatus} is distinct from ${findingStatusHistory.toStatus}`))
              .orderBy(sql`${findingStatusHistory.seq} desc`)
              .limit(1);
            // The newest state-changing row (the detection row at first) names the current state.
            expect(last?.to).toBe(f.status as FindingState);
          }
        },
      ),
      { numRuns: 12 },
    );
  });
});

describe("bulk changes", () => {
  const N = 10_000;
  let bulkIds: string[] = [];

  beforeAll(async () => {
    const detections: DetectedFinding[] = Array.from({ length: N }, (_, i) => ({
      kind: "api_key_in_query",
      severity: "high",
      title: `API key in the query string to host-${i}.example.net`,
      fingerprintParts: [appId, `host-${i}.example.net`, "query.api_key"],
      detail: { host: `host-${i}.example.net` },
      applicationId: appId,
    }));
    await recordFindings(db, detections, t0, { detector: "traffic inspection" });
    bulkIds = (await db.select({ id: findings.id }).from(findings).where(eq(findings.kind, "api_key_in_query"))).map((r) => r.id);
  });

  it("changes nothing when a failure happens midway through a 10,000-finding change", async () => {
    expect(bulkIds).toHaveLength(N);
    // A real failure inside the transaction: the 6,000th history row is refused by a trigger.
    await db.execute(sql`create sequence bulk_fail_seq`);
    await db.execute(sql`create function bulk_fail() returns trigger language plpgsql as $$ begin if nextval('bulk_fail_seq') = 6000 then raise exception 'injected failure'; end if; return new; end $$`);
    await db.execute(sql`create trigger bulk_fail before insert on finding_status_history for each row execute function bulk_fail()`);
    const [{ n: historyBefore }] = await db.select({ n: count() }).from(findingStatusHistory);
    const [{ n: auditBefore }] = await db.select({ n: count() }).from(auditLog);
    await expect(bulkUpdateFindings(db, secops, { ids: bulkIds, action: { type: "state", change: { to: "in_triage", justification: "bulk triage" } } })).rejects.toThrow();
    await db.execute(sql`drop trigger bulk_fail on finding_status_history`);
    const [{ n: moved }] = await db.select({ n: count() }).from(findings).where(and(inArray(findings.id, bulkIds.slice(0, 5000)), eq(findings.status, "in_triage")));
    expect(moved).toBe(0);
    const [{ n: historyAfter }] = await db.select({ n: count() }).from(findingStatusHistory);
    const [{ n: auditAfter }] = await db.select({ n: count() }).from(auditLog);
    expect(historyAfter).toBe(historyBefore);
    expect(auditAfter).toBe(auditBefore);
  });

  it("moves 10,000 findings in one transaction and reports it, skipping those already there", async () => {
    const r = await bulkUpdateFindings(db, secops, { ids: bulkIds, action: { type: "state", change: { to: "in_triage", justification: "bulk triage" } } });
    expect(r).toMatchObject({ matched: N, changed: N, skipped: 0 });
    expect(r.message).toBe("10,000 findings moved to in_triage.");
    const again = await bulkUpdateFindings(db, secops, { filter: { kind: "api_key_in_query", state: "in_triage" }, action: { type: "assign", assigneeId: other.userId } });
    expect(again.message).toBe("10,000 findings assigned to other@example.com.");
    const [{ n: audits }] = await db.select({ n: count() }).from(auditLog).where(and(eq(auditLog.action, "finding.assign"), eq(auditLog.actorLabel, "secops@example.com")));
    expect(audits).toBeGreaterThanOrEqual(N);
  });

  it("refuses a filter that matches more than 10,000 findings, and a state change missing its justification", async () => {
    const e = await bulkUpdateFindings(db, secops, { filter: { state: "all" }, action: { type: "state", change: { to: "in_triage" } } }).catch((x: unknown) => x);
    expect((e as ValidationError).fieldErrors.filter?.[0]).toMatch(/more than 10,000/);
    const fp = await bulkUpdateFindings(db, secops, { ids: bulkIds.slice(0, 3), action: { type: "state", change: { to: "false_positive" } } }).catch((x: unknown) => x);
    expect(fp).toBeInstanceOf(ValidationError);
  });
});
