// The demo's triage history: the demo SecOps analyst works the findings the
// real detections produced, through the same mutations the UI and the API use,
// at dates in the past, so the queue shows every state, acceptances that expire
// soon (and one that expired and reopened), findings past their SLA and a
// resolution history for mean time to resolve. Nothing is inserted by hand.
import { and, asc, eq, gte, lte } from "drizzle-orm";
import type { Db } from "../client";
import { findings, users } from "../schema";
import type { Actor } from "@/lib/server/actor";
import { runTriageMaintenance } from "@/lib/server/triage/maintenance";
import { bulkUpdateFindings, updateFinding } from "@/lib/server/triage/mutations";

const DAY = 86_400_000;

export interface DemoTriageSummary {
  actions: number;
  reopened: number;
}

export async function seedDemoTriage(db: Db, now: Date): Promise<DemoTriageSummary> {
  const [analyst] = await db.select({ id: users.id, email: users.email }).from(users).where(eq(users.email, "secops@demo.sibyl.test"));
  if (!analyst) return { actions: 0, reopened: 0 };
  const sam: Actor = { userId: analyst.id, label: analyst.email, role: "secops" };
  const at = (days: number) => new Date(now.getTime() + days * DAY);
  let actions = 0;
  const act = async (id: string | undefined, patch: Record<string, unknown>, when: Date) => {
    if (!id) return;
    await updateFinding(db, sam, id, patch, when);
    actions++;
  };

  // Findings the provider checks raised two months ago (rescore at now − 60 days): some are worked, the rest are past their SLA.
  const old = await db
    .select({ id: findings.id, kind: findings.kind })
    .from(findings)
    .where(and(lte(findings.firstSeenAt, at(-50)), eq(findings.status, "open")))
    .orderBy(asc(findings.kind), asc(findings.title));
  const oldIds = old.map((f) => f.id);
  await act(oldIds[0], { assigneeId: analyst.id, state: { to: "in_triage" } }, at(-45));
  await act(oldIds[0], { state: { to: "confirmed", justification: "Reproduced from the probe evidence" }, comment: "Raised with the vendor's account manager." }, at(-40));
  // Accepted seven weeks ago for 45 days: it expired two days ago, and the clock below reopens it.
  await act(
    oldIds[1],
    { state: { to: "risk_accepted", acceptance: { owner: "Chris CISO", decision: "Vendor committed to a fix within six weeks", compensatingControls: "Egress allow-list; alerting on 5xx bursts", expiresAt: at(-2).toISOString() } } },
    at(-47),
  );
  // Accepted a month ago, expiring within the next two weeks.
  await act(
    oldIds[2],
    { state: { to: "risk_accepted", acceptance: { owner: "Chris CISO", decision: "Migration to the vendor's v2 API is scheduled", compensatingControls: "Calls pinned to the EU region; monitored daily", expiresAt: at(9).toISOString() } } },
    at(-30),
  );
  await act(oldIds[3], { state: { to: "resolved", justification: "Vendor renewed the certificate and disabled TLS 1.0" } }, at(-20));
  await act(oldIds[4], { severity: "critical", severityReason: "Provider handles card data for the payouts application", assigneeId: analyst.id }, at(-44));

  // This week's detections from ingest: the analyst's first pass.
  const recent = await db
    .select({ id: findings.id, kind: findings.kind })
    .from(findings)
    .where(and(gte(findings.firstSeenAt, at(-1)), eq(findings.status, "open")))
    .orderBy(asc(findings.kind), asc(findings.title));
  const byKind = (kind: string) => recent.filter((f) => f.kind === kind).map((f) => f.id);
  const shadow = byKind("shadow_endpoint");
  const zombie = byKind("zombie_endpoint");
  const orphan = byKind("orphan_endpoint");
  const keyInQuery = byKind("api_key_in_query");
  const sensitive = byKind("sensitive_data_to_unclassified_host");
  // Seconds after the detections, in order (they were detected at `now`).
  const later = (step: number) => new Date(now.getTime() + step * 1000);

  if (shadow.length) {
    const batch = shadow.slice(0, Math.max(1, Math.floor(shadow.length / 3)));
    await bulkUpdateFindings(db, sam, { ids: batch, action: { type: "assign", assigneeId: analyst.id } }, later(1));
    await bulkUpdateFindings(db, sam, { ids: batch, action: { type: "state", change: { to: "in_triage", justification: "Weekly shadow API review" } } }, later(2));
    actions += 2;
  }
  await act(shadow.at(-1), { state: { to: "false_positive", justification: "Health-check path of the service mesh, not an API" } }, later(3));
  await act(shadow.at(-2), { state: { to: "confirmed", justification: "Owner confirmed the endpoint is live and undocumented" }, comment: "Ticket API-1432 opened to add it to the spec." }, later(3));
  await act(zombie[0], { state: { to: "risk_accepted", acceptance: { owner: "Payments team lead", decision: "Two partners still call v1; retirement agreed for next month", compensatingControls: "Rate-limited and monitored at the gateway", expiresAt: at(12).toISOString() } } }, later(4));
  await act(zombie[1], { state: { to: "not_affected", notAffected: "protected_at_perimeter", justification: "Blocked at the edge since the v2 launch" } }, later(4));
  await act(orphan[0], { state: { to: "resolved", justification: "Operation removed from the spec" } }, later(5));
  await act(keyInQuery[0], { assigneeId: analyst.id, state: { to: "confirmed", justification: "Key visible in proxy logs" } }, later(5));
  await act(sensitive[0], { state: { to: "in_triage" }, comment: "Asking the team which vendor this host belongs to." }, later(6));

  // The daily clock: the acceptance that ended two days ago reopens its finding with a fresh SLA.
  const clock = await runTriageMaintenance(db, later(7));
  return { actions, reopened: clock.reopened };
}
