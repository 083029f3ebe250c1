import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type postgres from "postgres";
import { inChunks, rowsOf } from "../db-results";
import { and, eq, inArray, isNotNull, isNull, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { applications, attestations, dependencies, epssScores, incidents, kevEntries, portfolioRiskDaily, providers, sbomComponents, sbomVulnerabilities, signals, vulnAdvisories } from "@/db/schema";
import { complianceFactor, incidentsFactor, reliabilityFactor, type AttestationKind, type IncidentSeverity } from "@/lib/domain/scoring/analyst-factors";
import { bandOfRisk, dependencyRisk, LEVELS, RISK_BANDS, rollUp } from "@/lib/domain/scoring/dependency-risk";
import { computeReputation, type ReputationScore } from "@/lib/domain/scoring/model";
import { sdkVulnerabilityFactor } from "@/lib/domain/scoring/sdk-vulnerabilities";
import type { FactorName, FactorResult } from "@/lib/domain/scoring/types";
import type { AppSdkVulnerability } from "@/lib/domain/triage/detections";
import { matchVulnerabilities } from "@/lib/domain/vulns/match";
import type { Advisory } from "@/lib/domain/vulns/advisory";
import { detectProviderFindings, latestStoredScores, type ProviderDetectionResult } from "./detect-findings";
import { applyOverride, factorFromSignal, type SignalRow } from "./factors";
import { currentModel } from "./model-store";
import { invalidateReputationCache } from "./cache";
import { rollUpExposure } from "./exposure-rollup";
import { compactFactors } from "./stored-evidence";

const PROBE_FACTORS: FactorName[] = ["transport", "http_hygiene", "authentication", "spec_hygiene"];
/** Providers per write statement: their new score rows and the risks of every dependency on them. */
const WRITE_CHUNK = 1000;
const YIELD_EVERY = 50;
export interface RescoreResult {
  providers: number;
  dependencies: number;
  modelVersion: number;
  scores: Map<string, ReputationScore>;
  /** Provider-side findings (provider risk, transport, certificate, attestation, SDK) this rescore recorded or resolved. */
  findings: ProviderDetectionResult;
  /** Milliseconds per phase (read, compute, write scores, risks, findings), for the benchmark. */
  timings: Record<string, number>;
}

/**
 * Recomputes the reputation of the given providers (all when omitted) from their
 * signals, attestations, incidents, SDK vulnerabilities and observed traffic;
 * stores a new score row for each (history is kept) and the contextual risk of
 * every dependency on them.
 */
export async function rescoreProviders(db: Db, options: { providerIds?: string[]; now?: Date; onPhase?: (phase: string) => void } = {}): Promise<RescoreResult> {
  const now = options.now ?? new Date();
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const t = performance.now();
    timings[phase] = Math.round(t - mark);
    mark = t;
    options.onPhase?.(phase);
  };
  const model = await currentModel(db);
  const ids = options.providerIds ?? (await db.select({ id: providers.id }).from(providers)).map((p) => p.id);
  if (!ids.length) return { providers: 0, dependencies: 0, modelVersion: model.version, scores: new Map(), findings: { created: 0, updated: 0, reopened: 0, resolved: 0 }, timings };

  // Rescoring everything reads whole tables; a subset reads by id, in chunks. The reads run concurrently.
  const all = !options.providerIds;
  const byIds = <T>(query: (where: (column: AnyPgColumn) => SQL | undefined) => Promise<T[]>): Promise<T[]> =>
    all ? query(() => undefined) : inChunks(ids, (chunk) => query((column) => inArray(column, chunk)));
  // The dependency edges on these providers and each provider's latest stored score (for the digest
  // comparison and provider_risk's before/after) do not depend on the new scores: read with the rest.
  const [signalRows, attestationRows, incidentRows, traffic, sdk, previous, deps] = await Promise.all([
    // Only the latest live signal per (provider, factor, override) leaves the database, in one pass: the
    // probe factors' observations up to `now`, and every factor's analyst override. The latest row is
    // chosen over the narrow columns and only those rows are read whole (sorting the evidence of every
    // historical signal cost more than the rest of the read). Raw rows: tens of thousands of them
    // through the query builder's row mapping cost more than reading them.
    byIds((where) =>
      signalRowsOf(db, sql`
        with latest as (
          select distinct on (provider_id, factor, is_override) id
          from signals
          where ${and(where(signals.providerId), isNull(signals.supersededAt), sql`((not ${signals.isOverride} and ${inArray(signals.factor, [...PROBE_FACTORS])} and ${signals.observedAt} <= ${now.toISOString()}::timestamptz) or ${signals.isOverride})`)}
          order by provider_id, factor, is_override, observed_at desc)
        select s.id, s.provider_id, s.factor, s.source, s.evidence, s.is_override, s.justification, s.observed_at
        from signals s join latest using (id)`),
    ),
    byIds((where) => db.select({ providerId: attestations.providerId, kind: attestations.kind, expiresOn: attestations.expiresOn }).from(attestations).where(where(attestations.providerId))),
    byIds((where) => db.select().from(incidents).where(where(incidents.providerId))),
    byIds((where) =>
      db
        .select({
          providerId: dependencies.providerId,
          calls: sql<number>`sum(${dependencies.callCount})`.mapWith(Number),
          errors: sql<number>`sum(${dependencies.errorCount})`.mapWith(Number),
          latencyMsSum: sql<number>`sum(${dependencies.latencyMsSum})`.mapWith(Number),
          latencySamples: sql<number>`sum(${dependencies.latencySamples})`.mapWith(Number),
        })
        .from(dependencies)
        .where(and(where(dependencies.providerId), isNotNull(dependencies.providerId), sql`'traffic' = any(${dependencies.sources})`))
        .groupBy(dependencies.providerId),
    ),
    sdkFactorsFor(db, ids, all),
    latestStoredScores(db, ids, now),
    dependencyEdges(db, all ? null : ids),
  ]);
  const latest = new Map<string, SignalRow>();
  for (const s of signalRows) latest.set(`${s.providerId}|${s.factor}|${s.isOverride}`, s);
  const { factors: sdkFactors, vulnerabilities: sdkVulnerabilities } = sdk;
  lap("read");

  const byProvider = <T extends { providerId: string | null }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) if (r.providerId) (m.get(r.providerId) ?? m.set(r.providerId, []).get(r.providerId))?.push(r);
    return m;
  };
  const attByProvider = byProvider(attestationRows);
  const incByProvider = byProvider(incidentRows);
  const depsByProvider = byProvider(deps);
  const trafficByProvider = new Map(traffic.map((t) => [t.providerId ?? "", t]));

  const scoreOf = (id: string, httpMemo: Map<string, FactorResult>): ReputationScore => {
    const factors: FactorResult[] = PROBE_FACTORS.map((name) => factorFromSignal(name, latest.get(`${id}|${name}|false`), httpMemo));
    factors.push(sdkFactors.get(id) ?? { name: "sdk_vulnerabilities", subscore: null, summary: "No SDK of this provider in any SBOM", evidence: {}, caps: [], improvements: [] });
    factors.push(
      incidentsFactor(
        (incByProvider.get(id) ?? []).map((i) => ({ id: i.id, occurredOn: i.occurredOn, severity: i.severity as IncidentSeverity, breach: i.breach, description: i.description, sourceUrl: i.sourceUrl })),
        now,
      ),
    );
    factors.push(complianceFactor((attByProvider.get(id) ?? []).map((a) => ({ kind: a.kind as AttestationKind, expiresOn: a.expiresOn })), now));
    const t = trafficByProvider.get(id);
    factors.push(reliabilityFactor({ calls: t?.calls ?? 0, errors: t?.errors ?? 0, latencyMsSum: t?.latencyMsSum ?? 0, latencySamples: t?.latencySamples ?? 0 }));
    const final = factors.map((f) => applyOverride(f, latest.get(`${id}|${f.name}|true`)));
    return computeReputation(final, model);
  };

  // Computing and writing overlap: the providers go in chunks, and each chunk's statement (its new score
  // rows and the dependency risks of its providers) is sent as soon as the chunk is computed, so the
  // database writes one chunk while the next is computed. A result identical to the provider's latest
  // row (same model, score, factors, evidence, caps, fixes) writes no new row: the history keeps
  // changes, and that row's assessed_at moves to now. Each row is serialised once: its text is both
  // hashed and sent. Rows store their factors compacted (a probe as a reference to its signal, graded
  // results once in evidence_blobs), and the digest is that of the stored text.
  // Findings are recorded in their own transaction, on another pooled connection, chunk by chunk as the
  // scores are computed: they need the new scores and the previous ones, not the rows being written.
  const transport = new Map<string, SignalRow>();
  for (const id of ids) {
    const s = latest.get(`${id}|transport|false`);
    if (s) transport.set(id, s);
  }
  const scoresOut = new Map<string, ReputationScore>();
  const scored = chunkChannel<string[]>();
  let findingsMs = 0;
  const findingsStarted = performance.now();
  const findingsDone = detectProviderFindings(db, { providerIds: ids, scores: scoresOut, previous, transport, attestations: attByProvider, sdkVulnerabilities, dependents: deps, now, ready: scored }).finally(() => {
    findingsMs = Math.round(performance.now() - findingsStarted);
  });
  // Awaited (with its error) after the writes; never left unhandled meanwhile.
  findingsDone.catch(() => undefined);

  const scores = scoresOut;
  const httpMemo = new Map<string, FactorResult>();
  const blobs = new Map<string, string>();
  const blobDigests = new WeakMap<object, string>();
  const confirmed: string[] = [];
  const at = now.toISOString();
  const writes: Promise<unknown>[] = [];
  // Blobs go first, in order: a score row is never visible before what it references, and a later
  // chunk may reference a blob an earlier chunk sent.
  let blobsWritten: Promise<unknown> = Promise.resolve();
  // A statement's error is handled when every statement has settled (below), never left unhandled.
  const track = (write: Promise<unknown>) => {
    write.catch(() => undefined);
    writes.push(write);
  };
  try {
    for (let i = 0; i < ids.length; i += WRITE_CHUNK) {
      const chunk = ids.slice(i, i + WRITE_CHUNK);
      const fresh: FreshScore[] = [];
      const risks: RiskRow[] = [];
      const blobsBefore = blobs.size;
      for (const [n, providerId] of chunk.entries()) {
        // The event loop turns every few providers, so that earlier chunks' statements keep flowing to
        // the database (a socket is written only when the loop turns) while this one is computed.
        if (n % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
        const s = scoreOf(providerId, httpMemo);
        let scoreId: string | null = null;
        // A provider with no evidence at all gets no score row (not a misleading 0).
        if (s.confidence > 0) {
          scores.set(providerId, s);
          const factors = compactFactors(s.factors, (name) => latest.get(`${providerId}|${name}|false`), blobs, blobDigests);
          // The text JSON.stringify would give for the row, built from its parts (COPY rows send the parts).
          const row: FreshScore = { id: "", providerId, score: s.score, grade: s.grade, confidence: s.confidence, factors: JSON.stringify(factors), caps: JSON.stringify(s.caps), improvements: JSON.stringify(s.improvements), digest: "" };
          // Hashed in parts, the same bytes in the same order (no joined copy of the row's text).
          const digest = createHash("sha256")
            .update(`{"provider_id":"${providerId}","model_id":"${model.id}","score":${JSON.stringify(s.score)},"grade":${JSON.stringify(s.grade)},"confidence":${JSON.stringify(s.confidence)},"factors":`)
            .update(row.factors)
            .update(`,"caps":${row.caps},"improvements":`)
            .update(row.improvements)
            .update("}")
            .digest("hex");
          const before = previous.get(providerId);
          if (before?.digest === digest && before.computedAt <= now) {
            scoreId = before.id;
            confirmed.push(before.id);
          } else {
            scoreId = randomUUID();
            fresh.push({ ...row, id: scoreId, digest });
          }
        }
        for (const d of depsByProvider.get(providerId) ?? []) {
          const r = dependencyRisk({
            grade: s.confidence > 0 ? s.grade : null,
            confidence: s.confidence > 0 ? s.confidence : null,
            observedClasses: d.dataClasses,
            declaredClasses: d.declared,
            narrowedClasses: d.narrowed,
            criticality: d.criticality,
            calls: d.calls,
          });
          risks.push({ dependency_id: d.id, application_id: d.applicationId, provider_score_id: scoreId, risk: r.risk, band: r.band, likelihood: r.likelihood, impact: r.impact, explanation: r });
        }
      }
      if (blobs.size > blobsBefore) {
        const newBlobs = [...blobs].slice(blobsBefore).map(([digest, text]) => `{"digest":"${digest}","body":${text}}`);
        blobsWritten = blobsWritten.then(() => writeBlobs(db, newBlobs));
      }
      if (fresh.length || risks.length) track(blobsWritten.then(() => writeScoresAndRisks(db, model.id, fresh, risks, now)));
      scored.push(chunk);
      // Let the statement go out (and earlier ones' results come in) before computing the next chunk.
      await new Promise((resolve) => setImmediate(resolve));
    }
    if (confirmed.length) {
      track(
        inChunks(confirmed, async (chunk) => {
          await db.execute(sql`update provider_scores set assessed_at = greatest(coalesce(assessed_at, computed_at), ${at}::timestamptz) where id in (select unnest(${`{${chunk.join(",")}}`}::uuid[]))`);
          return [];
        }, 5000),
      );
    }
    scored.close();
  } catch (error) {
    // The findings transaction rolls back; nothing is left running behind the caller.
    scored.fail(error);
    await Promise.allSettled([...writes, findingsDone]);
    throw error;
  }
  lap("compute");

  try {
    // Every statement settles before an error is thrown: nothing is left running behind the caller.
    const settled = await Promise.allSettled(writes);
    const failed = settled.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed) throw failed.reason;
    lap("writeScoresAndRisks");
    // The roll-ups read the risks and scores just written, not the findings: they run while the last
    // findings are recorded.
    await rollUpRisk(db, [...new Set(deps.map((d) => d.applicationId))], now);
    lap("rollUp");
    // The insurance exposure index reads the scores and dependencies just written.
    await rollUpExposure(db, now);
    lap("exposure");
  } finally {
    // Settled before returning or throwing: no transaction is left running behind the caller.
    await findingsDone.catch(() => undefined);
  }
  const findings = await findingsDone;
  lap("awaitFindings");
  // Wall time of the findings transaction, which overlaps the computing, the writes and the roll-ups.
  timings.findings = findingsMs;
  invalidateReputationCache(ids);
  return { providers: ids.length, dependencies: deps.length, modelVersion: model.version, scores, findings, timings };
}

