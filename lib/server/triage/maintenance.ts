import "server-only";
import { and, eq, gt, inArray, isNull, lte, lt, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { findings, findingStatusHistory, riskAcceptances } from "@/db/schema";
import type { Severity } from "@/lib/domain/triage/fingerprint";
import { slaDue } from "@/lib/domain/triage/sla";
import { ACTIVE_STATES, DAY_MS, systemTransition, type FindingState } from "@/lib/domain/triage/states";
import { SYSTEM_ACTOR } from "../actor";
import { writeAuditMany } from "../audit";
import { enqueueWebhookEvents, type TriageEvent } from "../webhooks/events";
import { getSlaDays } from "./settings";

export interface MaintenanceResult {
  /** Risk acceptances that expired: their findings reopened with a fresh SLA. */
  reopened: number;
  /** Active findings past their due date (announced once per due date). */
  pastSla: number;
  /** Acceptances ending within 14 days (announced once each). */
  expiringSoon: number;
}

const EXPIRY_NOTICE_DAYS = 14;
const BATCH = 5000;

/**
 * The clock's side of triage, run by the job queue daily and after every
 * ingest (and by tests with any `now`): expired risk acceptances reopen their
 * findings and restart the SLA; SLA breaches and acceptances about to expire
 * are announced to webhooks. Idempotent: running it twice changes nothing more.
 */
export async function runTriageMaintenance(db: Db, now = new Date()): Promise<MaintenanceResult> {
  let reopened = 0;
  for (;;) {
    const batch = await reopenExpiredAcceptances(db, now);
    reopened += batch;
    if (batch < BATCH) break;
  }
  const [pastSla, expiringSoon] = await announceDeadlines(db, now);
  return { reopened, pastSla, expiringSoon };
}

/** One batch of expired acceptances; returns how many findings reopened. */
async function reopenExpiredAcceptances(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const slaDays = await getSlaDays(tx);
    const expired = await tx
      .select({ id: findings.id, status: findings.status, severity: findings.severity, acceptedUntil: findings.acceptedUntil })
      .from(findings)
      .where(and(eq(findings.status, "risk_accepted"), lte(findings.acceptedUntil, now)))
      .limit(BATCH)
      .for("update", { skipLocked: true });
    const moves = expired.flatMap((f) => {
      const t = systemTransition(f.status as FindingState, { kind: "acceptance_expired" }, { acceptedUntil: f.acceptedUntil, now });
      return t ? [{ ...f, t }] : [];
    });
    if (!moves.length) return 0;
    const payload = moves.map((m) => ({ id: m.id, due_at: slaDue(m.severity as Severity, now, slaDays)?.toISOString() ?? null }));
    await tx.execute(sql`update findings as f set status = 'open', accepted_until = null, justification = null, closed_at = null,
        sla_started_at = ${now.toISOString()}::timestamptz, due_at = x.due_at, version = f.version + 1, updated_at = ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(id uuid, due_at timestamptz) where f.id = x.id`);
    await tx
      .update(riskAcceptances)
      .set({ endedAt: now, endReason: "Expired" })
      .where(and(inArray(riskAcceptances.findingId, moves.map((m) => m.id)), isNull(riskAcceptances.endedAt)));
    await tx.insert(findingStatusHistory).values(
      moves.map((m) => ({ findingId: m.id, event: "reopened", fromStatus: m.t.from, toStatus: m.t.to, fromValue: m.t.from, toValue: m.t.to, justification: m.t.justification, changedByLabel: "system", changedAt: now })),
    );
    await writeAuditMany(
      tx,
      SYSTEM_ACTOR,
      moves.map((m) => ({ action: "finding.reopened", targetType: "finding", targetId: m.id, detail: { from: m.t.from, to: m.t.to, reason: m.t.justification } })),
    );
    await enqueueWebhookEvents(
      tx,
      moves.map((m) => ({ type: "finding.reopened", key: `${m.id}:reopened:${now.toISOString()}`, findingId: m.id, at: now, extra: { reason: m.t.justification } })),
    );
    return moves.length;
  });
}

/** Queues the SLA-breach and expiring-acceptance notices (each event key is delivered once). */
async function announceDeadlines(db: Db, now: Date): Promise<[number, number]> {
  return db.transaction(async (tx) => {
    const breached = await tx
      .select({ id: findings.id, dueAt: findings.dueAt, severity: findings.severity })
      .from(findings)
      .where(and(inArray(findings.status, [...ACTIVE_STATES]), lt(findings.dueAt, now)))
      .limit(BATCH);
    const soon = await tx
      .select({ id: riskAcceptances.id, findingId: riskAcceptances.findingId, expiresAt: riskAcceptances.expiresAt, owner: riskAcceptances.owner })
      .from(riskAcceptances)
      .where(and(isNull(riskAcceptances.endedAt), gt(riskAcceptances.expiresAt, now), lte(riskAcceptances.expiresAt, new Date(now.getTime() + EXPIRY_NOTICE_DAYS * DAY_MS))))
      .limit(BATCH);
    const events: TriageEvent[] = [
      ...breached.map((b) => ({ type: "finding.sla_breached" as const, key: `${b.id}:sla:${b.dueAt?.toISOString()}`, findingId: b.id, at: now, extra: { dueAt: b.dueAt?.toISOString(), severity: b.severity } })),
      ...soon.map((a) => ({ type: "risk_acceptance.expiring" as const, key: `${a.id}:expiring`, findingId: a.findingId, at: now, extra: { acceptanceId: a.id, expiresAt: a.expiresAt.toISOString(), owner: a.owner } })),
    ];
    await enqueueWebhookEvents(tx, events);
    return [breached.length, soon.length];
  });
}
