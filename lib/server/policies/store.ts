import "server-only";
import { and, eq, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { appSettings, applications, policies, policyExceptions, providers } from "@/db/schema";
import { normalizeHost } from "@/lib/domain/catalog/match";
import { exceptionExpiryProblem, exceptionSchema, policyDefinitionSchema, policyFileSchema, toPolicyDefinition } from "@/lib/domain/policies/schema";
import { simulate, type SimulationResult } from "@/lib/domain/policies/simulate";
import { POLICY_ACTIONS, type Policy, type PolicyAction, type PolicyDefinition } from "@/lib/domain/policies/types";
import { ConflictError, NotFoundError, ValidationError, parseOrThrow } from "@/lib/validation/errors";
import { assertCan, type Actor } from "../actor";
import { writeAudit } from "../audit";
import { rowsOf } from "../db-results";
import { DEFAULT_ACTION_KEY, getDefaultAction, loadPolicies, reevaluateDecisions, type ReevaluationResult } from "./reevaluate";
import { loadDependencySubjects } from "./subjects";

/** A policy as the API, CLI and UI show it: the file's shape plus id, version and what it decides now. */
export interface PolicyView extends PolicyDefinition {
  id: string;
  version: number;
  /** Dependencies whose current decision this policy made (or, in monitor mode, flagged). */
  matchesNow: number;
  applicationsNow: number;
  updatedAt: string;
}

/** The file format (`{policies: [...]}`) of the given policies: what `policy apply` reads and the UI exports. */
export function toPolicyFile(list: PolicyDefinition[]): { policies: PolicyDefinition[] } {
  return {
    policies: list.map((p) => ({ name: p.name, ...(p.description ? { description: p.description } : {}), priority: p.priority, mode: p.mode, action: p.action, enabled: p.enabled, conditions: p.conditions })),
  };
}

export async function listPolicies(db: Db, actor: Actor): Promise<PolicyView[]> {
  assertCan(actor, "policies.read");
  const rows = rowsOf<{ id: string; name: string; description: string | null; priority: number; mode: "enforce" | "monitor"; action: PolicyAction; enabled: boolean; conditions: PolicyDefinition["conditions"]; version: number; updated_at: string | Date; matches: string | number; apps: string | number; monitored: string | number; monitored_apps: string | number }>(
    await db.execute(sql`
      select p.id, p.name, p.description, p.priority, p.mode, p.action, p.enabled, p.conditions, p.version, p.updated_at,
        (select count(*) from dependency_decisions d where d.policy_id = p.id and d.mode <> 'default') as matches,
        (select count(distinct d.application_id) from dependency_decisions d where d.policy_id = p.id and d.mode <> 'default') as apps,
        (select count(*) from dependency_decisions d where d.monitored @> jsonb_build_array(jsonb_build_object('policy', jsonb_build_object('name', p.name)))) as monitored,
        (select count(distinct d.application_id) from dependency_decisions d where d.monitored @> jsonb_build_array(jsonb_build_object('policy', jsonb_build_object('name', p.name)))) as monitored_apps
      from policies p order by p.priority, p.name`),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    ...(r.description ? { description: r.description } : {}),
    priority: r.priority,
    mode: r.mode,
    action: r.action,
    enabled: r.enabled,
    conditions: r.conditions,
    version: r.version,
    matchesNow: Number(r.mode === "monitor" ? r.monitored : r.matches),
    applicationsNow: Number(r.mode === "monitor" ? r.monitored_apps : r.apps),
    updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

export interface ApplyResult {
  created: string[];
  updated: string[];
  unchanged: string[];
  decisions: ReevaluationResult;
}

/** JSON with object keys sorted: jsonb stores keys in its own order, so a stored policy is compared by content. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));
}
const sameDefinition = (a: PolicyDefinition, b: PolicyDefinition) => canonical(toPolicyFile([a]).policies[0]) === canonical(toPolicyFile([b]).policies[0]);

/**
 * Upserts by name the policies of a file (`{policies: [...]}`): new names are
 * created, changed ones updated, identical ones left alone (applying the same
 * file twice changes nothing). Policies not in the file are kept. One audit entry
 * per policy created or changed; decisions are re-evaluated in the same transaction.
 */
export async function applyPolicyFile(db: Db, actor: Actor, input: unknown, now = new Date()): Promise<ApplyResult> {
  assertCan(actor, "policies.write");
  const file = parseOrThrow(policyFileSchema, input);
  return db.transaction(async (tx) => {
    const existing = new Map((await loadPolicies(tx)).map((p) => [p.name, p]));
    const result: ApplyResult = { created: [], updated: [], unchanged: [], decisions: { evaluated: 0, changed: 0, byDecision: { allow: 0, alert: 0, require_approval: 0, quarantine: 0 } } };
    for (const parsed of file.policies) {
      const p = toPolicyDefinition(parsed);
      const before = existing.get(p.name);
      if (before && sameDefinition(before, p)) {
        result.unchanged.push(p.name);
        continue;
      }
      await upsertOne(tx, actor, p, before ?? null, now);
      (before ? result.updated : result.created).push(p.name);
    }
    if (result.created.length || result.updated.length) {
      result.decisions = await reevaluateDecisions(tx, `policies applied by ${actor.label}: ${[...result.created, ...result.updated].slice(0, 5).map((n) => `"${n}"`).join(", ")}${result.created.length + result.updated.length > 5 ? ", …" : ""}`, { actor, now });
    }
    return result;
  });
}

async function upsertOne(tx: Db, actor: Actor, p: PolicyDefinition, before: (Policy & { id: string; version: number }) | null, now: Date): Promise<string> {
  const values = { name: p.name, description: p.description ?? null, priority: p.priority, mode: p.mode, action: p.action, enabled: p.enabled, conditions: p.conditions, updatedById: actor.userId ?? null, updatedAt: now };
  if (before) {
    await tx.update(policies).set({ ...values, version: sql`${policies.version} + 1` }).where(eq(policies.id, before.id));
    await writeAudit(tx, actor, { action: "policy.update", targetType: "policy", targetId: before.id, detail: { name: p.name, before: toPolicyFile([before]).policies[0], after: toPolicyFile([p]).policies[0] } });
    return before.id;
  }
  const [row] = await tx.insert(policies).values({ ...values, createdById: actor.userId ?? null }).returning({ id: policies.id });
  await writeAudit(tx, actor, { action: "policy.create", targetType: "policy", targetId: row.id, detail: { policy: toPolicyFile([p]).policies[0] } });
  return row.id;
}

/**
 * Saves one policy from the form: creates it (no id) or updates it (id and the
 * version the form read, so a stale copy is refused). Re-evaluates decisions.
 */
export async function savePolicy(db: Db, actor: Actor, input: { id?: string; version?: number; policy: unknown }, now = new Date()): Promise<{ id: string; decisions: ReevaluationResult }> {
  assertCan(actor, "policies.write");
  const p = toPolicyDefinition(parseOrThrow(policyDefinitionSchema, input.policy));
  return db.transaction(async (tx) => {
    // Lock the edited row before reading its version: two saves of the same version would otherwise
    // both pass the check below (each reads before the other writes) and the second would overwrite the first.
    if (input.id) await tx.execute(sql`select 1 from policies where id = ${input.id} for update`);
    const all = await loadPolicies(tx);
    const before = input.id ? all.find((x) => x.id === input.id) : undefined;
    if (input.id && !before) throw new NotFoundError("That policy no longer exists.");
    if (before && input.version !== undefined && before.version !== input.version) throw new ConflictError("Someone changed this policy since you opened it; reload to see their version.");
    const clash = all.find((x) => x.name === p.name && x.id !== before?.id);
    if (clash) throw new ValidationError({ name: [`A policy named "${p.name}" already exists.`] });
    const id = await upsertOne(tx, actor, p, before ?? null, now);
    const decisions = await reevaluateDecisions(tx, `policy "${p.name}" ${before ? "changed" : "created"} by ${actor.label}`, { actor, now });
    return { id, decisions };
  });
}

export async function deletePolicy(db: Db, actor: Actor, id: string, now = new Date()): Promise<ReevaluationResult> {
  assertCan(actor, "policies.write");
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(policies).where(eq(policies.id, id)).returning({ id: policies.id, name: policies.name, action: policies.action, conditions: policies.conditions });
    if (!row) throw new NotFoundError("That policy no longer exists.");
    await writeAudit(tx, actor, { action: "policy.delete", targetType: "policy", targetId: id, detail: { name: row.name, action: row.action, conditions: row.conditions } });
    return reevaluateDecisions(tx, `policy "${row.name}" deleted by ${actor.label}`, { actor, now });
  });
}

/** What `proposed` (a file or one policy, upserted by name into the current set) would decide, without saving anything. */
export async function simulatePolicies(db: Db, actor: Actor, input: unknown, options: { replaceAll?: boolean; exclude?: string[]; now?: Date } = {}): Promise<SimulationResult> {
  assertCan(actor, "policies.read");
  const now = options.now ?? new Date();
  const file = parseOrThrow(policyFileSchema, input);
  const current = await loadPolicies(db);
  const proposedDefs = file.policies.map(toPolicyDefinition);
  const names = new Set(proposedDefs.map((p) => p.name));
  const left = new Set([...names, ...(options.exclude ?? [])]);
  const proposed: Policy[] = options.replaceAll ? proposedDefs : [...current.filter((p) => !left.has(p.name)), ...proposedDefs];
  const subjects = await loadDependencySubjects(db, now);
  const items = subjects.map((s) => ({ key: s.dependencyId, subject: s.subject, exception: s.exception }));
  const result = simulate(items, current, proposed, { defaultAction: await getDefaultAction(db), now });
  // Only the proposed policies' impacts interest the caller.
  return { ...result, byPolicy: result.byPolicy.filter((b) => names.has(b.name)) };
}

export async function setDefaultAction(db: Db, actor: Actor, input: unknown, now = new Date()): Promise<{ defaultAction: PolicyAction; decisions: ReevaluationResult }> {
  assertCan(actor, "policies.configure");
  const action = parseOrThrow(z.object({ defaultAction: z.enum(POLICY_ACTIONS) }).strict(), input).defaultAction;
  return db.transaction(async (tx) => {
    const before = await getDefaultAction(tx);
    await tx.insert(appSettings).values({ key: DEFAULT_ACTION_KEY, value: action }).onConflictDoUpdate({ target: appSettings.key, set: { value: action, updatedAt: now } });
    await writeAudit(tx, actor, { action: "policy.default_action.update", targetType: "setting", targetId: DEFAULT_ACTION_KEY, detail: { before, after: action } });
    const decisions = await reevaluateDecisions(tx, `default action set to ${action} by ${actor.label}`, { actor, now });
    return { defaultAction: action, decisions };
  });
}

// ------------------------------------------------------------------------------------ exceptions

export interface ExceptionView {
  id: string;
  application: string;
  provider: string | null;
  providerName: string | null;
  host: string | null;
  owner: string;
  justification: string;
  expiresAt: string;
  createdBy: string;
  createdAt: string;
  status: "active" | "expired" | "revoked";
}

export async function listExceptions(db: Db, actor: Actor, filter: { application?: string; includeEnded?: boolean } = {}): Promise<ExceptionView[]> {
  assertCan(actor, "policies.read");
  const rows = rowsOf<{ id: string; application: string; provider: string | null; provider_name: string | null; host: string | null; owner: string; justification: string; expires_at: string | Date; created_by_label: string; created_at: string | Date; revoked_at: string | Date | null }>(
    await db.execute(sql`
      select e.id, a.slug as application, p.slug as provider, p.name as provider_name, e.host, e.owner, e.justification, e.expires_at, e.created_by_label, e.created_at, e.revoked_at
      from policy_exceptions e join applications a on a.id = e.application_id left join providers p on p.id = e.provider_id
      where ${filter.application ? sql`a.slug = ${filter.application}` : sql`true`}
        and ${filter.includeEnded ? sql`true` : sql`e.revoked_at is null and e.expires_at > now()`}
      order by e.expires_at asc limit 1000`),
  );
  const now = Date.now();
  return rows.map((r) => ({
    id: r.id,
    application: r.application,
    provider: r.provider,
    providerName: r.provider_name,
    host: r.host,
    owner: r.owner,
    justification: r.justification,
    expiresAt: new Date(r.expires_at).toISOString(),
    createdBy: r.created_by_label,
    createdAt: new Date(r.created_at).toISOString(),
    status: r.revoked_at ? "revoked" : new Date(r.expires_at).getTime() <= now ? "expired" : "active",
  }));
}

/** Grants an exception (replacing a live one for the same application × target) and re-decides that application. */
export async function createException(db: Db, actor: Actor, input: unknown, now = new Date()): Promise<{ id: string; decisions: ReevaluationResult }> {
  assertCan(actor, "policies.write");
  const e = parseOrThrow(exceptionSchema, input);
  const expiryProblem = exceptionExpiryProblem(e.expiresAt, now);
  if (expiryProblem) throw new ValidationError({ expiresAt: [expiryProblem] });
  const host = e.host ? normalizeHost(e.host) : null;
  if (e.host && !host) throw new ValidationError({ host: ["host must be a DNS name or IPv4 address"] });
  return db.transaction(async (tx) => {
    const [app] = await tx.select({ id: applications.id }).from(applications).where(eq(applications.slug, e.application));
    if (!app) throw new ValidationError({ application: [`No application "${e.application}".`] });
    let providerId: string | null = null;
    if (e.provider) {
      const [p] = await tx.select({ id: providers.id }).from(providers).where(eq(providers.slug, e.provider));
      if (!p) throw new ValidationError({ provider: [`No provider "${e.provider}".`] });
      providerId = p.id;
    }
    const targetCondition = providerId ? eq(policyExceptions.providerId, providerId) : eq(policyExceptions.host, host ?? "");
    const replaced = await tx
      .update(policyExceptions)
      .set({ revokedAt: now, revokedByLabel: actor.label, updatedAt: now })
      .where(and(eq(policyExceptions.applicationId, app.id), targetCondition, isNull(policyExceptions.revokedAt)))
      .returning({ id: policyExceptions.id });
    const [row] = await tx
      .insert(policyExceptions)
      .values({ applicationId: app.id, providerId, host: providerId ? null : host, owner: e.owner, justification: e.justification, expiresAt: e.expiresAt, createdById: actor.userId ?? null, createdByLabel: actor.label })
      .returning({ id: policyExceptions.id });
    await writeAudit(tx, actor, { action: "policy.exception.create", targetType: "policy_exception", targetId: row.id, detail: { application: e.application, provider: e.provider ?? null, host, owner: e.owner, justification: e.justification, expiresAt: e.expiresAt.toISOString(), replaced: replaced.map((r) => r.id) } });
    const decisions = await reevaluateDecisions(tx, `exception granted by ${actor.label} (${e.application} → ${e.provider ?? host})`, { actor, now, applicationIds: [app.id] });
    return { id: row.id, decisions };
  });
}

export async function revokeException(db: Db, actor: Actor, id: string, now = new Date()): Promise<ReevaluationResult> {
  assertCan(actor, "policies.write");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(policyExceptions)
      .set({ revokedAt: now, revokedByLabel: actor.label, updatedAt: now })
      .where(and(eq(policyExceptions.id, id), isNull(policyExceptions.revokedAt)))
      .returning({ id: policyExceptions.id, applicationId: policyExceptions.applicationId });
    if (!row) throw new NotFoundError("No live exception with that id.");
    await writeAudit(tx, actor, { action: "policy.exception.revoke", targetType: "policy_exception", targetId: id, detail: {} });
    return reevaluateDecisions(tx, `exception revoked by ${actor.label}`, { actor, now, applicationIds: [row.applicationId] });
  });
}

