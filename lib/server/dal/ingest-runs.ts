import "server-only";
import { and, asc, count, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, ingestRuns, users } from "@/db/schema";
import { likePattern, type Page } from "@/lib/validation/list-query";
import type { IngestRunListQuery } from "@/lib/validation/lists";
import { assertCan, type Actor } from "../actor";

export interface IngestRunRow {
  id: string;
  kind: string;
  format: string;
  trigger: string;
  sourceName: string;
  status: string;
  app: string | null;
  startedBy: string | null;
  recordsRead: number;
  recordsAccepted: number;
  recordsRejected: number;
  newEndpoints: number;
  newDependencies: number;
  errors: { location: string; reason: string }[];
  byteSize: number | null;
  startedAt: string;
  finishedAt: string | null;
}

const columns = {
  id: ingestRuns.id,
  kind: ingestRuns.kind,
  format: ingestRuns.format,
  trigger: ingestRuns.trigger,
  sourceName: ingestRuns.sourceName,
  status: ingestRuns.status,
  app: applications.slug,
  startedBy: users.email,
  recordsRead: ingestRuns.recordsRead,
  recordsAccepted: ingestRuns.recordsAccepted,
  recordsRejected: ingestRuns.recordsRejected,
  newEndpoints: ingestRuns.newEndpoints,
  newDependencies: ingestRuns.newDependencies,
  errors: ingestRuns.errors,
  byteSize: ingestRuns.byteSize,
  startedAt: ingestRuns.startedAt,
  finishedAt: ingestRuns.finishedAt,
};

type Raw = { startedAt: Date; finishedAt: Date | null } & Omit<IngestRunRow, "startedAt" | "finishedAt">;
const toRow = (r: Raw): IngestRunRow => ({ ...r, startedAt: r.startedAt.toISOString(), finishedAt: r.finishedAt?.toISOString() ?? null });

export async function listIngestRuns(db: Db, actor: Actor, query: IngestRunListQuery): Promise<Page<IngestRunRow>> {
  assertCan(actor, "inventory.read");
  const conditions: SQL[] = [];
  if (query.kind) conditions.push(eq(ingestRuns.kind, query.kind));
  if (query.status) conditions.push(eq(ingestRuns.status, query.status));
  if (query.app) conditions.push(eq(applications.slug, query.app));
  if (query.q) {
    const match = or(ilike(ingestRuns.sourceName, likePattern(query.q)), ilike(applications.slug, likePattern(query.q)));
    if (match) conditions.push(match);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const column = { started: ingestRuns.startedAt, kind: ingestRuns.kind, status: ingestRuns.status, app: applications.slug }[query.sort];
  const [rows, [{ n }]] = await Promise.all([
    db
      .select(columns)
      .from(ingestRuns)
      .leftJoin(applications, eq(applications.id, ingestRuns.applicationId))
      .leftJoin(users, eq(users.id, ingestRuns.startedById))
      .where(where)
      .orderBy(query.dir === "asc" ? asc(column) : desc(column), desc(ingestRuns.startedAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(ingestRuns).leftJoin(applications, eq(applications.id, ingestRuns.applicationId)).where(where),
  ]);
  return { rows: rows.map(toRow), total: n, page: query.page, pageSize: query.pageSize };
}

export async function getIngestRun(db: Db, actor: Actor, id: string): Promise<IngestRunRow | null> {
  assertCan(actor, "inventory.read");
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db
    .select(columns)
    .from(ingestRuns)
    .leftJoin(applications, eq(applications.id, ingestRuns.applicationId))
    .leftJoin(users, eq(users.id, ingestRuns.startedById))
    .where(eq(ingestRuns.id, id));
  return row ? toRow(row) : null;
}
