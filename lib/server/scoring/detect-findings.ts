import "server-only";
import { inChunks, rowsOf } from "../db-results";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import type { AttestationKind } from "@/lib/domain/scoring/analyst-factors";
import type { ReputationScore } from "@/lib/domain/scoring/model";
import type { LetterGrade, TlsProbeResult } from "@/lib/domain/scoring/types";
import { betterScore, detectProviderProblems, PROVIDER_FINDING_KINDS, type AppSdkVulnerability, type Detection, type ProviderFindingKind, type ScorePoint, type TransportEvidence } from "@/lib/domain/triage/detections";
import { findingFingerprint } from "@/lib/domain/triage/fingerprint";
import { ACTIVE_STATES } from "@/lib/domain/triage/states";
import { recordFindings, resolveUndetected } from "../triage/record";
import { getSlaDays } from "../triage/settings";
import type { SignalRow } from "./factors";

const RESOLVE_REASON: Record<ProviderFindingKind, string> = {
  provider_risk: "Resolved at rescore: reputation is at or above the threshold and no grade is lost",
  weak_transport: "Resolved at rescore: the latest transport probe no longer shows weak transport",
  certificate_expiring: "Resolved at rescore: the certificate no longer expires within 30 days (renewed)",
  expired_attestation: "Resolved at rescore: a current attestation is recorded",
  vulnerable_sdk: "Resolved at rescore: the SDK vulnerability is gone, or no longer in KEV nor at EPSS ≥ 0.1",
};

export interface StoredScore {
  id: string;
  score: number;
  grade: string | null;
  computedAt: Date;
  /** Digest of the whole result (score, grade, confidence, factors, caps, improvements); null on rows from before digests. */
  digest: string | null;
}

export interface ProviderDetectionInput {
  /** Every provider just rescored (those without a new score too: their other evidence still counts). */
  providerIds: string[];
  scores: Map<string, ReputationScore>;
  /** Each provider's latest score stored before this rescore (read before the new rows are inserted). */
  previous: Map<string, StoredScore>;
  /** Latest transport signal of each provider. */
  transport: Map<string, SignalRow>;
  attestations: Map<string, { kind: string; expiresOn: string }[]>;
  sdkVulnerabilities: Map<string, AppSdkVulnerability[]>;
  /** Dependency edges on these providers (an application may appear once per source). */
  dependents: { applicationId: string; providerId: string | null; criticality: number }[];
  now: Date;
  /**
   * The provider ids in chunks, each yielded once its providers' scores are in `scores` (a rescore
   * computes chunk by chunk); every id of `providerIds` exactly once. Omitted: all are ready.
   * An error thrown by the iterator rolls the findings back.
   */
  ready?: AsyncIterable<string[]>;
}

export interface ProviderDetectionResult {
  created: number;
  updated: number;
  reopened: number;
  resolved: number;
}

/** The latest stored score of each provider computed at or before `now`: one index probe per provider. */
export async function latestStoredScores(db: Db, ids: string[], now: Date): Promise<Map<string, StoredScore>> {
  const rows = await inChunks(ids, async (chunk) =>
    rowsOf<{ id: string; provider_id: string; score: number; grade: string | null; computed_at: string | Date; digest: string | null }>(
      await db.execute(sql`
        select s.id, p.id as provider_id, s.score, s.grade, s.computed_at, s.digest
        from jsonb_array_elements_text(${JSON.stringify(chunk)}::jsonb) as p(id)
        cross join lateral (
          select id, score, grade, computed_at, digest from provider_scores
          where provider_id = p.id::uuid and computed_at <= ${now.toISOString()}::timestamptz
          order by computed_at desc limit 1
        ) s`),
    ),
  );
  return new Map(rows.map((r) => [r.provider_id, { id: r.id, score: Number(r.score), grade: r.grade, computedAt: new Date(r.computed_at), digest: r.digest }]));
}

/** A PostgreSQL array literal of uuids (or other values without commas, quotes, braces or spaces). */
const uuidArray = (values: readonly string[]) => `{${values.join(",")}}`;
const textArray = uuidArray;

const point = (s: { score: number; grade: string | null }, at: Date | string): ScorePoint => ({ score: s.score, grade: (s.grade as LetterGrade | null) ?? null, computedAt: typeof at === "string" ? at : at.toISOString() });

function transportEvidence(signal: SignalRow | undefined): TransportEvidence | null {
  const evidence = (signal?.evidence ?? null) as { probe?: TlsProbeResult; hstsMaxAge?: unknown } | null;
  if (!signal || !evidence?.probe) return null;
  return { probe: evidence.probe, hstsMaxAge: typeof evidence.hstsMaxAge === "number" ? evidence.hstsMaxAge : null, observedAt: signal.observedAt.toISOString(), source: signal.source };
}

/**
 * Turns what a rescore just learnt about providers into findings for the applications that depend on
 * them (detector "rescore"): records every detection (re-detection updates last seen, never duplicates)
 * and resolves the active provider-side findings no longer detected, for the kinds the evidence could judge.
 * Reads are batched per chunk of providers; resolveUndetected runs only where something is to resolve.
 */