/** Re-decides the applications whose exceptions expired since the last run (the job queue calls it every minute). */
export async function processExpiredExceptions(db: Db, now = new Date()): Promise<number> {
  return db.transaction(async (tx) => {
    const expired = rowsOf<{ id: string; application_id: string }>(
      await tx.execute(sql`
        update policy_exceptions set expiry_processed_at = ${now.toISOString()}::timestamptz
        where revoked_at is null and expiry_processed_at is null and expires_at <= ${now.toISOString()}::timestamptz
        returning id, application_id`),
    );
    if (!expired.length) return 0;
    const apps = [...new Set(expired.map((e) => e.application_id))];
    await writeAudit(tx, { label: "system", role: "admin" }, { action: "policy.exception.expired", targetType: "policy_exception", targetId: expired.length === 1 ? expired[0].id : null, detail: { ids: expired.map((e) => e.id) } });
    await reevaluateDecisions(tx, `${expired.length} exception${expired.length === 1 ? "" : "s"} expired`, { now, applicationIds: apps });
    return expired.length;
  });
}

export interface DecisionChangeView {
  id: number;
  at: string;
  application: string;
  target: string;
  dependencyId: string;
  from: PolicyAction | null;
  to: PolicyAction;
  policy: string | null;
  mode: string;
  reason: string;
  cause: string;
}

