import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { dependencies, type DependencySourceEvidence } from "@/db/schema";

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

/** One dependency per application × target: a provider, an internal API or application, or an unclassified host. */
function edgeKey(d: { targetKind: string; host: string | null; providerId?: string | null; internalApiId?: string | null; targetApplicationId?: string | null }): string {
  return [d.targetKind, d.providerId ?? "", d.internalApiId ?? "", d.targetApplicationId ?? "", d.targetKind === "unclassified" ? (d.host ?? "") : ""].join("|");
}

const minDate = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));
const maxDate = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : (a ?? b));
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const sortedUnion = <T>(a: readonly T[] | undefined, b: readonly (T | null | undefined)[]) => [...new Set([...(a ?? []), ...b.filter((x): x is T => x !== null && x !== undefined)])].sort();

/** Adds one source's delta to that source's evidence on the edge. */
function addEvidence(evidence: Record<string, DependencySourceEvidence>, d: DependencyDelta): Record<string, DependencySourceEvidence> {
  const prev = evidence[d.source] ?? {};
  const first = minDate(prev.firstSeenAt ? new Date(prev.firstSeenAt) : null, d.firstSeen);
  const last = maxDate(prev.lastSeenAt ? new Date(prev.lastSeenAt) : null, d.lastSeen);
  const next: DependencySourceEvidence = { calls: (prev.calls ?? 0) + d.calls };
  const hosts = sortedUnion(prev.hosts, [d.host]).slice(0, 50);
  const purls = sortedUnion(prev.purls, [d.sdkPurl]).slice(0, 50);
  if (hosts.length) next.hosts = hosts;
  if (purls.length) next.purls = purls;
  if (first) next.firstSeenAt = iso(first);
  if (last) next.lastSeenAt = iso(last);
  return { ...evidence, [d.source]: next };
}

/**
 * Adds observed deltas to an application's dependencies (one per target, its
 * sources kept as a set with the evidence of each); returns how many are new.
 */
export async function applyDependencyDeltas(tx: Db, applicationId: string, deltas: DependencyDelta[]): Promise<number> {
  if (!deltas.length) return 0;
  const existing = await tx
    .select({
      id: dependencies.id,
      targetKind: dependencies.targetKind,
      host: dependencies.host,
      providerId: dependencies.providerId,
      internalApiId: dependencies.internalApiId,
      targetApplicationId: dependencies.targetApplicationId,
      dataClasses: dependencies.dataClasses,
      dataLocations: dependencies.dataLocations,
      firstSeenAt: dependencies.firstSeenAt,
      lastSeenAt: dependencies.lastSeenAt,
      sources: dependencies.sources,
      hosts: dependencies.hosts,
      sourceEvidence: dependencies.sourceEvidence,
    })
    .from(dependencies)
    .where(eq(dependencies.applicationId, applicationId));
  type Row = (typeof existing)[number] & { calls: number; errors: number; latencyMsSum: number; latencySamples: number; sdkPurl: string | null; isNew: boolean; changed: boolean };
  const byKey = new Map<string, Row>(existing.map((e) => [edgeKey(e), { ...e, calls: 0, errors: 0, latencyMsSum: 0, latencySamples: 0, sdkPurl: null, isNew: false, changed: false }]));
  // Deltas for the same target (e.g. two hosts of one provider, or traffic and SBOM in one run) are folded first.
  for (const d of deltas) {
    const key = edgeKey(d);
    let row = byKey.get(key);
    if (!row) {
      row = {
        id: "",
        targetKind: d.targetKind,
        host: d.host,
        providerId: d.providerId ?? null,
        internalApiId: d.internalApiId ?? null,
        targetApplicationId: d.targetApplicationId ?? null,
        dataClasses: [],
        dataLocations: {},
        firstSeenAt: null,
        lastSeenAt: null,
        sources: [],
        hosts: [],
        sourceEvidence: {},
        calls: 0,
        errors: 0,
        latencyMsSum: 0,
        latencySamples: 0,
        sdkPurl: null,
        isNew: true,
        changed: true,
      };
      byKey.set(key, row);
    }
    const locations: Record<string, string[]> = { ...row.dataLocations };
    for (const [cls, locs] of d.dataClasses) locations[cls] = [...new Set([...(locations[cls] ?? []), ...locs])].sort().slice(0, 20);
    row.dataLocations = locations;
    row.dataClasses = sortedUnion(row.dataClasses, [...d.dataClasses.keys()]);
    row.sources = sortedUnion(row.sources, [d.source]);
    row.hosts = sortedUnion(row.hosts, [d.host]).slice(0, 50);
    row.host = row.host ?? d.host;
    row.sourceEvidence = addEvidence(row.sourceEvidence, d);
    row.firstSeenAt = minDate(row.firstSeenAt, d.firstSeen);
    row.lastSeenAt = maxDate(row.lastSeenAt, d.lastSeen);
    row.calls += d.calls;
    row.errors += d.errors;
    row.latencyMsSum += d.latencyMsSum;
    row.latencySamples += d.latencySamples;
    if (d.sdkPurl) row.sdkPurl = d.sdkPurl;
    row.changed = true;
  }
  let created = 0;
  for (const row of byKey.values()) {
    if (!row.changed) continue;
    if (!row.isNew) {
      await tx
        .update(dependencies)
        .set({
          callCount: sql`${dependencies.callCount} + ${row.calls}`,
          errorCount: sql`${dependencies.errorCount} + ${row.errors}`,
          latencyMsSum: sql`${dependencies.latencyMsSum} + ${row.latencyMsSum}`,
          latencySamples: sql`${dependencies.latencySamples} + ${row.latencySamples}`,
          dataClasses: row.dataClasses,
          dataLocations: row.dataLocations,
          sources: row.sources,
          hosts: row.hosts,
          sourceEvidence: row.sourceEvidence,
          firstSeenAt: row.firstSeenAt,
          lastSeenAt: row.lastSeenAt,
          ...(row.sdkPurl ? { sdkPurl: row.sdkPurl } : {}),
          updatedAt: new Date(),
        })
        .where(eq(dependencies.id, row.id));
    } else {
      await tx.insert(dependencies).values({
        applicationId,
        targetKind: row.targetKind,
        host: row.host,
        providerId: row.providerId,
        internalApiId: row.internalApiId,
        targetApplicationId: row.targetApplicationId,
        sources: row.sources,
        hosts: row.hosts,
        sourceEvidence: row.sourceEvidence,
        callCount: row.calls,
        errorCount: row.errors,
        latencyMsSum: row.latencyMsSum,
        latencySamples: row.latencySamples,
        dataClasses: row.dataClasses,
        dataLocations: row.dataLocations,
        firstSeenAt: row.firstSeenAt,
        lastSeenAt: row.lastSeenAt,
        sdkPurl: row.sdkPurl,
      });
      created++;
    }
  }
  return created;
}
