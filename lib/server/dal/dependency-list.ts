import "server-only";
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, dependencies, dependencyDecisions, providers, teams } from "@/db/schema";
import type { PolicyAction } from "@/lib/domain/policies/types";
import type { RiskBand } from "@/lib/domain/scoring/dependency-risk";
import { likePattern, type Page } from "@/lib/validation/list-query";
import type { DependencyListQuery } from "@/lib/validation/lists";
import { assertCan, type Actor } from "../actor";

export interface DependencyListRow {
  id: string;
  appSlug: string;
  appName: string;
  criticality: number;
  team: string | null;
  /** Null for an unclassified host or internal API (listed only when filtering by decision). */
  providerSlug: string | null;
  providerName: string | null;
  host: string | null;
  sources: string[];
  calls: number;
  dataClasses: string[];
  declaredClasses: string[];
  narrowedClasses: string[] | null;
  risk: number | null;
  band: RiskBand | null;
  likelihood: number | null;
  impact: number | null;
  /** The current connectivity decision; null until the dependency was evaluated. */
  decision: PolicyAction | null;
  decisionMode: string | null;
  policyName: string | null;
}

/**
 * Every application → provider dependency with its current risk and decision: what a heat-map cell, a
 * band or a decision count links to. Filtered by decision, unclassified hosts are listed too, since
 * policies decide them as well (the Overview's decision counts include them).
 */
export async function listDependencies(db: Db, actor: Actor, query: DependencyListQuery): Promise<Page<DependencyListRow>> {
  assertCan(actor, "applications.read");
  const conditions: SQL[] = query.decision ? [eq(dependencyDecisions.decision, query.decision)] : [sql`${dependencies.providerId} is not null`];
  if (query.likelihood) conditions.push(eq(dependencies.likelihood, query.likelihood));
  if (query.impact) conditions.push(eq(dependencies.impact, query.impact));
  if (query.band) conditions.push(eq(dependencies.riskBand, query.band));
  if (query.app) conditions.push(eq(applications.slug, query.app));
  if (query.provider) conditions.push(eq(providers.slug, query.provider));
  if (query.q) {
    const p = likePattern(query.q);
    const match = or(ilike(applications.name, p), ilike(applications.slug, p), ilike(providers.name, p), ilike(providers.slug, p), ilike(dependencies.host, p));
    if (match) conditions.push(match);
  }
  const where = and(...conditions);
  const column = { risk: dependencies.risk, app: applications.name, provider: sql`coalesce(${providers.name}, ${dependencies.host})`, calls: dependencies.callCount, criticality: applications.criticality }[query.sort];
  const order = query.dir === "asc" ? sql`${column} asc nulls last` : sql`${column} desc nulls last`;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: dependencies.id,
        appSlug: applications.slug,
        appName: applications.name,
        criticality: applications.criticality,
        team: teams.name,
        providerSlug: providers.slug,
        providerName: providers.name,
        host: dependencies.host,
        sources: dependencies.sources,
        calls: dependencies.callCount,
        dataClasses: dependencies.dataClasses,
        declaredClasses: applications.dataClasses,
        narrowedClasses: dependencies.narrowedDataClasses,
        risk: dependencies.risk,
        band: dependencies.riskBand,
        likelihood: dependencies.likelihood,
        impact: dependencies.impact,
        decision: dependencyDecisions.decision,
        decisionMode: dependencyDecisions.mode,
        policyName: dependencyDecisions.policyName,
      })
      .from(dependencies)
      .innerJoin(applications, eq(applications.id, dependencies.applicationId))
      .leftJoin(providers, eq(providers.id, dependencies.providerId))
      .leftJoin(dependencyDecisions, eq(dependencyDecisions.dependencyId, dependencies.id))
      .leftJoin(teams, eq(teams.id, applications.ownerTeamId))
      .where(where)
      .orderBy(order, asc(applications.criticality), desc(dependencies.callCount), asc(dependencies.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ total: count() })
      .from(dependencies)
      .innerJoin(applications, eq(applications.id, dependencies.applicationId))
      .leftJoin(providers, eq(providers.id, dependencies.providerId))
      .leftJoin(dependencyDecisions, eq(dependencyDecisions.dependencyId, dependencies.id))
      .where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r, band: (r.band as RiskBand | null) ?? null })), total, page: query.page, pageSize: query.pageSize };
}
