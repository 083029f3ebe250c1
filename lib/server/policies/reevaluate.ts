import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appSettings, decisionChanges, dependencyDecisions, policies } from "@/db/schema";
import { decide, decisionChanged, orderPolicies } from "@/lib/domain/policies/evaluate";
import { POLICY_ACTIONS, type Decision, type Policy, type PolicyAction, type PolicyDefinition } from "@/lib/domain/policies/types";
import { severityFor } from "@/lib/domain/triage/detections";
import { targetLabel } from "@/lib/domain/policies/simulate";
import { SYSTEM_ACTOR, type Actor } from "../actor";
import { writeAudit, writeAuditMany } from "../audit";
import { rowsOf } from "../db-results";
import { recordFindings, resolveUndetected, type DetectedFinding } from "../triage/record";
import { findingFingerprint } from "@/lib/domain/triage/fingerprint";
import { loadDependencySubjects, type DependencySubject } from "./subjects";
import { notifyDecisionsChanged } from "./notify";

export const DEFAULT_ACTION_KEY = "policies.default_action";

export async function getDefaultAction(db: Db): Promise<PolicyAction> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, DEFAULT_ACTION_KEY)).limit(1);
  const v = row?.value;
  return typeof v === "string" && (POLICY_ACTIONS as readonly string[]).includes(v) ? (v as PolicyAction) : "allow";
}

/** The stored policies in evaluation order (disabled ones included; decide() skips them). */
export async function loadPolicies(db: Db): Promise<(Policy & { id: string; version: number })[]> {
  const rows = await db
    .select({ id: policies.id, name: policies.name, description: policies.description, priority: policies.priority, mode: policies.mode, action: policies.action, enabled: policies.enabled, conditions: policies.conditions, version: policies.version })
    .from(policies);
  return orderPolicies(rows.map((r) => ({ ...r, description: r.description ?? undefined, conditions: r.conditions as PolicyDefinition["conditions"] })));
}

/** Decision changes audited one row each per re-evaluation; a larger change is summarised (decision_changes keeps all). */
const AUDITED_CHANGES = 10_000;

const FINDING_SEVERITY = { alert: "low", require_approval: "medium", quarantine: "high" } as const;

export interface ReevaluationResult {
  evaluated: number;
  changed: number;
  byDecision: Record<PolicyAction, number>;
}

type StoredDecision = { dependency_id: string; decision: PolicyAction; policy_name: string | null; mode: string; reason: string; exception_id: string | null; monitored: unknown; evidence: unknown };

/**
 * Decides every dependency (of the given applications, or all) with the current
 * policies, exceptions and scores, and stores what changed: the decision, a
 * history row with its cause, a `policy_violation` finding for alert / require
 * approval / quarantine (resolved when the dependency is allowed again) and one
 * audit entry. Other processes' decision caches hear of it through NOTIFY at commit.
 */
