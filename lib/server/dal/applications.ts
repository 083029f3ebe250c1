import "server-only";
import { and, asc, count, countDistinct, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, dependencies, dependencyDecisions, endpoints, internalApis, policyExceptions, providers, teams } from "@/db/schema";
import type { PolicyAction } from "@/lib/domain/policies/types";
import { likePattern, type Page } from "@/lib/validation/list-query";
import type { ApplicationListQuery } from "@/lib/validation/lists";
import { assertCan, type Actor } from "../actor";

export interface ApplicationRow {
  id: string;
  slug: string;
  name: string;
  team: { slug: string; name: string } | null;
  criticality: number;
  dataClasses: string[];
  environment: string;
  lifecycle: string;
  providerCount: number;
  isDemo: boolean;
}

const providerCount = sql<number>`(select count(distinct ${dependencies.providerId}) from ${dependencies} where ${dependencies.applicationId} = ${applications.id} and ${dependencies.providerId} is not null)`.mapWith(Number);

export async function listApplications(db: Db, actor: Actor, query: ApplicationListQuery): Promise<Page<ApplicationRow>> {
  assertCan(actor, "applications.read");
  const conditions: SQL[] = [];
  if (query.q) {
    const p = likePattern(query.q);
    const match = or(ilike(applications.name, p), ilike(applications.slug, p), ilike(teams.name, p));
    if (match) conditions.push(match);
  }
  if (query.team) conditions.push(eq(teams.slug, query.team));
  if (query.criticality) conditions.push(eq(applications.criticality, query.criticality));
  if (query.dataClass) conditions.push(sql`${query.dataClass}::data_class = any(${applications.dataClasses})`);
  const where = conditions.length ? and(...conditions) : undefined;

  const sortColumn = {
    name: applications.name,
    team: teams.name,
    criticality: applications.criticality,
    providers: providerCount,
    environment: applications.environment,
    lifecycle: applications.lifecycle,
    updated: applications.updatedAt,
  }[query.sort];
  const order = query.dir === "asc" ? asc(sortColumn) : desc(sortColumn);

  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: applications.id,
        slug: applications.slug,
        name: applications.name,
        teamSlug: teams.slug,
        teamName: teams.name,
        criticality: applications.criticality,
        dataClasses: applications.dataClasses,
        environment: applications.environment,
        lifecycle: applications.lifecycle,
        providerCount,
        isDemo: applications.isDemo,
      })
      .from(applications)
      .leftJoin(teams, eq(teams.id, applications.ownerTeamId))
      .where(where)
      .orderBy(order, asc(applications.slug))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(applications).leftJoin(teams, eq(teams.id, applications.ownerTeamId)).where(where),
  ]);
  return {
    rows: rows.map(({ teamSlug, teamName, ...r }) => ({ ...r, team: teamSlug && teamName ? { slug: teamSlug, name: teamName } : null })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

/** A dependency's current connectivity decision, as the application page shows it. */
export interface DependencyDecisionView {
  action: PolicyAction;
  policyId: string | null;
  /** The deciding policy's name (kept even if the policy was deleted since); null when no policy matched. */
  policyName: string | null;
  mode: "enforce" | "default" | "exception";
  reason: string;
  /** What the policy would have decided without the exception. */
  overridden: PolicyAction | null;
  /** Monitor-mode policies that matched first: what they would have decided. */
  monitored: { policy: string; action: PolicyAction }[];
  since: string | null;
  exception: { id: string; owner: string; expiresAt: string } | null;
}

function monitoredOf(value: unknown): DependencyDecisionView["monitored"] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((m: { policy?: { name?: unknown }; action?: unknown }) => (m && typeof m.policy?.name === "string" && typeof m.action === "string" ? [{ policy: m.policy.name, action: m.action as PolicyAction }] : []));
}

export async function getApplication(db: Db, actor: Actor, slug: string) {
  assertCan(actor, "applications.read");
  const [app] = await db
    .select({
      id: applications.id,
      slug: applications.slug,
      name: applications.name,
      description: applications.description,
      criticality: applications.criticality,
      dataClasses: applications.dataClasses,
      environment: applications.environment,
      lifecycle: applications.lifecycle,
      repositoryUrl: applications.repositoryUrl,
      hosts: applications.hosts,
      declaredHosts: applications.declaredHosts,
      isDemo: applications.isDemo,
      teamSlug: teams.slug,
      teamName: teams.name,
      createdAt: applications.createdAt,
      updatedAt: applications.updatedAt,
    })
    .from(applications)
    .leftJoin(teams, eq(teams.id, applications.ownerTeamId))
    .where(eq(applications.slug, slug))
    .limit(1);
  if (!app) return null;
  const [deps, apis] = await Promise.all([
    db
      .select({
        id: dependencies.id,
        targetKind: dependencies.targetKind,
        providerSlug: providers.slug,
        providerName: providers.name,
        providerCategory: providers.category,
        internalApiName: internalApis.name,
        host: dependencies.host,
        sources: dependencies.sources,
        hosts: dependencies.hosts,
        callCount: dependencies.callCount,
        dataClasses: dependencies.dataClasses,
        lastSeenAt: dependencies.lastSeenAt,
        // The current connectivity decision, read with the row (dependency_decisions is keyed by dependency).
        decision: dependencyDecisions.decision,
        decisionPolicyId: dependencyDecisions.policyId,
        decisionPolicy: dependencyDecisions.policyName,
        decisionMode: dependencyDecisions.mode,
        decisionReason: dependencyDecisions.reason,
        decisionOverridden: dependencyDecisions.overridden,
        decisionMonitored: dependencyDecisions.monitored,
        decisionSince: dependencyDecisions.since,
        exceptionId: policyExceptions.id,
        exceptionOwner: policyExceptions.owner,
        exceptionExpiresAt: policyExceptions.expiresAt,
      })
      .from(dependencies)
      .leftJoin(providers, eq(providers.id, dependencies.providerId))
      .leftJoin(internalApis, eq(internalApis.id, dependencies.internalApiId))
      .leftJoin(dependencyDecisions, eq(dependencyDecisions.dependencyId, dependencies.id))
      .leftJoin(policyExceptions, eq(policyExceptions.id, dependencyDecisions.exceptionId))
      .where(eq(dependencies.applicationId, app.id))
      .orderBy(desc(dependencies.callCount), asc(providers.name))
      .limit(500),
    db
      .select({
        id: internalApis.id,
        name: internalApis.name,
        currentVersion: internalApis.currentVersion,
        lifecycle: internalApis.lifecycle,
        endpointCount: countDistinct(endpoints.id),
      })
      .from(internalApis)
      .leftJoin(endpoints, eq(endpoints.apiId, internalApis.id))
      .where(eq(internalApis.applicationId, app.id))
      .groupBy(internalApis.id)
      .orderBy(asc(internalApis.name)),
  ]);
  return {
    ...app,
    createdAt: app.createdAt.toISOString(),
    updatedAt: app.updatedAt.toISOString(),
    dependencies: deps.map(({ decision, decisionPolicyId, decisionPolicy, decisionMode, decisionReason, decisionOverridden, decisionMonitored, decisionSince, exceptionId, exceptionOwner, exceptionExpiresAt, ...d }) => ({
      ...d,
      lastSeenAt: d.lastSeenAt?.toISOString() ?? null,
      decision: decision
        ? ({
            action: decision,
            policyId: decisionPolicyId,
            policyName: decisionPolicy,
            mode: decisionMode as DependencyDecisionView["mode"],
            reason: decisionReason ?? "",
            overridden: decisionOverridden,
            monitored: monitoredOf(decisionMonitored),
            since: decisionSince?.toISOString() ?? null,
            exception: exceptionId && exceptionExpiresAt ? { id: exceptionId, owner: exceptionOwner ?? "", expiresAt: exceptionExpiresAt.toISOString() } : null,
          } satisfies DependencyDecisionView)
        : null,
    })),
    apis,
  };
}

export async function listTeamsForFilter(db: Db, actor: Actor) {
  assertCan(actor, "applications.read");
  return db.select({ slug: teams.slug, name: teams.name }).from(teams).orderBy(asc(teams.name));
}