export async function detectProviderFindings(db: Db, input: ProviderDetectionInput): Promise<ProviderDetectionResult> {
  const { providerIds: ids, now } = input;
  const result: ProviderDetectionResult = { created: 0, updated: 0, reopened: 0, resolved: 0 };
  if (!ids.length) return result;
  return db.transaction(async (tx) => {
    // Raw reads with the ids as one array parameter: thousands of bound parameters and the query
    // builder's row mapping cost more than the reads (chunked as before: same rows, same order).
    const names = await inChunks(ids, async (chunk) => rowsOf<{ id: string; name: string; slug: string }>(await tx.execute(sql`select id, name, slug from providers where id = any(${uuidArray(chunk)}::uuid[])`)));
    // Where an earlier grade loss is still open, its `before` stays the reference until the grade recovers.
    const openRisk = await inChunks(ids, async (chunk) =>
      rowsOf<{ provider_id: string | null; detail: unknown }>(
        await tx.execute(sql`
          select provider_id, detail from findings
          where provider_id = any(${uuidArray(chunk)}::uuid[]) and kind = 'provider_risk' and status <> 'resolved' and (detail ->> 'gradeLoss')::boolean`),
      ).map((r) => ({ providerId: r.provider_id, detail: typeof r.detail === "string" ? JSON.parse(r.detail) : r.detail })),
    );
    const baselines = new Map<string, ScorePoint | null>();
    for (const f of openRisk) {
      const before = (f.detail as { before?: { score?: unknown; grade?: unknown; computedAt?: unknown } | null }).before;
      if (!f.providerId || typeof before?.score !== "number" || typeof before.grade !== "string") continue;
      baselines.set(f.providerId, betterScore(baselines.get(f.providerId) ?? null, point({ score: before.score, grade: before.grade }, String(before.computedAt ?? ""))));
    }
    const appsByProvider = new Map<string, Map<string, { applicationId: string; criticality: number }>>();
    for (const d of input.dependents) {
      if (!d.providerId) continue;
      const apps = appsByProvider.get(d.providerId) ?? appsByProvider.set(d.providerId, new Map()).get(d.providerId);
      apps?.set(d.applicationId, { applicationId: d.applicationId, criticality: d.criticality });
    }

    const nameOf = new Map(names.map((p) => [p.id, p]));
    // Read once for every chunk below (the same transaction sees the same setting).
    const slaDays = await getSlaDays(tx);
    const stillDetected = new Set<string>();
    const assessed = new Map<string, Set<ProviderFindingKind>>();
    // The providers come in chunks as their scores are ready (all at once when no chunks are given):
    // each chunk's findings are recorded while the caller computes the next one.
    for await (const chunk of input.ready ?? [ids]) {
      const detections: Detection[] = [];
      for (const id of chunk) {
        const p = nameOf.get(id);
        if (!p) continue;
        const score = input.scores.get(p.id);
        const previous = input.previous.get(p.id);
        const out = detectProviderProblems(
          {
            provider: { providerId: p.id, name: p.name, slug: p.slug },
            applications: [...(appsByProvider.get(p.id)?.values() ?? [])],
            current: score ? point(score, now) : null,
            previous: previous ? point(previous, previous.computedAt) : null,
            riskBaseline: baselines.get(p.id) ?? null,
            transport: transportEvidence(input.transport.get(p.id)),
            attestations: (input.attestations.get(p.id) ?? []).map((a) => ({ kind: a.kind as AttestationKind, expiresOn: a.expiresOn })),
            sdkVulnerabilities: input.sdkVulnerabilities.get(p.id) ?? [],
          },
          now,
        );
        detections.push(...out.detections);
        assessed.set(p.id, new Set(out.assessed));
      }
      const recorded = await recordFindings(tx, detections, now, { detector: "rescore" }, { slaDays });
      result.created += recorded.created;
      result.updated += recorded.updated;
      result.reopened += recorded.reopened;
      for (const d of detections) stillDetected.add(findingFingerprint(d.kind, ...d.fingerprintParts));
    }

    const active = await inChunks(ids, async (chunk) =>
      rowsOf<{ provider_id: string | null; kind: string; fingerprint: string }>(
        await tx.execute(sql`
          select provider_id, kind::text as kind, fingerprint from findings
          where provider_id = any(${uuidArray(chunk)}::uuid[]) and kind = any(${textArray(PROVIDER_FINDING_KINDS)}::finding_kind[]) and status = any(${textArray(ACTIVE_STATES)}::finding_status[])`),
      ).map((r) => ({ providerId: r.provider_id, kind: r.kind, fingerprint: r.fingerprint })),
    );
    const toResolve = new Map<string, { providerId: string; kind: ProviderFindingKind }>();
    for (const f of active) {
      const kind = f.kind as ProviderFindingKind;
      if (!f.providerId || stillDetected.has(f.fingerprint) || !assessed.get(f.providerId)?.has(kind)) continue;
      toResolve.set(`${f.providerId}|${kind}`, { providerId: f.providerId, kind });
    }
    for (const { providerId, kind } of toResolve.values()) {
      result.resolved += await resolveUndetected(tx, { providerId }, [kind], stillDetected, RESOLVE_REASON[kind], now);
    }
    return result;
  });
}
