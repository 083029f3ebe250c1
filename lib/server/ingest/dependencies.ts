import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dependencies } from "@/db/schema";

export interface DependencyDelta {
  source: "traffic" | "sbom" | "catalog" | "manual";
  targetKind: "provider" | "internal_api" | "unclassified";
  host: string | null;
  providerId?: string | null;
  internalApiId?: string | null;
  targetApplicationId?: string | null;
  calls: number;
  errors: number;
  latencyMsSum: number;
  latencySamples: number;
  /** data class -> locations where it was seen */
  dataClasses: Map<string, Set<string>>;
  firstSeen: Date | null;
  lastSeen: Date | null;
  sdkPurl?: string | null;
}

export function emptyDelta(partial: Pick<DependencyDelta, "source" | "targetKind" | "host"> & Partial<DependencyDelta>): DependencyDelta {
  return { calls: 0, errors: 0, latencyMsSum: 0, latencySamples: 0, dataClasses: new Map(), firstSeen: null, lastSeen: null, ...partial };
}

function edgeKey(d: { source: string; targetKind: string; host: string | null; providerId?: string | null; internalApiId?: string | null; targetApplicationId?: string | null }): string {
  return [d.source, d.targetKind, d.host ?? "", d.providerId ?? "", d.internalApiId ?? "", d.targetApplicationId ?? ""].join("|");
}

const minDate = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));
const maxDate = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : (a ?? b));

/** Adds observed deltas to an application's dependency edges; returns how many edges are new. */
export async function applyDependencyDeltas(tx: Db, applicationId: string, deltas: DependencyDelta[]): Promise<number> {
  if (!deltas.length) return 0;
  const existing = await tx
    .select({
      id: dependencies.id,
      source: dependencies.source,
      targetKind: dependencies.targetKind,
      host: dependencies.host,
      providerId: dependencies.providerId,
      internalApiId: dependencies.internalApiId,
      targetApplicationId: dependencies.targetApplicationId,
      dataClasses: dependencies.dataClasses,
      dataLocations: dependencies.dataLocations,
      firstSeenAt: dependencies.firstSeenAt,
      lastSeenAt: dependencies.lastSeenAt,
    })
    .from(dependencies)
    .where(eq(dependencies.applicationId, applicationId));
  const byKey = new Map(existing.map((e) => [edgeKey(e), e]));
  let created = 0;
  for (const d of deltas) {
    const row = byKey.get(edgeKey(d));
    const locations: Record<string, string[]> = { ...(row?.dataLocations ?? {}) };
    for (const [cls, locs] of d.dataClasses) locations[cls] = [...new Set([...(locations[cls] ?? []), ...locs])].sort().slice(0, 20);
    const classes = [...new Set([...(row?.dataClasses ?? []), ...d.dataClasses.keys()])].sort();
    if (row) {
      await tx
        .update(dependencies)
        .set({
          callCount: sql`${dependencies.callCount} + ${d.calls}`,
          errorCount: sql`${dependencies.errorCount} + ${d.errors}`,
          latencyMsSum: sql`${dependencies.latencyMsSum} + ${d.latencyMsSum}`,
          latencySamples: sql`${dependencies.latencySamples} + ${d.latencySamples}`,
          dataClasses: classes,
          dataLocations: locations,
          firstSeenAt: minDate(row.firstSeenAt, d.firstSeen),
          lastSeenAt: maxDate(row.lastSeenAt, d.lastSeen),
          ...(d.sdkPurl ? { sdkPurl: d.sdkPurl } : {}),
          updatedAt: new Date(),
        })
        .where(eq(dependencies.id, row.id));
    } else {
      await tx.insert(dependencies).values({
        applicationId,
        source: d.source,
        targetKind: d.targetKind,
        host: d.host,
        providerId: d.providerId ?? null,
        internalApiId: d.internalApiId ?? null,
        targetApplicationId: d.targetApplicationId ?? null,
        callCount: d.calls,
        errorCount: d.errors,
        latencyMsSum: d.latencyMsSum,
        latencySamples: d.latencySamples,
        dataClasses: classes,
        dataLocations: locations,
        firstSeenAt: d.firstSeen,
        lastSeenAt: d.lastSeen,
        sdkPurl: d.sdkPurl ?? null,
      });
      created++;
    }
  }
  return created;
}