/** An async iterable fed by its producer: items pushed, then closed (the iteration ends) or failed (it throws). */
function chunkChannel<T>() {
  const items: T[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  let failure: { error: unknown } | null = null;
  const signal = () => {
    wake?.();
    wake = null;
  };
  return {
    push(item: T) {
      items.push(item);
      signal();
    },
    close() {
      ended = true;
      signal();
    },
    fail(error: unknown) {
      failure = { error };
      signal();
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<T> {
      for (;;) {
        if (failure) throw failure.error;
        const item = items.shift();
        if (item !== undefined) yield item;
        else if (ended) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

/** Inserts graded results that score rows reference (JSON objects {digest, body}); known ones are skipped. */
async function writeBlobs(db: Db, rows: string[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db.execute(sql`
      insert into evidence_blobs (digest, body)
      select digest, body from json_to_recordset(${`[${rows.slice(i, i + 1000).join(",")}]`}::json) as x(digest text, body json)
      on conflict (digest) do nothing`);
  }
}

interface DependencyEdge {
  id: string;
  applicationId: string;
  providerId: string;
  dataClasses: string[];
  narrowed: string[] | null;
  calls: number;
  criticality: number;
  declared: string[];
}

/** The dependency edges on the given providers (every provider's when null), with their application's facts. Raw rows, ids as one array parameter. */
async function dependencyEdges(db: Db, ids: string[] | null): Promise<DependencyEdge[]> {
  const read = async (chunk: string[] | null) =>
    rowsOf<{ id: string; application_id: string; provider_id: string; data_classes: string[] | string; narrowed: string[] | string | null; calls: string | number; criticality: number; declared: string[] | string }>(
      await db.execute(sql`
        select d.id, d.application_id, d.provider_id, d.data_classes, d.narrowed_data_classes as narrowed, d.call_count as calls, a.criticality, a.data_classes as declared
        from dependencies d join applications a on a.id = d.application_id
        where d.provider_id is not null ${chunk ? sql`and d.provider_id = any(${`{${chunk.join(",")}}`}::uuid[])` : sql``}`),
    ).map((r) => ({ id: r.id, applicationId: r.application_id, providerId: r.provider_id, dataClasses: textArrayOf(r.data_classes) ?? [], narrowed: textArrayOf(r.narrowed), calls: Number(r.calls), criticality: Number(r.criticality), declared: textArrayOf(r.declared) ?? [] }));
  return ids ? inChunks(ids, read) : read(null);
}

/** A text[] column of a raw row: an array, or (a driver that does not parse arrays) its literal. */
function textArrayOf(value: string[] | string | null): string[] | null {
  if (value === null || Array.isArray(value)) return value;
  const inner = value.slice(1, -1);
  return inner ? inner.split(",").map((v) => v.replace(/^"|"$/g, "")) : [];
}

/** Signal rows of a raw query (either driver: timestamps as text or Date, json parsed or not). */
async function signalRowsOf(db: Db, query: SQL): Promise<(SignalRow & { providerId: string })[]> {
  const rows = rowsOf<{ id: string; provider_id: string; factor: string; source: string; evidence: unknown; is_override: boolean; justification: string | null; observed_at: string | Date }>(await db.execute(query));
  return rows.map((r) => ({
    id: r.id,
    providerId: r.provider_id,
    factor: r.factor,
    source: r.source,
    evidence: typeof r.evidence === "string" ? JSON.parse(r.evidence) : r.evidence,
    isOverride: r.is_override,
    justification: r.justification,
    observedAt: new Date(r.observed_at),
  }));
}

interface RiskRow {
  dependency_id: string;
  application_id: string;
  provider_score_id: string | null;
  risk: number;
  band: string;
  likelihood: number;
  impact: number;
  explanation: unknown;
}

/** A new score row: its parts serialised once (the digest is that of the row's JSON text). */
interface FreshScore {
  id: string;
  providerId: string;
  score: number;
  grade: string | null;
  confidence: number;
  factors: string;
  caps: string;
  improvements: string;
  digest: string;
}

/** COPY text of a JSON value: JSON has no raw tab, newline or carriage return, and a backslash (COPY's escape) is doubled. */
const copyJson = (json: string) => (json.includes("\\") ? json.replace(/\\/g, "\\\\") : json);

/**
 * Writes new score rows and dependency risks: each dependency's history row, which may reference a
 * score row written just before, and its current risk (on the dependency, which every page reads).
 * The day's roll-ups follow (rollUpRisk). On PostgreSQL outside a transaction the rows go by COPY (the
 * server parses COPY rows several times faster than a JSON document of the same rows, and the client
 * streams them instead of building one large parameter); elsewhere (PGlite, or inside the caller's
 * transaction) as JSON documents in one statement.
 */
async function writeScoresAndRisks(db: Db, modelId: string, scores: FreshScore[], risks: RiskRow[], now: Date): Promise<void> {
  const at = now.toISOString();
  const client = copyClient(db);
  if (client) {
    if (scores.length) {
      let rows = "";
      for (const r of scores) rows += `${r.id}\t${r.providerId}\t${modelId}\t${r.score}\t${r.grade ?? "\\N"}\t${r.confidence}\t${copyJson(r.factors)}\t${copyJson(r.caps)}\t${copyJson(r.improvements)}\t${r.digest}\t${at}\t${at}\n`;
      await copyIn(client, "copy provider_scores (id, provider_id, model_id, score, grade, confidence, factors, caps, improvements, digest, computed_at, assessed_at) from stdin", rows);
    }
    if (!risks.length) return;
    let rows = "";
    const historyIds: string[] = [];
    for (const r of risks) {
      const id = randomUUID();
      historyIds.push(id);
      rows += `${id}\t${r.dependency_id}\t${r.application_id}\t${r.provider_score_id ?? "\\N"}\t${r.risk}\t${copyJson(JSON.stringify(r.explanation))}\t${at}\n`;
    }
    await copyIn(client, "copy dependency_risks (id, dependency_id, application_id, provider_score_id, risk, explanation, computed_at) from stdin", rows);
    // The current risk is the history row just written (its explanation holds the band and the levels).
    await db.execute(sql`
      update dependencies d
      set risk = r.risk, risk_band = r.explanation ->> 'band', likelihood = (r.explanation ->> 'likelihood')::smallint, impact = (r.explanation ->> 'impact')::smallint,
        risk_explanation = r.explanation, risk_computed_at = ${at}::timestamptz
      from dependency_risks r
      where r.id = any(${`{${historyIds.join(",")}}`}::uuid[]) and d.id = r.dependency_id`);
    return;
  }
  const scoreRows = scores.map(
    (r) => `{"id":"${r.id}","provider_id":"${r.providerId}","model_id":"${modelId}","score":${JSON.stringify(r.score)},"grade":${JSON.stringify(r.grade)},"confidence":${JSON.stringify(r.confidence)},"factors":${r.factors},"caps":${r.caps},"improvements":${r.improvements},"digest":"${r.digest}"}`,
  );
  await db.execute(sql`
    with s as (
      insert into provider_scores (id, provider_id, model_id, score, grade, confidence, factors, caps, improvements, digest, computed_at, assessed_at)
      select id, provider_id, model_id, score, grade, confidence, factors, caps, improvements, digest, ${at}::timestamptz, ${at}::timestamptz
      from json_to_recordset(${`[${scoreRows.join(",")}]`}::json) as x(id uuid, provider_id uuid, model_id uuid, score real, grade text, confidence real, factors json, caps json, improvements json, digest text)),
    x as (select * from jsonb_to_recordset(${JSON.stringify(risks)}::jsonb) as x(dependency_id uuid, application_id uuid, provider_score_id uuid, risk real, band text, likelihood smallint, impact smallint, explanation jsonb)),
    history as (
      insert into dependency_risks (dependency_id, application_id, provider_score_id, risk, explanation, computed_at)
      select dependency_id, application_id, provider_score_id, risk, explanation, ${at}::timestamptz from x)
    update dependencies d
    set risk = x.risk, risk_band = x.band, likelihood = x.likelihood, impact = x.impact, risk_explanation = x.explanation, risk_computed_at = ${at}::timestamptz
    from x where d.id = x.dependency_id`);
}

/** The postgres.js client behind a database handle (not a transaction, not PGlite), which can COPY; null otherwise. */
function copyClient(db: Db): postgres.Sql | null {
  const client = (db as unknown as { $client?: unknown }).$client;
  const isPostgresJs = typeof client === "function" && typeof (client as { unsafe?: unknown }).unsafe === "function" && typeof (client as { begin?: unknown }).begin === "function";
  return isPostgresJs ? (client as postgres.Sql) : null;
}

/** Streams COPY text rows into a `copy … from stdin` statement. */
async function copyIn(client: postgres.Sql, statement: string, rows: string): Promise<void> {
  const stream = await client.unsafe(statement).writable();
  await pipeline(Readable.from([rows]), stream);
}

/**
 * Upserts the day's roll-up rows for the given applications and for the whole portfolio.
 * An application's band is its riskiest dependency's stored band (the domain rule, not a copy of it).
 */
export async function rollUpRisk(db: Db, applicationIds: string[], now: Date): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  const at = now.toISOString();
  await inChunks(applicationIds, async (chunk) => {
    await db.execute(sql`
      insert into application_risk_daily (application_id, day, risk, band, dependencies, computed_at)
      select application_id, ${day}::date, max(risk), (array_agg(risk_band order by risk desc))[1], count(*)::int, ${at}::timestamptz
      from dependencies
      where risk is not null and application_id in (select unnest(${`{${chunk.join(",")}}`}::uuid[]))
      group by application_id
      on conflict (application_id, day) do update set risk = excluded.risk, band = excluded.band, dependencies = excluded.dependencies, computed_at = excluded.computed_at`);
    return [];
  });
  const [apps, cells] = await Promise.all([
    db.execute(sql`
      select a.criticality, max(d.risk) as risk from dependencies d join applications a on a.id = d.application_id
      where d.risk is not null group by d.application_id, a.criticality`),
    db.execute(sql`select likelihood, impact, risk_band as band, count(*)::int as n, sum(risk)::float8 as total from dependencies where risk is not null group by likelihood, impact, risk_band`),
  ]);
  const appRows = rowsOf<{ criticality: number; risk: number }>(apps).map((a) => ({ criticality: Number(a.criticality), risk: Number(a.risk) }));
  const cellRows = rowsOf<{ likelihood: number; impact: number; band: string; n: number; total: number }>(cells);
  const heat = LEVELS.map(() => LEVELS.map(() => 0));
  const bands: Record<string, number> = Object.fromEntries(RISK_BANDS.map((b) => [b, 0]));
  let dependencyCount = 0;
  let riskTotal = 0;
  for (const c of cellRows) {
    dependencyCount += Number(c.n);
    riskTotal += Number(c.total);
    heat[Number(c.likelihood) - 1][Number(c.impact) - 1] += Number(c.n);
    bands[c.band] = (bands[c.band] ?? 0) + Number(c.n);
  }
  const applicationBands: Record<string, number> = Object.fromEntries(RISK_BANDS.map((b) => [b, 0]));
  for (const a of appRows) applicationBands[bandOfRisk(a.risk)]++;
  const portfolio = rollUp(appRows);
  const meanDependencyRisk = dependencyCount ? Math.round((riskTotal / dependencyCount) * 10) / 10 : 0;
  await db
    .insert(portfolioRiskDaily)
    .values({ day, applications: appRows.length, meanRisk: portfolio.risk, worstRisk: portfolio.worst, meanDependencyRisk, bands, applicationBands, heat, computedAt: now })
    .onConflictDoUpdate({
      target: portfolioRiskDaily.day,
      set: { applications: appRows.length, meanRisk: portfolio.risk, worstRisk: portfolio.worst, meanDependencyRisk, bands, applicationBands, heat, computedAt: now },
    });
}

/**
 * SDK vulnerability factors: SBOM components that are a provider's SDK, their recorded and matched vulnerabilities, enriched with KEV and EPSS;
 * and the same vulnerabilities per application using the SDK, for vulnerable_sdk findings.
 */
async function sdkFactorsFor(db: Db, ids: string[], all = false): Promise<{ factors: Map<string, FactorResult>; vulnerabilities: Map<string, AppSdkVulnerability[]> }> {
  const query = (where: SQL | undefined) =>
    db
      .select({ providerId: sbomComponents.providerId, applicationId: sbomComponents.applicationId, criticality: applications.criticality, purl: sbomComponents.purl, name: sbomComponents.name, groupName: sbomComponents.groupName, version: sbomComponents.version, ecosystem: sbomComponents.ecosystem, application: applications.slug, providerSlug: providers.slug })
      .from(sbomComponents)
      .innerJoin(applications, eq(applications.id, sbomComponents.applicationId))
      .innerJoin(providers, eq(providers.id, sbomComponents.providerId))
      .where(where);
  const components = all ? await query(isNotNull(sbomComponents.providerId)) : await inChunks(ids, (chunk) => query(inArray(sbomComponents.providerId, chunk)));
  const out = new Map<string, FactorResult>();
  const perApplication = new Map<string, AppSdkVulnerability[]>();
  if (!components.length) return { factors: out, vulnerabilities: perApplication };
  const purls = [...new Set(components.map((c) => c.purl))];
  const recorded = await db.select({ purl: sbomVulnerabilities.componentPurl, id: sbomVulnerabilities.vulnId, ratings: sbomVulnerabilities.ratings }).from(sbomVulnerabilities).where(inArray(sbomVulnerabilities.componentPurl, purls));
  const names = [...new Set(components.map((c) => (c.groupName ? `${c.groupName}/${c.name}` : c.name)))];
  const advisoryRows = await db.select().from(vulnAdvisories).where(inArray(vulnAdvisories.packageName, names));
  const advisories: Advisory[] = advisoryRows.map((a) => ({
    id: a.id,
    aliases: a.aliases,
    ecosystem: a.ecosystem,
    packageName: a.packageName,
    vulnerableRange: a.vulnerableRange,
    patchedRange: a.patchedRange,
    cvss: a.cvssVector && a.cvssScore !== null ? { vector: a.cvssVector, score: a.cvssScore, version: a.cvssVector.startsWith("CVSS:4") ? "4.0" : "3.1" } : null,
    severity: a.severity,
    title: a.title,
    published: a.published,
    source: a.source as Advisory["source"],
  }));
  const matched = matchVulnerabilities(components.map((c) => ({ purl: c.purl, name: c.groupName ? `${c.groupName}/${c.name}` : c.name, version: c.version })), advisories);
  const cves = [...new Set([...matched.flatMap((m) => [m.advisory.id, ...m.advisory.aliases]), ...recorded.map((r) => r.id)].filter((id) => id.startsWith("CVE-")))];
  const [kev, epss] = cves.length
    ? await Promise.all([db.select({ cve: kevEntries.cveId }).from(kevEntries).where(inArray(kevEntries.cveId, cves)), db.select({ cve: epssScores.cveId, epss: epssScores.epss }).from(epssScores).where(inArray(epssScores.cveId, cves))])
    : [[], []];
  const kevSet = new Set(kev.map((k) => k.cve));
  const epssMap = new Map(epss.map((e) => [e.cve, e.epss]));
  const vulns = [
    ...matched.map((m) => {
      const ids = [m.advisory.id, ...m.advisory.aliases];
      return { purl: m.purl, id: m.advisory.id, aliases: m.advisory.aliases, cvss: m.advisory.cvss?.score ?? null, epss: Math.max(0, ...ids.map((i) => epssMap.get(i) ?? 0)) || null, kev: ids.some((i) => kevSet.has(i)), fixedIn: m.advisory.patchedRange };
    }),
    ...recorded
      .filter((r) => r.purl)
      .map((r) => {
        const ratings = (r.ratings as { score?: number | null }[]) ?? [];
        const scores = ratings.map((x) => x.score).filter((x): x is number => typeof x === "number");
        return { purl: r.purl as string, id: r.id, aliases: [], cvss: scores.length ? Math.max(...scores) : null, epss: epssMap.get(r.id) ?? null, kev: kevSet.has(r.id), fixedIn: null };
      }),
  ];
  for (const providerId of new Set(components.map((c) => c.providerId ?? ""))) {
    const mine = components.filter((c) => c.providerId === providerId);
    const myPurls = new Set(mine.map((c) => c.purl));
    const myVulns = vulns.filter((v) => myPurls.has(v.purl));
    out.set(providerId, sdkVulnerabilityFactor({ sdkComponents: mine.map((c) => ({ purl: c.purl, providerSlug: c.providerSlug, application: c.application })), vulnerabilities: myVulns }));
    if (myVulns.length) perApplication.set(providerId, mine.flatMap((c) => myVulns.filter((v) => v.purl === c.purl).map((v) => ({ ...v, applicationId: c.applicationId, criticality: c.criticality }))));
  }
  return { factors: out, vulnerabilities: perApplication };
}
