import "server-only";
import { and, eq, lte, or, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, pullSources } from "@/db/schema";
import { INGEST_LIMITS } from "@/lib/validation/ingest";
import type { Actor } from "../actor";
import { writeAudit } from "../audit";
import { ingestCatalog } from "../ingest/catalog";
import { ingestOpenApi } from "../ingest/openapi";
import { runTriageMaintenance } from "../triage/maintenance";
import { fetchSource } from "./fetch-source";

const PULL_ACTOR: Actor = { label: "system:pull", role: "admin" };

/** Pulls one registered source now and records the outcome on it. */
export async function pullSource(db: Db, sourceId: string, options: { timeoutMs?: number } = {}): Promise<{ status: string; runId?: string }> {
  const [source] = await db
    .select({
      id: pullSources.id,
      kind: pullSources.kind,
      url: pullSources.url,
      apiName: pullSources.apiName,
      etag: pullSources.etag,
      lastModified: pullSources.lastModified,
      applicationSlug: applications.slug,
    })
    .from(pullSources)
    .leftJoin(applications, eq(applications.id, pullSources.applicationId))
    .where(eq(pullSources.id, sourceId));
  if (!source) return { status: "missing" };
  const kind = source.kind === "catalog" ? "catalog" : "openapi";
  const outcome = await fetchSource(source.url, { etag: source.etag, lastModified: source.lastModified, timeoutMs: options.timeoutMs, maxBytes: INGEST_LIMITS[kind] });
  const now = new Date();
  let status: string;
  let error: string | null = null;
  let runId: string | undefined;
  let etag = source.etag;
  let lastModified = source.lastModified;
  if (outcome.kind === "not-modified") {
    status = "not modified";
  } else if (outcome.kind === "error") {
    status = "error";
    error = outcome.message;
  } else {
    const ctx = { db, actor: PULL_ACTOR, trigger: "pull" };
    const summary =
      kind === "catalog"
        ? await ingestCatalog(ctx, { text: outcome.text, sourceName: source.url })
        : await ingestOpenApi(ctx, { text: outcome.text, appSlug: source.applicationSlug ?? "", apiName: source.apiName ?? undefined, sourceName: source.url });
    runId = summary.id;
    status = summary.status;
    if (summary.status === "failed") error = summary.errors.map((e) => `${e.location}: ${e.reason}`).slice(0, 3).join("; ");
    else {
      // The triage clock runs after every ingest.
      if (summary.status === "succeeded") await runTriageMaintenance(db, now);
      etag = outcome.etag;
      lastModified = outcome.lastModified;
    }
  }
  await db.transaction(async (tx) => {
    await tx
      .update(pullSources)
      .set({ lastPulledAt: now, lastStatus: status, lastError: error, etag, lastModified, ...(runId ? { lastRunId: runId } : {}), updatedAt: now })
      .where(eq(pullSources.id, source.id));
    await writeAudit(tx, PULL_ACTOR, { action: "source.pull", targetType: "pull_source", targetId: source.id, detail: { url: source.url, status, error } });
  });
  return { status, runId };
}

/** Sources whose interval has passed since their last pull. */
export async function dueSources(db: Db, now = new Date()): Promise<string[]> {
  const rows = await db
    .select({ id: pullSources.id })
    .from(pullSources)
    .where(
      and(
        eq(pullSources.enabled, true),
        or(isNull(pullSources.lastPulledAt), lte(pullSources.lastPulledAt, sql`${now.toISOString()}::timestamptz - make_interval(mins => ${pullSources.intervalMinutes})`)),
      ),
    );
  return rows.map((r) => r.id);
}
