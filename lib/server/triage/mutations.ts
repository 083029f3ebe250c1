import "server-only";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { findingComments, findings, findingStatusHistory, riskAcceptances, users } from "@/db/schema";
import { can } from "@/lib/domain/rbac/permissions";
import type { Severity } from "@/lib/domain/triage/fingerprint";
import { slaDue, type SlaDays } from "@/lib/domain/triage/sla";
import { ACTIVE_STATES, planTransition, TransitionError, type FindingState, type PlannedTransition, type StateChange } from "@/lib/domain/triage/states";
import { BULK_LIMIT, bulkActionSchema, commentSchema, findingFilterSchema, findingPatchSchema, type StateChangeInput } from "@/lib/validation/findings";
import { ConflictError, NotFoundError, parseOrThrow, ValidationError } from "@/lib/validation/errors";
import { assertCan, type Actor } from "../actor";
import { writeAudit, writeAuditMany, type AuditEntry } from "../audit";
import { findingIdsMatching } from "../dal/findings";
import { getSlaDays } from "./settings";

// Every analyst change to a finding: the row is locked (SELECT … FOR UPDATE) so
// two analysts editing one finding at once are applied one after the other and
// neither change is lost; each change writes a history row and an audit row in
// the same transaction. A client may also send the version it edited to be told
// (409) that someone else changed the finding meanwhile.

interface LockedFinding {
  id: string;
  status: FindingState;
  severity: Severity;
  assigneeId: string | null;
  slaStartedAt: Date;
  version: number;
  title: string;
}

type HistoryRow = typeof findingStatusHistory.$inferInsert;

function toStateChange(input: StateChangeInput): StateChange {
  return { to: input.to, justification: input.justification, notAffected: input.notAffected, acceptance: input.acceptance };
}

function transitionOrThrow(from: FindingState, change: StateChange, now: Date): PlannedTransition {
  try {
    return planTransition(from, change, now);
  } catch (error) {
    if (error instanceof TransitionError) throw new ValidationError({ [`state.${error.field}`]: [error.message] }, error.message);
    throw error;
  }
}

/** The assignee must be an enabled user who may triage. */
async function checkAssignee(tx: Db, assigneeId: string | null): Promise<{ id: string; label: string } | null> {
  if (assigneeId === null) return null;
  const [user] = await tx.select({ id: users.id, name: users.name, email: users.email, role: users.role, disabledAt: users.disabledAt }).from(users).where(eq(users.id, assigneeId));
  if (!user || user.disabledAt) throw new ValidationError({ assigneeId: ["Unknown or disabled user"] });
  if (!can(user.role, "findings.triage")) throw new ValidationError({ assigneeId: [`${user.name} cannot triage findings (role ${user.role})`] });
  return { id: user.id, label: user.email };
}

/** Column values a planned transition writes on the finding. */
function transitionSet(plan: PlannedTransition, finding: { severity: Severity; slaStartedAt: Date }, now: Date, slaDays: SlaDays) {
  const slaStartedAt = plan.restartSla ? now : finding.slaStartedAt;
  return {
    status: plan.to,
    justification: plan.findingJustification,
    acceptedUntil: plan.acceptance?.expiresAt ?? null,
    resolvedAt: plan.resolvedAt === "set" ? now : plan.resolvedAt === "clear" ? null : undefined,
    closedAt: ACTIVE_STATES.includes(plan.to) ? null : now,
    slaStartedAt,
    dueAt: slaDue(finding.severity, slaStartedAt, slaDays),
  };
}

export interface FindingChange {
  id: string;
  version: number;
  status: FindingState;
  severity: Severity;
  assigneeId: string | null;
  changes: string[];
}

/**
 * Applies a PATCH (state, severity with reason, assignee, comment) to one
 * finding. Throws ValidationError (400, one message per field), NotFoundError
 * (404), ConflictError (409, stale expectedVersion) or ForbiddenError (403).
 */
