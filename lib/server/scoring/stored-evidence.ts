import "server-only";
import { createHash } from "node:crypto";
import { inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { evidenceBlobs, signals } from "@/db/schema";
import { inChunks } from "../db-results";

// A score row's factor evidence without the copies: a probe result stays in the signal row it came
// from and the row says which (`{"$signalProbe": <signal id>}`); a graded result (the HTTP header
// tests, the TLS rating) is stored once per distinct content in evidence_blobs and the row holds its
// digest (`{"$blob": <sha256>}`). Readers get the evidence back as it was computed (hydrateFactors),
// the same objects with their keys in the same order.

/** Evidence keys that reference the probe of the factor's signal. */
const SIGNAL_PROBE = "$signalProbe";
const BLOB = "$blob";
/** Graded results, per factor, kept once per distinct content. */
const BLOB_KEYS: Partial<Record<string, string[]>> = { transport: ["rating"], http_hygiene: ["grade"] };

/** What of a factor (as computed, or as stored in a score row) this module reads. */
export interface StoredFactor {
  name: string;
  evidence: Record<string, unknown>;
}

/** The latest signal a probe factor was computed from: its id and evidence. */
export interface ProbeSource {
  id: string;
  evidence: unknown;
}

/**
 * The factors as a score row stores them, and the blobs (digest → JSON text) they reference.
 * Only a probe that is the very object of its signal's evidence becomes a reference.
 */
export function compactFactors<F extends StoredFactor>(
  factors: F[],
  sources: (name: string) => ProbeSource | undefined,
  blobs: Map<string, string>,
  /** Digests of objects already hashed (results shared among providers), for one rescore. */
  digests: WeakMap<object, string> = new WeakMap(),
): F[] {
  return factors.map((f) => {
    const keys = BLOB_KEYS[f.name];
    if (!keys) return f;
    const evidence: Record<string, unknown> = { ...f.evidence };
    let changed = false;
    const source = sources(f.name);
    const probe = (source?.evidence as { probe?: unknown } | null | undefined)?.probe;
    if (source && probe !== undefined && probe !== null && evidence.probe === probe) {
      evidence.probe = { [SIGNAL_PROBE]: source.id };
      changed = true;
    }
    for (const key of keys) {
      const value = evidence[key];
      if (value === undefined || value === null || typeof value !== "object") continue;
      let digest = digests.get(value);
      if (!digest) {
        const text = JSON.stringify(value);
        digest = createHash("sha256").update(text).digest("hex");
        digests.set(value, digest);
        blobs.set(digest, text);
      }
      evidence[key] = { [BLOB]: digest };
      changed = true;
    }
    return changed ? { ...f, evidence } : f;
  });
}

function refOf(value: unknown, marker: string): string | null {
  if (!value || typeof value !== "object" || Array.isArray(value)) return null;
  const keys = Object.keys(value);
  const ref = (value as Record<string, unknown>)[marker];
  return keys.length === 1 && typeof ref === "string" ? ref : null;
}

const parsed = (value: unknown): unknown => (typeof value === "string" ? JSON.parse(value) : value);

/** Puts referenced probes and blobs back into stored factors (in place of their references). */
export async function hydrateFactors(db: Db, lists: StoredFactor[][]): Promise<void> {
  const signalIds = new Set<string>();
  const digests = new Set<string>();
  for (const factors of lists) {
    for (const f of factors) {
      for (const value of Object.values(f.evidence ?? {})) {
        const s = refOf(value, SIGNAL_PROBE);
        if (s) signalIds.add(s);
        const b = refOf(value, BLOB);
        if (b) digests.add(b);
      }
    }
  }
  if (!signalIds.size && !digests.size) return;
  const [probes, blobs] = await Promise.all([
    inChunks([...signalIds], (chunk) => db.select({ id: signals.id, probe: sql<unknown>`${signals.evidence} -> 'probe'` }).from(signals).where(inArray(signals.id, chunk))),
    inChunks([...digests], (chunk) => db.select({ digest: evidenceBlobs.digest, body: evidenceBlobs.body }).from(evidenceBlobs).where(inArray(evidenceBlobs.digest, chunk))),
  ]);
  const probeById = new Map(probes.map((p) => [p.id, parsed(p.probe)]));
  const blobByDigest = new Map(blobs.map((b) => [b.digest, parsed(b.body)]));
  for (const factors of lists) {
    for (const f of factors) {
      if (!f.evidence) continue;
      for (const [key, value] of Object.entries(f.evidence)) {
        const s = refOf(value, SIGNAL_PROBE);
        if (s) f.evidence[key] = probeById.get(s) ?? null;
        const b = refOf(value, BLOB);
        if (b) f.evidence[key] = blobByDigest.get(b) ?? null;
      }
    }
  }
}
