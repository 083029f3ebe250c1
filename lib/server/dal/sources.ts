import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, pullSources } from "@/db/schema";
import { parseOrThrow, ValidationError } from "@/lib/validation/errors";
import { createSourceSchema, sourceIdSchema } from "@/lib/validation/sources";
import { assertCan, type Actor } from "../actor";
import { writeAudit } from "../audit";

export interface SourceRow {
  id: string;
  kind: string;
  url: string;
  app: string | null;
  apiName: string | null;
  intervalMinutes: number;
  enabled: boolean;
  lastPulledAt: string | null;
  lastStatus: string | null;
  lastError: string | null;
  lastRunId: string | null;
}

export async function listSources(db: Db, actor: Actor): Promise<SourceRow[]> {
  assertCan(actor, "sources.manage");
  const rows = await db
    .select({
      id: pullSources.id,
      kind: pullSources.kind,
      url: pullSources.url,
      app: applications.slug,
      apiName: pullSources.apiName,
      intervalMinutes: pullSources.intervalMinutes,
      enabled: pullSources.enabled,
      lastPulledAt: pullSources.lastPulledAt,
      lastStatus: pullSources.lastStatus,
      lastError: pullSources.lastError,
      lastRunId: pullSources.lastRunId,
    })
    .from(pullSources)
    .leftJoin(applications, eq(applications.id, pullSources.applicationId))
    .orderBy(desc(pullSources.createdAt))
    .limit(500);
  return rows.map((r) => ({ ...r, lastPulledAt: r.lastPulledAt?.toISOString() ?? null }));
}

export async function createSource(db: Db, actor: Actor, input: unknown): Promise<{ id: string }> {
  assertCan(actor, "sources.manage");
  const data = parseOrThrow(createSourceSchema, input);
  return db.transaction(async (tx) => {
    let applicationId: string | null = null;
    if (data.app) {
      const [app] = await tx.select({ id: applications.id }).from(applications).where(eq(applications.slug, data.app));
      if (!app) throw new ValidationError({ app: [`No application "${data.app}"; create it first (for example by ingesting a spec)`] });
      applicationId = app.id;
    }
    const [row] = await tx
      .insert(pullSources)
      .values({ kind: data.kind, url: data.url, applicationId, apiName: data.apiName ?? null, intervalMinutes: data.intervalMinutes, createdById: actor.userId ?? null })
      .onConflictDoNothing()
      .returning({ id: pullSources.id });
    if (!row) throw new ValidationError({ url: ["This URL is already registered for that application"] });
    await writeAudit(tx, actor, { action: "source.create", targetType: "pull_source", targetId: row.id, detail: { kind: data.kind, url: data.url, app: data.app ?? null, intervalMinutes: data.intervalMinutes } });
    return row;
  });
}

export async function deleteSource(db: Db, actor: Actor, input: unknown): Promise<void> {
  assertCan(actor, "sources.manage");
  const { sourceId } = parseOrThrow(sourceIdSchema, input);
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(pullSources).where(eq(pullSources.id, sourceId)).returning({ url: pullSources.url });
    if (!row) throw new ValidationError({ sourceId: ["Unknown source"] });
    await writeAudit(tx, actor, { action: "source.delete", targetType: "pull_source", targetId: sourceId, detail: { url: row.url } });
  });
}

export async function assertSourceExists(db: Db, actor: Actor, input: unknown): Promise<string> {
  assertCan(actor, "sources.manage");
  const { sourceId } = parseOrThrow(sourceIdSchema, input);
  const [row] = await db.select({ id: pullSources.id }).from(pullSources).where(eq(pullSources.id, sourceId));
  if (!row) throw new ValidationError({ sourceId: ["Unknown source"] });
  return row.id;
}
