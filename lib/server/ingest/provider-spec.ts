import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { providers, providerSpecs, type ProviderSpecOperation } from "@/db/schema";
import { parseOpenApi } from "@/lib/domain/ingest/openapi";
import { IngestInputError } from "@/lib/domain/ingest/types";
import { INGEST_LIMITS, providerSlugSchema } from "@/lib/validation/ingest";
import { contentHash } from "./openapi";
import { withIngestRun, type IngestContext, type IngestRunSummary } from "./runs";

export interface ProviderSpecIngestInput {
  text: string;
  providerSlug: string;
  sourceName: string;
}

/**
 * Stores a provider's published OpenAPI spec (its operations, base paths and which operations are
 * deprecated) as that provider's current spec, replacing the previous one. Traffic ingested afterwards
 * is checked against it for calls to deprecated operations; traffic already stored is not (paths of
 * outbound calls are not kept).
 */
export async function ingestProviderSpec(ctx: IngestContext, input: ProviderSpecIngestInput): Promise<IngestRunSummary> {
  const slug = providerSlugSchema.safeParse(input.providerSlug);
  const providerSlug = slug.success ? slug.data : input.providerSlug;
  const hash = contentHash(`provider\u0000${providerSlug}\u0000${input.text}`);
  return withIngestRun(
    ctx,
    {
      kind: "provider_spec",
      format: "openapi",
      sourceName: input.sourceName,
      contentHash: hash,
      byteSize: Buffer.byteLength(input.text),
      alreadyStored: async (db) => {
        const [current] = await db
          .select({ name: providers.name, version: providerSpecs.version })
          .from(providerSpecs)
          .innerJoin(providers, eq(providers.id, providerSpecs.providerId))
          .where(and(eq(providers.slug, providerSlug), eq(providerSpecs.contentHash, hash)));
        return current ? `This is already the stored spec of ${current.name} (version ${current.version}); nothing changed.` : null;
      },
    },
    async (tx, counters) => {
      if (!slug.success) throw new IngestInputError([{ location: "--provider", reason: slug.error.issues[0]?.message ?? "invalid provider slug" }]);
      const provider = await findProvider(tx, providerSlug);
      const spec = await parseOpenApi(input.text, { maxBytes: INGEST_LIMITS.provider_spec });
      counters.recordsRead = spec.operations.length;
      const operations = uniqueOperations(spec.operations);
      counters.recordsAccepted = operations.length;
      const now = ctx.now ?? new Date();
      const [previous] = await tx.select({ version: providerSpecs.version }).from(providerSpecs).where(eq(providerSpecs.providerId, provider.id));
      const values = { contentHash: hash, title: spec.title, version: spec.version, basePaths: spec.basePaths, operations, ingestedAt: now, ingestRunId: counters.runId ?? null };
      await tx
        .insert(providerSpecs)
        .values({ providerId: provider.id, ...values })
        .onConflictDoUpdate({ target: providerSpecs.providerId, set: values });
      const deprecated = operations.filter((o) => o.deprecated).length;
      counters.notes.push(
        `${previous ? `Replaced the ${provider.name} spec (version ${previous.version}) with` : `Stored for ${provider.name}:`} "${spec.title}" version ${spec.version}, ` +
          `${operations.length} operation(s), ${deprecated} deprecated.`,
      );
      if (!deprecated) counters.notes.push("The spec deprecates no operation: traffic to this provider will not raise deprecated-endpoint findings.");
      else counters.notes.push(`Traffic ingested from now on is checked for calls to the deprecated operations of ${provider.name}.`);
    },
  );
}

async function findProvider(tx: Db, slug: string): Promise<{ id: string; name: string }> {
  const [provider] = await tx.select({ id: providers.id, name: providers.name }).from(providers).where(eq(providers.slug, slug));
  if (provider) return provider;
  const all = await tx.select({ slug: providers.slug }).from(providers);
  const close = all.map((p) => p.slug).filter((s) => s.includes(slug) || slug.includes(s) || s.slice(0, 3) === slug.slice(0, 3)).slice(0, 5);
  throw new IngestInputError([
    { location: "--provider", reason: `No provider has the slug "${slug}".${close.length ? ` Did you mean ${close.join(", ")}?` : ""} Providers are listed on the Providers page.` },
  ]);
}

/** One entry per method and path template (a spec may repeat one through path aliases). */
function uniqueOperations(operations: { method: string; path: string; deprecated: boolean; operationId?: string }[]): ProviderSpecOperation[] {
  const byKey = new Map<string, ProviderSpecOperation>();
  for (const op of operations) {
    const key = `${op.method} ${op.path}`;
    if (!byKey.has(key)) byKey.set(key, { method: op.method, path: op.path, deprecated: op.deprecated, operationId: op.operationId ?? null });
  }
  return [...byKey.values()];
}