export async function reevaluateDecisions(db: Db, cause: string, options: { applicationIds?: string[]; actor?: Actor; now?: Date } = {}): Promise<ReevaluationResult> {
  const now = options.now ?? new Date();
  const actor = options.actor ?? SYSTEM_ACTOR;
  return db.transaction(async (tx) => {
    // One re-evaluation at a time: two concurrent ones would both read the old decisions and write twice.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('sibyl.policies.reevaluate'))`);
    const ordered = await loadPolicies(tx);
    const defaultAction = await getDefaultAction(tx);
    const subjects = await loadDependencySubjects(tx, now, options.applicationIds);
    const scope = options.applicationIds ? sql`where application_id = any(${`{${options.applicationIds.join(",")}}`}::uuid[])` : sql``;
    const stored = new Map(
      rowsOf<StoredDecision>(await tx.execute(sql`select dependency_id, decision, policy_name, mode, reason, exception_id, monitored, evidence from dependency_decisions ${scope}`)).map((r) => [r.dependency_id, r]),
    );
    const idsByName = new Map(ordered.map((p) => [p.name, p.id]));
    const byDecision: Record<PolicyAction, number> = { allow: 0, alert: 0, require_approval: 0, quarantine: 0 };
    const upserts: (typeof dependencyDecisions.$inferInsert)[] = [];
    const history: (typeof decisionChanges.$inferInsert)[] = [];
    // Findings are recorded when a decision changes (a new one, or a change of action, policy or mode);
    // every dependency still not allowed keeps its finding open (resolveUndetected below).
    const violations: DetectedFinding[] = [];
    const still = new Set<string>();
    const auditDetail: Record<string, unknown>[] = [];
    for (const s of subjects) {
      const d = decide(s.subject, ordered, { defaultAction, now, exception: s.exception });
      byDecision[d.decision] += 1;
      const before = stored.get(s.dependencyId);
      const changed = decisionChanged(before ? { decision: before.decision, policy: before.policy_name ? { name: before.policy_name } : null, mode: before.mode } : null, d);
      if (!before || changed || before.reason !== d.reason || (before.exception_id ?? null) !== (d.exception?.id ?? null) || JSON.stringify(before.monitored) !== JSON.stringify(d.monitored) || JSON.stringify(before.evidence) !== JSON.stringify(d.evidence)) {
        upserts.push({
          dependencyId: s.dependencyId,
          applicationId: s.applicationId,
          decision: d.decision,
          policyId: d.policy ? (idsByName.get(d.policy.name) ?? null) : null,
          policyName: d.policy?.name ?? null,
          mode: d.mode,
          reason: d.reason,
          evidence: d.evidence,
          exceptionId: d.exception?.id ?? null,
          overridden: d.overridden,
          monitored: d.monitored,
          since: changed ? now : undefined,
          evaluatedAt: now,
        });
      }
      // The first decision of a new dependency is history only when it is not a plain allow.
      if (changed && (before || d.decision !== "allow")) {
        history.push({ dependencyId: s.dependencyId, applicationId: s.applicationId, fromDecision: before?.decision ?? null, toDecision: d.decision, policyName: d.policy?.name ?? null, mode: d.mode, reason: d.reason, cause, at: now });
        if (auditDetail.length < AUDITED_CHANGES) auditDetail.push({ application: s.subject.application.slug, target: targetLabel(s.subject), from: before?.decision ?? null, to: d.decision, policy: d.policy?.name ?? null, mode: d.mode, reason: d.reason });
      }
      if (d.decision !== "allow") {
        const violation = violationOf(s, d);
        still.add(findingFingerprint(violation.kind, ...violation.fingerprintParts));
        if (changed || !before) violations.push(violation);
      }
    }
    for (let i = 0; i < upserts.length; i += 2000) {
      await tx
        .insert(dependencyDecisions)
        .values(upserts.slice(i, i + 2000))
        .onConflictDoUpdate({
          target: dependencyDecisions.dependencyId,
          set: {
            decision: sql`excluded.decision`,
            policyId: sql`excluded.policy_id`,
            policyName: sql`excluded.policy_name`,
            mode: sql`excluded.mode`,
            reason: sql`excluded.reason`,
            evidence: sql`excluded.evidence`,
            exceptionId: sql`excluded.exception_id`,
            overridden: sql`excluded.overridden`,
            monitored: sql`excluded.monitored`,
            // A decision that did not change keeps the time it took effect.
            since: sql`case when ${dependencyDecisions.decision} is distinct from excluded.decision or ${dependencyDecisions.policyName} is distinct from excluded.policy_name or ${dependencyDecisions.mode} is distinct from excluded.mode then excluded.since else ${dependencyDecisions.since} end`,
            evaluatedAt: sql`excluded.evaluated_at`,
          },
        });
    }
    for (let i = 0; i < history.length; i += 2000) await tx.insert(decisionChanges).values(history.slice(i, i + 2000));
    await recordFindings(tx, violations, now, { detector: "policies" });
    if (options.applicationIds) {
      for (const applicationId of options.applicationIds) await resolveUndetected(tx, { applicationId }, ["policy_violation"], still, "The dependency is allowed again by the connectivity policies.", now);
    } else {
      await resolveUndetected(tx, {}, ["policy_violation"], still, "The dependency is allowed again by the connectivity policies.", now);
    }
    if (history.length) {
      // One audit row per decision change (up to AUDITED_CHANGES; beyond that the summary row says so and
      // decision_changes keeps every one), plus the summary of the re-evaluation.
      await writeAuditMany(tx, actor, history.slice(0, AUDITED_CHANGES).map((h, i) => ({ action: "policy.decision_changed", targetType: "dependency", targetId: h.dependencyId, detail: { ...auditDetail[i], cause } })));
      await writeAudit(tx, actor, { action: "policy.decisions_changed", targetType: "dependency_decision", targetId: null, detail: { cause, changed: history.length, byDecision, auditedIndividually: Math.min(history.length, AUDITED_CHANGES) } });
    }
    await notifyDecisionsChanged(tx, "decisions");
    return { evaluated: subjects.length, changed: history.length, byDecision };
  });
}

function violationOf(s: DependencySubject, d: Decision): DetectedFinding {
  const action = d.decision as Exclude<PolicyAction, "allow">;
  const target = targetLabel(s.subject);
  const verb = { alert: "Policy alert", require_approval: "Approval required", quarantine: "Quarantined" }[action];
  return {
    kind: "policy_violation",
    severity: severityFor(FINDING_SEVERITY[action], s.subject.application.criticality),
    title: `${verb}: ${s.subject.application.slug} → ${target}`,
    // One finding per application × target, whatever policy or action: a change of policy updates it.
    fingerprintParts: [s.applicationId, s.providerId ?? `host:${s.subject.dependency.host ?? ""}`],
    detail: { decision: d.decision, policy: d.policy?.name ?? null, mode: d.mode, reason: d.reason, evidence: d.evidence, rule: "connectivity policy decision", dependencyId: s.dependencyId, target },
    applicationId: s.applicationId,
    providerId: s.providerId,
  };
}

/** After a rescore: re-decides the dependencies of the applications that use the rescored providers (all when not given). */
export async function reevaluateAfterRescore(db: Db, providerIds?: string[], options: { now?: Date; actor?: Actor } = {}): Promise<ReevaluationResult> {
  if (!providerIds) return reevaluateDecisions(db, "rescore of every provider", options);
  if (!providerIds.length) return { evaluated: 0, changed: 0, byDecision: { allow: 0, alert: 0, require_approval: 0, quarantine: 0 } };
  const apps = rowsOf<{ application_id: string }>(await db.execute(sql`select distinct application_id from dependencies where provider_id = any(${`{${providerIds.join(",")}}`}::uuid[])`)).map((r) => r.application_id);
  if (!apps.length) return { evaluated: 0, changed: 0, byDecision: { allow: 0, alert: 0, require_approval: 0, quarantine: 0 } };
  return reevaluateDecisions(db, `rescore of ${providerIds.length} provider${providerIds.length === 1 ? "" : "s"}`, { ...options, applicationIds: apps });
}
