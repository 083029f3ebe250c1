import "server-only";
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, dependencies, providers, teams } from "@/db/schema";
import { likePattern, type Page } from "@/lib/validation/list-query";
import type { ProviderListQuery } from "@/lib/validation/lists";
import { assertCan, type Actor } from "../actor";

export interface ProviderRow {
  id: string;
  slug: string;
  name: string;
  category: string;
  website: string | null;
  hostPatterns: string[];
  dependents: number;
}

// The outer reference is spelled out: in a single-table select Drizzle strips the
// table name from columns inside SQL expressions, and a bare "id" would then
// resolve to dependencies.id inside the subquery (every count was 0).
const dependents = sql<number>`(select count(distinct ${dependencies.applicationId}) from ${dependencies} where ${dependencies.providerId} = ${providers}.${sql.identifier(providers.id.name)})`.mapWith(Number);

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
  const where = conditions.length ? and(...conditions) : undefined;
  const column = {
    name: providers.name,
    category: providers.category,
    dependents,
    hosts: sql`cardinality(${providers.hostPatterns})`,
  }[query.sort];
  const order = query.dir === "asc" ? asc(column) : desc(column);
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
      })
      .from(providers)
      .where(where)
      .orderBy(order, asc(providers.slug))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(providers).where(where),
  ]);
  return { rows, total, page: query.page, pageSize: query.pageSize };
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
      source: dependencies.source,
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