export async function updateFinding(db: Db, actor: Actor, id: string, input: unknown, now = new Date()): Promise<FindingChange> {
  assertCan(actor, "findings.triage");
  const patch = parseOrThrow(findingPatchSchema, input);
  return db.transaction(async (tx) => {
    const [finding] = (await tx
      .select({ id: findings.id, status: findings.status, severity: findings.severity, assigneeId: findings.assigneeId, slaStartedAt: findings.slaStartedAt, version: findings.version, title: findings.title })
      .from(findings)
      .where(eq(findings.id, id))
      .for("update")) as LockedFinding[];
    if (!finding) throw new NotFoundError("No such finding");
    if (patch.expectedVersion !== undefined && patch.expectedVersion !== finding.version) {
      throw new ConflictError(`The finding changed since you loaded it (version ${patch.expectedVersion}, now ${finding.version}); reload and try again.`, finding.version);
    }
    const slaDays = await getSlaDays(tx);
    const history: HistoryRow[] = [];
    const audits: AuditEntry[] = [];
    const changes: string[] = [];
    const set: Partial<typeof findings.$inferInsert> = {};
    const base = { findingId: id, changedById: actor.userId ?? null, changedByLabel: actor.label, changedAt: now };
    let status = finding.status;
    let severity = finding.severity;
    let assigneeId = finding.assigneeId;

    if (patch.assigneeId !== undefined && patch.assigneeId !== finding.assigneeId) {
      const assignee = await checkAssignee(tx, patch.assigneeId);
      assigneeId = patch.assigneeId;
      set.assigneeId = assigneeId;
      history.push({ ...base, event: "assignee", fromStatus: status, toStatus: status, fromValue: finding.assigneeId, toValue: assigneeId, justification: assignee ? `Assigned to ${assignee.label}` : "Unassigned" });
      audits.push({ action: "finding.assign", targetType: "finding", targetId: id, detail: { from: finding.assigneeId, to: assigneeId } });
      changes.push(assignee ? `assigned to ${assignee.label}` : "unassigned");
    }
    if (patch.severity !== undefined && patch.severity !== finding.severity) {
      severity = patch.severity;
      set.severity = severity;
      set.severityReason = patch.severityReason ?? null;
      set.dueAt = slaDue(severity, finding.slaStartedAt, slaDays);
      history.push({ ...base, event: "severity", fromStatus: status, toStatus: status, fromValue: finding.severity, toValue: severity, justification: patch.severityReason ?? null });
      audits.push({ action: "finding.severity", targetType: "finding", targetId: id, detail: { from: finding.severity, to: severity, reason: patch.severityReason } });
      changes.push(`severity ${finding.severity} → ${severity}`);
    }
    if (patch.state) {
      const plan = transitionOrThrow(status, toStateChange(patch.state), now);
      Object.assign(set, transitionSet(plan, { severity, slaStartedAt: finding.slaStartedAt }, now, slaDays));
      await applyAcceptanceRows(tx, actor, [{ id, plan }], now);
      history.push({ ...base, event: "state", fromStatus: plan.from, toStatus: plan.to, fromValue: plan.from, toValue: plan.to, justification: plan.justification });
      audits.push({ action: "finding.state", targetType: "finding", targetId: id, detail: { from: plan.from, to: plan.to, justification: plan.justification, acceptance: plan.acceptance } });
      changes.push(`${plan.from} → ${plan.to}`);
      status = plan.to;
    }
    if (patch.comment) {
      await tx.insert(findingComments).values({ findingId: id, authorId: actor.userId ?? null, authorLabel: actor.label, body: patch.comment, createdAt: now });
      history.push({ ...base, event: "comment", fromStatus: status, toStatus: status, justification: patch.comment.slice(0, 500) });
      audits.push({ action: "finding.comment", targetType: "finding", targetId: id, detail: { length: patch.comment.length } });
      changes.push("comment added");
    }
    if (!changes.length) return { id, version: finding.version, status, severity, assigneeId, changes };
    const [updated] = await tx
      .update(findings)
      .set({ ...set, version: sql`${findings.version} + 1`, updatedAt: now })
      .where(eq(findings.id, id))
      .returning({ version: findings.version });
    await tx.insert(findingStatusHistory).values(history);
    await writeAuditMany(tx, actor, audits);
    return { id, version: updated.version, status, severity, assigneeId, changes };
  });
}