/** Decision history, newest first: of one dependency, one application, or everything. */
export async function listDecisionChanges(db: Db, actor: Actor, filter: { dependencyId?: string; application?: string; limit?: number } = {}): Promise<DecisionChangeView[]> {
  assertCan(actor, "policies.read");
  const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
  const rows = rowsOf<{ id: string | number; at: string | Date; application: string; target: string; dependency_id: string; from_decision: PolicyAction | null; to_decision: PolicyAction; policy_name: string | null; mode: string; reason: string; cause: string }>(
    await db.execute(sql`
      select c.id, c.at, a.slug as application, coalesce(p.name, d.host, 'internal API') as target, c.dependency_id, c.from_decision, c.to_decision, c.policy_name, c.mode, c.reason, c.cause
      from decision_changes c
      join applications a on a.id = c.application_id
      join dependencies d on d.id = c.dependency_id
      left join providers p on p.id = d.provider_id
      where ${filter.dependencyId ? sql`c.dependency_id = ${filter.dependencyId}::uuid` : sql`true`} and ${filter.application ? sql`a.slug = ${filter.application}` : sql`true`}
      order by c.at desc, c.id desc limit ${limit}`),
  );
  return rows.map((r) => ({ id: Number(r.id), at: new Date(r.at).toISOString(), application: r.application, target: r.target, dependencyId: r.dependency_id, from: r.from_decision, to: r.to_decision, policy: r.policy_name, mode: r.mode, reason: r.reason, cause: r.cause }));
}

