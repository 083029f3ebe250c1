import "server-only";
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, dependencies, providers, teams } from "@/db/schema";
import { likePattern, type Page } from "@/lib/validation/list-query";
import type { ProviderListQuery } from "@/lib/validation/lists";
import { assertCan, type Actor } from "../actor";
import { dependentApplicationsSql, providerContextualRiskSql } from "./dependents";

export interface ProviderRow {
  id: string;
  slug: string;
  name: string;
  category: string;
  website: string | null;
  hostPatterns: string[];
  dependents: number;
  /** Riskiest current dependency risk on this provider (0–100), null when none is scored. */
  risk: number | null;
  score: number | null;
  grade: string | null;
  confidence: number | null;
  assessedAt: string | null;
}

const dependents = dependentApplicationsSql;
const contextualRisk = providerContextualRiskSql;
// Latest score columns, by correlated subquery on (provider_id, computed_at).
const latest = (column: string) => sql.raw(`(select ps.${column} from provider_scores ps where ps.provider_id = "providers"."id" order by ps.computed_at desc, ps.id desc limit 1)`);
const latestScore = sql<number | null>`${latest("score")}`;
const latestGrade = sql<string | null>`${latest("grade")}`;
const latestConfidence = sql<number | null>`${latest("confidence")}`;
// Last assessed: a rescore that found nothing changed moves assessed_at, not computed_at.
const latestAt = sql<string | null>`${sql.raw(`(select coalesce(ps.assessed_at, ps.computed_at) from provider_scores ps where ps.provider_id = "providers"."id" order by ps.computed_at desc, ps.id desc limit 1)`)}`;

export async function listProviders(db: Db, actor: Actor, query: ProviderListQuery): Promise<Page<ProviderRow>> {
  assertCan(actor, "providers.read");
  const conditions: SQL[] = [];
  if (query.q) {
    const p = likePattern(query.q);
    const match = or(ilike(providers.name, p), ilike(providers.slug, p), sql`array_to_string(${providers.hostPatterns}, ' ') ilike ${p}`);
    if (match) conditions.push(match);
  }
  if (query.category) conditions.push(eq(providers.category, query.category));
  if (query.used === "used") conditions.push(sql`${dependents} > 0`);
  if (query.used === "unused") conditions.push(sql`${dependents} = 0`);
  if (query.grade === "none") conditions.push(sql`${latestGrade} is null`);
  else if (query.grade) conditions.push(sql`${latestGrade} = ${query.grade}`);
  const where = conditions.length ? and(...conditions) : undefined;
  const column = {
    name: providers.name,
    category: providers.category,
    dependents,
    risk: contextualRisk,
    hosts: sql`cardinality(${providers.hostPatterns})`,
    score: latestScore,
    grade: sql`coalesce(${latestGrade}, 'Z')`,
    confidence: latestConfidence,
    assessed: latestAt,
  }[query.sort];
  const order = query.dir === "asc" ? sql`${column} asc nulls last` : sql`${column} desc nulls last`;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: providers.id,
        slug: providers.slug,
        name: providers.name,
        category: providers.category,
        website: providers.website,
        hostPatterns: providers.hostPatterns,
        dependents,
        risk: contextualRisk,
        score: latestScore,
        grade: latestGrade,
        confidence: latestConfidence,
        assessedAt: latestAt,
      })
      .from(providers)
      .where(where)
      .orderBy(order, ...(query.sort === "risk" ? [sql`${dependents} desc`] : []), asc(providers.slug))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(providers).where(where),
  ]);
  return {
    rows: rows.map((r) => ({
      ...r,
      score: r.score === null ? null : Number(r.score),
      risk: r.risk === null ? null : Number(r.risk),
      confidence: r.confidence === null ? null : Number(r.confidence),
      assessedAt: r.assessedAt ? new Date(r.assessedAt).toISOString() : null,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function listProviderCategories(db: Db, actor: Actor): Promise<string[]> {
  assertCan(actor, "providers.read");
  const rows = await db.selectDistinct({ category: providers.category }).from(providers).orderBy(asc(providers.category));
  return rows.map((r) => r.category);
}

export async function getProvider(db: Db, actor: Actor, slug: string) {
  assertCan(actor, "providers.read");
  const [provider] = await db
    .select({
      id: providers.id,
      slug: providers.slug,
      name: providers.name,
      category: providers.category,
      website: providers.website,
      description: providers.description,
      hostPatterns: providers.hostPatterns,
      sdkPackages: providers.sdkPackages,
    })
    .from(providers)
    .where(eq(providers.slug, slug))
    .limit(1);
  if (!provider) return null;
  const dependentApps = await db
    .select({
      slug: applications.slug,
      name: applications.name,
      criticality: applications.criticality,
      teamName: teams.name,
      sources: dependencies.sources,
      callCount: dependencies.callCount,
      dataClasses: dependencies.dataClasses,
      lastSeenAt: dependencies.lastSeenAt,
    })
    .from(dependencies)
    .innerJoin(applications, eq(applications.id, dependencies.applicationId))
    .leftJoin(teams, eq(teams.id, applications.ownerTeamId))
    .where(eq(dependencies.providerId, provider.id))
    .orderBy(asc(applications.criticality), desc(dependencies.callCount))
    .limit(500);
  return { ...provider, dependents: dependentApps.map((d) => ({ ...d, lastSeenAt: d.lastSeenAt?.toISOString() ?? null })) };
}
