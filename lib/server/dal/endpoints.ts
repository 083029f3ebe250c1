import "server-only";
import { and, asc, count, desc, eq, gte, ilike, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, endpoints, internalApis } from "@/db/schema";
import { likePattern, type Page } from "@/lib/validation/list-query";
import type { EndpointListQuery } from "@/lib/validation/lists";
import { assertCan, type Actor } from "../actor";

export interface EndpointRow {
  id: string;
  app: { slug: string; name: string };
  api: string | null;
  method: string;
  path: string;
  status: "documented" | "orphan" | "shadow" | "zombie" | "deprecated";
  statusRule: string | null;
  deprecated: boolean;
  inferred: boolean;
  confidence: number | null;
  calls: number;
  firstSeen: string | null;
  lastSeen: string | null;
  samples: string[];
  reasons: string[];
}

function filters(query: EndpointListQuery, now: Date, withStatus = true): SQL | undefined {
  const conditions: SQL[] = [];
  if (query.app) conditions.push(eq(applications.slug, query.app));
  if (query.api) conditions.push(eq(internalApis.name, query.api));
  if (withStatus && query.status) conditions.push(eq(endpoints.status, query.status));
  if (query.method) conditions.push(eq(endpoints.method, query.method));
  if (query.seen === "never") conditions.push(isNull(endpoints.lastSeenAt));
  else if (query.seen) conditions.push(gte(endpoints.lastSeenAt, new Date(now.getTime() - Number(query.seen) * 86_400_000)));
  if (query.q) conditions.push(ilike(endpoints.pathTemplate, likePattern(query.q)));
  return conditions.length ? and(...conditions) : undefined;
}

export async function listEndpoints(db: Db, actor: Actor, query: EndpointListQuery, now = new Date()): Promise<Page<EndpointRow> & { statusCounts: Record<string, number> }> {
  assertCan(actor, "inventory.read");
  const where = filters(query, now);
  const column = {
    path: endpoints.pathTemplate,
    method: endpoints.method,
    status: endpoints.status,
    calls: endpoints.callCount,
    lastSeen: endpoints.lastSeenAt,
    app: applications.slug,
  }[query.sort];
  const order = query.dir === "asc" ? asc(column) : sql`${column} desc nulls last`;
  const base = () => db.select({ n: count() }).from(endpoints).innerJoin(applications, eq(applications.id, endpoints.applicationId)).leftJoin(internalApis, eq(internalApis.id, endpoints.apiId));
  const [rows, [{ n: total }], byStatus] = await Promise.all([
    db
      .select({
        id: endpoints.id,
        appSlug: applications.slug,
        appName: applications.name,
        api: internalApis.name,
        method: endpoints.method,
        path: endpoints.pathTemplate,
        status: endpoints.status,
        statusRule: endpoints.statusRule,
        deprecated: endpoints.deprecated,
        inferred: endpoints.inferred,
        confidence: endpoints.inferenceConfidence,
        calls: endpoints.callCount,
        firstSeen: endpoints.firstSeenAt,
        lastSeen: endpoints.lastSeenAt,
        samples: endpoints.samples,
        reasons: endpoints.inferenceReasons,
      })
      .from(endpoints)
      .innerJoin(applications, eq(applications.id, endpoints.applicationId))
      .leftJoin(internalApis, eq(internalApis.id, endpoints.apiId))
      .where(where)
      .orderBy(order, asc(endpoints.pathTemplate), asc(endpoints.method), asc(endpoints.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    base().where(where),
    db
      .select({ status: endpoints.status, n: count() })
      .from(endpoints)
      .innerJoin(applications, eq(applications.id, endpoints.applicationId))
      .leftJoin(internalApis, eq(internalApis.id, endpoints.apiId))
      .where(filters(query, now, false))
      .groupBy(endpoints.status),
  ]);
  const statusCounts: Record<string, number> = { documented: 0, orphan: 0, shadow: 0, zombie: 0, deprecated: 0 };
  for (const s of byStatus) statusCounts[s.status] = s.n;
  return {
    rows: rows.map(({ appSlug, appName, firstSeen, lastSeen, ...r }) => ({
      ...r,
      app: { slug: appSlug, name: appName },
      firstSeen: firstSeen?.toISOString() ?? null,
      lastSeen: lastSeen?.toISOString() ?? null,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
    statusCounts,
  };
}

export async function listApiNames(db: Db, actor: Actor, appSlug?: string): Promise<string[]> {
  assertCan(actor, "inventory.read");
  const rows = await db
    .selectDistinct({ name: internalApis.name })
    .from(internalApis)
    .innerJoin(applications, eq(applications.id, internalApis.applicationId))
    .where(appSlug ? eq(applications.slug, appSlug) : undefined)
    .orderBy(asc(internalApis.name))
    .limit(500);
  return rows.map((r) => r.name);
}

export { desc };