/** Quarantined and require-approval counts (dependencies and applications), for the Overview. */
export async function decisionCounts(db: Db): Promise<Record<PolicyAction, { dependencies: number; applications: number }>> {
  const rows = rowsOf<{ decision: PolicyAction; n: string | number; apps: string | number }>(await db.execute(sql`select decision, count(*) as n, count(distinct application_id) as apps from dependency_decisions group by decision`));
  const out = { allow: { dependencies: 0, applications: 0 }, alert: { dependencies: 0, applications: 0 }, require_approval: { dependencies: 0, applications: 0 }, quarantine: { dependencies: 0, applications: 0 } };
  for (const r of rows) out[r.decision] = { dependencies: Number(r.n), applications: Number(r.apps) };
  return out;
}

export const quarantineInputSchema = z
  .object({
    provider: z.string().trim().min(1).max(120).optional(),
    /** An unclassified host, instead of a provider. */
    host: z.string().trim().toLowerCase().min(1).max(253).optional(),
    /** Quarantine only for this application; every application when absent. */
    application: z.string().trim().min(1).max(120).optional(),
    justification: z.string().trim().min(10, "give a justification of at least 10 characters").max(2000),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!q.provider === !q.host) ctx.addIssue({ code: "custom", path: ["provider"], message: "give a provider or a host (not both)" });
    if (q.host && !q.application) ctx.addIssue({ code: "custom", path: ["application"], message: "an unclassified host is quarantined for one application" });
  });