/** Opens a risk-acceptance row for moves into risk_accepted and ends the current one for moves out of it. */
async function applyAcceptanceRows(tx: Db, actor: Actor, moves: { id: string; plan: PlannedTransition }[], now: Date): Promise<void> {
  const leaving = moves.filter((m) => m.plan.from === "risk_accepted").map((m) => m.id);
  for (let i = 0; i < leaving.length; i += 5000) {
    await tx
      .update(riskAcceptances)
      .set({ endedAt: now, endReason: "Finding moved out of risk accepted" })
      .where(and(inArray(riskAcceptances.findingId, leaving.slice(i, i + 5000)), isNull(riskAcceptances.endedAt)));
  }
  const entering = moves.filter((m) => m.plan.acceptance);
  for (let i = 0; i < entering.length; i += 2000) {
    await tx.insert(riskAcceptances).values(
      entering.slice(i, i + 2000).map(({ id, plan }) => ({
        findingId: id,
        owner: plan.acceptance?.owner ?? "",
        decision: plan.acceptance?.decision ?? "",
        compensatingControls: plan.acceptance?.compensatingControls ?? "",
        expiresAt: plan.acceptance?.expiresAt ?? now,
        createdById: actor.userId ?? null,
        createdByLabel: actor.label,
        createdAt: now,
      })),
    );
  }
}

/** Adds a comment (a history row and an audit row with it). */
export async function addFindingComment(db: Db, actor: Actor, id: string, input: unknown, now = new Date()): Promise<FindingChange> {
  const { body } = parseOrThrow(commentSchema, input);
  return updateFinding(db, actor, id, { comment: body }, now);
}

export interface BulkResult {
  matched: number;
  changed: number;
  skipped: number;
  /** e.g. "412 findings moved to in_triage; 3 skipped (already there or not allowed from their state)". */
  message: string;
}

/**
 * Assigns or moves many findings (explicit ids, or every finding matching a
 * queue filter) in one transaction: all of them change, or none. At most
 * 10,000 at once. Findings that cannot make the move (already in the target
 * state, or an illegal move from theirs) are skipped and counted.
 */
