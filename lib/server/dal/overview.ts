import "server-only";
import { count, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, dependencies, endpoints, internalApis, providers, appSettings } from "@/db/schema";
import { assertCan, type Actor } from "../actor";
import type { PolicyAction } from "@/lib/domain/policies/types";
import { decisionCounts } from "../policies/store";
import { dependentApplicationsSql } from "./dependents";

export interface OverviewFigures {
  applications: number;
  providersInUse: number;
  providersInCatalog: number;
  internalApis: number;
  endpoints: number;
  shadowEndpoints: number;
  zombieEndpoints: number;
  applicationsByCriticality: { tier: number; count: number }[];
  topProviders: { slug: string; name: string; dependents: number }[];
}

export async function getOverview(db: Db, actor: Actor): Promise<OverviewFigures> {
  assertCan(actor, "overview.read");
  const [[apps], [inUse], [catalog], [apis], byStatus, byTier, top] = await Promise.all([
    db.select({ n: count() }).from(applications),
    db.select({ n: sql<number>`count(distinct ${dependencies.providerId})`.mapWith(Number) }).from(dependencies),
    db.select({ n: count() }).from(providers),
    db.select({ n: count() }).from(internalApis),
    db.select({ status: endpoints.status, n: count() }).from(endpoints).groupBy(endpoints.status),
    db.select({ tier: applications.criticality, n: count() }).from(applications).groupBy(applications.criticality).orderBy(applications.criticality),
    db
      .select({ slug: providers.slug, name: providers.name, dependents: dependentApplicationsSql })
      .from(providers)
      .where(sql`exists (select 1 from ${dependencies} where ${dependencies.providerId} = ${providers}.${sql.identifier(providers.id.name)})`)
      .orderBy(sql`${dependentApplicationsSql} desc`, providers.name)
      .limit(10),
  ]);
  return {
    applications: apps.n,
    providersInUse: inUse.n,
    providersInCatalog: catalog.n,
    internalApis: apis.n,
    endpoints: byStatus.reduce((a, r) => a + r.n, 0),
    shadowEndpoints: byStatus.find((r) => r.status === "shadow")?.n ?? 0,
    zombieEndpoints: byStatus.find((r) => r.status === "zombie")?.n ?? 0,
    applicationsByCriticality: [1, 2, 3, 4].map((tier) => ({ tier, count: byTier.find((r) => r.tier === tier)?.n ?? 0 })),
    topProviders: top,
  };
}

/** True while the demo organisation is loaded; every page then shows a demo banner. */
export async function isDemoLoaded(db: Db): Promise<boolean> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, "demo")).limit(1);
  return Boolean(row && (row.value as { loaded?: boolean }).loaded);
}

/** Dependencies (and the applications they belong to) by current connectivity decision: one grouped query. */
export async function getDecisionCounts(db: Db, actor: Actor): Promise<Record<PolicyAction, { dependencies: number; applications: number }>> {
  assertCan(actor, "policies.read");
  return decisionCounts(db);
}