/**
 * The one-step Quarantine action: an enforce-mode policy at the top of the order (priority 0) that
 * quarantines a provider (for every application, or one) or one application's unclassified host.
 * Its description carries the justification; re-quarantining the same target updates it.
 */
export async function quarantineTarget(db: Db, actor: Actor, input: unknown, now = new Date()): Promise<{ id: string; name: string; decisions: ReevaluationResult }> {
  assertCan(actor, "policies.write");
  const q = parseOrThrow(quarantineInputSchema, input);
  const host = q.host ? normalizeHost(q.host) : null;
  if (q.host && !host) throw new ValidationError({ host: ["host must be a DNS name or IPv4 address"] });
  if (q.provider) {
    const [p] = await db.select({ id: providers.id }).from(providers).where(eq(providers.slug, q.provider));
    if (!p) throw new ValidationError({ provider: [`No provider "${q.provider}".`] });
  }
  if (q.application) {
    const [a] = await db.select({ id: applications.id }).from(applications).where(eq(applications.slug, q.application));
    if (!a) throw new ValidationError({ application: [`No application "${q.application}".`] });
  }
  const target = q.provider ?? host ?? "";
  const name = `Quarantine ${target}${q.application ? ` for ${q.application}` : ""}`;
  const conditions: PolicyDefinition["conditions"] = {
    all: [
      q.provider ? { field: "provider.slug", op: "eq", value: q.provider } : { field: "dependency.host", op: "eq", value: host ?? "" },
      ...(q.application ? [{ field: "application.slug", op: "eq" as const, value: q.application }] : []),
    ],
  };
  const result = await applyPolicyFile(db, actor, { policies: [{ name, description: `${q.justification} (quarantined by ${actor.label} on ${now.toISOString().slice(0, 10)})`, priority: 0, mode: "enforce", action: "quarantine", enabled: true, conditions }] }, now);
  const [row] = await db.select({ id: policies.id }).from(policies).where(eq(policies.name, name));
  return { id: row.id, name, decisions: result.decisions };
}
