import "server-only";
import { inArray } from "drizzle-orm";
import type { Db } from "@/db/client";
import { providers, providerSpecs } from "@/db/schema";
import { normalisePath } from "@/lib/domain/ingest/path-template";
import { deprecatedProviderEndpointDetections, type ObservedProviderCall } from "@/lib/domain/triage/deprecated-endpoints";
import type { Detection } from "@/lib/domain/triage/detections";

/** Distinct (method, path) pairs kept per provider in one run; calls beyond are counted, not matched. */
export const MAX_PROVIDER_PATHS = 5_000;

/**
 * The outbound calls of one traffic run to providers whose published spec is stored, by method and
 * normalised path, so they can be checked against the spec's deprecated operations at the end of the
 * run. Which providers have a spec is read once per run; the specs themselves only for providers seen.
 */
export class ProviderCallLog {
  private readonly calls = new Map<string, Map<string, ObservedProviderCall & { last: number | null }>>();
  private readonly overflow = new Map<string, number>();

  private constructor(private readonly withSpec: Set<string>) {}

  static async load(tx: Db): Promise<ProviderCallLog> {
    const rows = await tx.select({ providerId: providerSpecs.providerId }).from(providerSpecs);
    return new ProviderCallLog(new Set(rows.map((r) => r.providerId)));
  }

  observe(providerId: string, method: string, path: string, timestamp: number | null): void {
    if (!this.withSpec.has(providerId)) return;
    let byPath = this.calls.get(providerId);
    if (!byPath) {
      byPath = new Map();
      this.calls.set(providerId, byPath);
    }
    const upper = method.toUpperCase();
    const normalised = normalisePath(path);
    const key = `${upper} ${normalised}`;
    const call = byPath.get(key);
    if (call) {
      call.count++;
      if (timestamp !== null && (call.last === null || timestamp > call.last)) call.last = timestamp;
    } else if (byPath.size < MAX_PROVIDER_PATHS) {
      byPath.set(key, { method: upper, path: normalised, count: 1, last: timestamp });
    } else {
      this.overflow.set(providerId, (this.overflow.get(providerId) ?? 0) + 1);
    }
  }

  /** Calls to deprecated operations, one detection per operation, for the application of this run. */
  async detect(tx: Db, app: { id: string; criticality: number }, notes: string[]): Promise<Detection[]> {
    const seen = [...this.calls.keys()];
    if (!seen.length) return [];
    const specs = await tx
      .select({ providerId: providerSpecs.providerId, version: providerSpecs.version, basePaths: providerSpecs.basePaths, operations: providerSpecs.operations })
      .from(providerSpecs)
      .where(inArray(providerSpecs.providerId, seen));
    const names = await tx.select({ id: providers.id, name: providers.name, slug: providers.slug }).from(providers).where(inArray(providers.id, seen));
    const nameOf = new Map(names.map((n) => [n.id, n]));
    const detections: Detection[] = [];
    for (const spec of specs) {
      const provider = nameOf.get(spec.providerId);
      const byPath = this.calls.get(spec.providerId);
      if (!provider || !byPath) continue;
      const calls = [...byPath.values()].map(({ method, path, count, last }) => ({ method, path, count, lastSeenAt: last === null ? null : new Date(last).toISOString() }));
      detections.push(...deprecatedProviderEndpointDetections({ providerId: provider.id, name: provider.name, slug: provider.slug }, spec, { applicationId: app.id, criticality: app.criticality }, calls));
      const skipped = this.overflow.get(spec.providerId);
      if (skipped) notes.push(`${skipped.toLocaleString("en")} call(s) to ${provider.name} were not checked against its spec: over ${MAX_PROVIDER_PATHS.toLocaleString("en")} distinct paths in one run.`);
    }
    return detections;
  }
}