export async function bulkUpdateFindings(db: Db, actor: Actor, input: unknown, now = new Date()): Promise<BulkResult> {
  assertCan(actor, "findings.triage");
  const request = parseOrThrow(bulkActionSchema, input);
  let ids = request.ids ?? [];
  if (request.filter) {
    const filter = findingFilterSchema.parse(request.filter);
    ids = await findingIdsMatching(db, actor, filter, BULK_LIMIT + 1, now);
    if (ids.length > BULK_LIMIT) throw new ValidationError({ filter: [`The filter matches more than ${BULK_LIMIT.toLocaleString("en")} findings; narrow it down first.`] });
  }
  ids = [...new Set(ids)];
  if (!ids.length) return { matched: 0, changed: 0, skipped: 0, message: "No finding matched; nothing changed." };
  const action = request.action;
  return db.transaction(async (tx) => {
    const locked: LockedFinding[] = [];
    for (let i = 0; i < ids.length; i += 5000) {
      locked.push(
        ...((await tx
          .select({ id: findings.id, status: findings.status, severity: findings.severity, assigneeId: findings.assigneeId, slaStartedAt: findings.slaStartedAt, version: findings.version, title: findings.title })
          .from(findings)
          .where(inArray(findings.id, ids.slice(i, i + 5000)))
          .orderBy(findings.id)
          .for("update")) as LockedFinding[]),
      );
    }
    const base = { changedById: actor.userId ?? null, changedByLabel: actor.label, changedAt: now };
    const history: HistoryRow[] = [];
    const audits: AuditEntry[] = [];
    let payload: Record<string, unknown>[] = [];
    let message: (n: number) => string;
    if (action.type === "assign") {
      const assignee = await checkAssignee(tx, action.assigneeId);
      const targets = locked.filter((f) => f.assigneeId !== action.assigneeId);
      payload = targets.map((f) => ({ id: f.id, assignee_id: action.assigneeId }));
      for (const f of targets) {
        history.push({ ...base, findingId: f.id, event: "assignee", fromStatus: f.status, toStatus: f.status, fromValue: f.assigneeId, toValue: action.assigneeId, justification: assignee ? `Assigned to ${assignee.label} (bulk)` : "Unassigned (bulk)" });
        audits.push({ action: "finding.assign", targetType: "finding", targetId: f.id, detail: { from: f.assigneeId, to: action.assigneeId, bulk: true } });
      }
      if (payload.length) {
        await tx.execute(sql`update findings as f set assignee_id = x.assignee_id, version = f.version + 1, updated_at = ${now.toISOString()}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(id uuid, assignee_id uuid) where f.id = x.id`);
      }
      message = (n) => `${n.toLocaleString("en")} ${n === 1 ? "finding" : "findings"} ${assignee ? `assigned to ${assignee.label}` : "unassigned"}`;
    } else {
      const change = toStateChange(action.change);
      const slaDays = await getSlaDays(tx);
      const moves: { id: string; plan: PlannedTransition; finding: LockedFinding }[] = [];
      let firstError: ValidationError | null = null;
      for (const f of locked) {
        if (f.status === change.to) continue;
        try {
          moves.push({ id: f.id, plan: planTransition(f.status, change, now), finding: f });
        } catch (error) {
          if (!(error instanceof TransitionError)) throw error;
          // A missing justification applies to every finding: refuse the whole request.
          if (error.field !== "to") firstError ??= new ValidationError({ [`action.change.${error.field}`]: [error.message] }, error.message);
        }
      }
      if (firstError) throw firstError;
      payload = moves.map(({ id, plan, finding }) => {
        const s = transitionSet(plan, finding, now, slaDays);
        return {
          id,
          status: s.status,
          justification: s.justification,
          accepted_until: s.acceptedUntil?.toISOString() ?? null,
          resolved: plan.resolvedAt,
          closed_at: s.closedAt?.toISOString() ?? null,
          sla_started_at: s.slaStartedAt.toISOString(),
          due_at: s.dueAt?.toISOString() ?? null,
        };
      });
      for (let i = 0; i < payload.length; i += 5000) {
        await tx.execute(sql`update findings as f set status = x.status::finding_status, justification = x.justification, accepted_until = x.accepted_until,
            resolved_at = case x.resolved when 'set' then ${now.toISOString()}::timestamptz when 'clear' then null else f.resolved_at end,
            closed_at = x.closed_at, sla_started_at = x.sla_started_at, due_at = x.due_at, version = f.version + 1, updated_at = ${now.toISOString()}::timestamptz
          from jsonb_to_recordset(${JSON.stringify(payload.slice(i, i + 5000))}::jsonb) as x(id uuid, status text, justification text, accepted_until timestamptz, resolved text, closed_at timestamptz, sla_started_at timestamptz, due_at timestamptz)
          where f.id = x.id`);
      }
      await applyAcceptanceRows(tx, actor, moves, now);
      for (const { id, plan } of moves) {
        history.push({ ...base, findingId: id, event: "state", fromStatus: plan.from, toStatus: plan.to, fromValue: plan.from, toValue: plan.to, justification: plan.justification });
        audits.push({ action: "finding.state", targetType: "finding", targetId: id, detail: { from: plan.from, to: plan.to, justification: plan.justification, bulk: true } });
      }
      message = (n) => `${n.toLocaleString("en")} ${n === 1 ? "finding" : "findings"} moved to ${change.to}`;
    }
    for (let i = 0; i < history.length; i += 2000) await tx.insert(findingStatusHistory).values(history.slice(i, i + 2000));
    await writeAuditMany(tx, actor, audits);
    await writeAudit(tx, actor, { action: "finding.bulk", targetType: "finding", detail: { action: action.type, matched: locked.length, changed: payload.length } });
    const skipped = locked.length - payload.length;
    return {
      matched: locked.length,
      changed: payload.length,
      skipped,
      message: `${message(payload.length)}${skipped ? `; ${skipped.toLocaleString("en")} skipped (already there, or the move is not allowed from their state)` : ""}.`,
    };
  });
}

