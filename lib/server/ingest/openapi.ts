import "server-only";
import { createHash } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiSpecVersions, endpoints, internalApis } from "@/db/schema";
import { parseOpenApi } from "@/lib/domain/ingest/openapi";
import { SpecTemplateMatcher } from "@/lib/domain/ingest/path-template";
import { specHosts } from "@/lib/domain/ingest/spec-hosts";
import type { ParsedSpec } from "@/lib/domain/ingest/types";
import { apiNameSchema } from "@/lib/validation/ingest";
import { addApplicationHosts, resolveApplication } from "./apps";
import { reclassifyApplication } from "./reconcile";
import { withIngestRun, type IngestContext, type IngestRunSummary, type RunCounters } from "./runs";

export interface OpenApiIngestInput {
  text: string;
  appSlug: string;
  apiName?: string;
  sourceName: string;
}

export function contentHash(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Ingests one OpenAPI/Swagger document as a version of an internal API of `appSlug`. */
export async function ingestOpenApi(ctx: IngestContext, input: OpenApiIngestInput): Promise<IngestRunSummary> {
  const hash = contentHash(`${input.apiName ?? ""}\u0000${input.text}`);
  return withIngestRun(
    ctx,
    { kind: "openapi", format: "openapi", sourceName: input.sourceName, contentHash: hash, byteSize: Buffer.byteLength(input.text), applicationSlug: input.appSlug },
    async (tx, counters) => {
      const spec = await parseOpenApi(input.text);
      await applySpec(tx, ctx, counters, spec, { appSlug: input.appSlug, apiName: input.apiName, contentHash: hash });
    },
  );
}

/** Writes a parsed spec (shared with the Backstage ingest, whose APIs embed specs). */
export async function applySpec(
  tx: Db,
  ctx: IngestContext,
  counters: RunCounters,
  spec: ParsedSpec,
  options: { appSlug: string; apiName?: string; contentHash: string; lifecycle?: "active" | "deprecated" | "retired" },
): Promise<void> {
  const now = ctx.now ?? new Date();
  const app = await resolveApplication(tx, ctx.actor, options.appSlug, counters);
  const apiName = apiNameSchema.parse(options.apiName ?? spec.title);
  counters.recordsRead += spec.operations.length;

  const [existingApi] = await tx
    .select({ id: internalApis.id, currentVersion: internalApis.currentVersion })
    .from(internalApis)
    .where(and(eq(internalApis.applicationId, app.id), eq(internalApis.name, apiName)));
  let apiId: string;
  if (existingApi) {
    apiId = existingApi.id;
    if (existingApi.currentVersion !== spec.version) counters.notes.push(`API "${apiName}": version ${spec.version} replaces ${existingApi.currentVersion ?? "none"} as current.`);
    await tx
      .update(internalApis)
      .set({ currentVersion: spec.version, basePaths: spec.basePaths, ...(options.lifecycle ? { lifecycle: options.lifecycle } : {}), updatedAt: now })
      .where(eq(internalApis.id, apiId));
  } else {
    const [created] = await tx
      .insert(internalApis)
      .values({ applicationId: app.id, name: apiName, currentVersion: spec.version, basePaths: spec.basePaths, lifecycle: options.lifecycle ?? "active" })
      .returning({ id: internalApis.id });
    apiId = created.id;
    counters.notes.push(`Created API "${apiName}" ${spec.version}.`);
  }
  await tx
    .insert(apiSpecVersions)
    .values({ apiId, version: spec.version, contentHash: options.contentHash, spec: spec.document as object })
    .onConflictDoUpdate({ target: [apiSpecVersions.apiId, apiSpecVersions.version], set: { contentHash: options.contentHash, spec: spec.document as object, createdAt: now } });

  await addApplicationHosts(tx, app, specHosts(spec.document));

  // Endpoints of this API: documented now, or removed if they were documented before.
  const existing = await tx
    .select({ id: endpoints.id, method: endpoints.method, pathTemplate: endpoints.pathTemplate, documented: endpoints.documented, removed: endpoints.removed })
    .from(endpoints)
    .where(eq(endpoints.apiId, apiId));
  const byKey = new Map(existing.map((e) => [`${e.method} ${e.pathTemplate}`, e]));
  const inSpec = new Set<string>();
  const fresh: (typeof endpoints.$inferInsert)[] = [];
  for (const op of spec.operations) {
    const key = `${op.method} ${op.path}`;
    if (inSpec.has(key)) continue;
    inSpec.add(key);
    const row = byKey.get(key);
    const values = { documented: true, pathDocumented: true, removed: false, deprecated: op.deprecated, securitySchemes: op.security, pathEnums: op.pathEnums ?? null, pathParamTypes: op.pathTypes ?? null, specVersion: spec.version, inferred: false };
    if (row) {
      await tx.update(endpoints).set({ ...values, updatedAt: now }).where(eq(endpoints.id, row.id));
    } else {
      fresh.push({ applicationId: app.id, apiId, method: op.method, pathTemplate: op.path, status: "orphan", ...values });
    }
    counters.recordsAccepted++;
  }
  for (let i = 0; i < fresh.length; i += 500) await tx.insert(endpoints).values(fresh.slice(i, i + 500));
  counters.newEndpoints += fresh.length;
  const gone = existing.filter((e) => !inSpec.has(`${e.method} ${e.pathTemplate}`) && (e.documented || e.removed));
  for (const e of gone) await tx.update(endpoints).set({ documented: false, removed: true, updatedAt: now }).where(eq(endpoints.id, e.id));
  if (gone.length) counters.notes.push(`${gone.length} operation(s) are no longer in the current spec and are kept as removed.`);

  await adoptObservedEndpoints(tx, app.id, apiId, spec, now);
  await reclassifyApplication(tx, app.id, now, undefined, { ingestRunId: counters.runId });
}

/**
 * Endpoints first seen in traffic (no API yet) that the new spec describes are
 * folded into the documented endpoint; those whose path is in the spec but
 * whose method is not are attached to the API as method-level shadows.
 */
async function adoptObservedEndpoints(tx: Db, applicationId: string, apiId: string, spec: ParsedSpec, now: Date): Promise<void> {
  const observed = await tx
    .select({ id: endpoints.id, method: endpoints.method, pathTemplate: endpoints.pathTemplate, samples: endpoints.samples, callCount: endpoints.callCount, firstSeenAt: endpoints.firstSeenAt, lastSeenAt: endpoints.lastSeenAt })
    .from(endpoints)
    .where(and(eq(endpoints.applicationId, applicationId), isNull(endpoints.apiId)));
  if (!observed.length) return;
  const matcher = new SpecTemplateMatcher(spec.operations, spec.basePaths);
  for (const row of observed) {
    const candidates = [row.pathTemplate, ...row.samples];
    const match = candidates.map((p) => matcher.match(row.method, p)).find((m) => m !== null) ?? null;
    if (!match) continue;
    const [target] = await tx
      .select({ id: endpoints.id })
      .from(endpoints)
      .where(and(eq(endpoints.apiId, apiId), eq(endpoints.method, row.method), eq(endpoints.pathTemplate, match.template)));
    if (target) {
      await tx
        .update(endpoints)
        .set({
          callCount: sql`${endpoints.callCount} + ${row.callCount}`,
          firstSeenAt: sql`least(${endpoints.firstSeenAt}, ${row.firstSeenAt?.toISOString() ?? null}::timestamptz)`,
          lastSeenAt: sql`greatest(${endpoints.lastSeenAt}, ${row.lastSeenAt?.toISOString() ?? null}::timestamptz)`,
          updatedAt: now,
        })
        .where(eq(endpoints.id, target.id));
      await tx.delete(endpoints).where(eq(endpoints.id, row.id));
    } else {
      await tx
        .update(endpoints)
        .set({ apiId, pathTemplate: match.template, pathDocumented: true, documented: false, updatedAt: now })
        .where(eq(endpoints.id, row.id));
    }
  }
}
