import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
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
export async function rescoreProviders(db: Db, options: { providerIds?: string[]; now?: Date } = {}): Promise<RescoreResult> {
  const now = options.now ?? new Date();
  const timings: Record<string, number> = {};
  let mark = performance.now();
  const lap = (phase: string) => {
    const t = performance.now();
    timings[phase] = Math.round(t - mark);
    mark = t;
  };
  const model = await currentModel(db);
  const ids = options.providerIds ?? (await db.select({ id: providers.id }).from(providers)).map((p) => p.id);
  if (!ids.length) return { providers: 0, dependencies: 0, modelVersion: model.version, scores: new Map(), findings: { created: 0, updated: 0, reopened: 0, resolved: 0 }, timings };

  // Rescoring everything reads whole tables; a subset reads by id, in chunks. The reads run concurrently.
  const all = !options.providerIds;
  const byIds = <T>(query: (where: (column: AnyPgColumn) => SQL | undefined) => Promise<T[]>): Promise<T[]> =>
    all ? query(() => undefined) : inChunks(ids, (chunk) => query((column) => inArray(column, chunk)));
  const [signalRows, overrideRows, attestationRows, incidentRows, traffic, sdk] = await Promise.all([
    // Only the latest live signal per (provider, factor, override) leaves the database. Raw rows: tens of
    // thousands of them through the query builder's row mapping cost more than reading them.
    byIds((where) =>
      signalRowsOf(db, sql`
        select distinct on (provider_id, factor, is_override) id, provider_id, factor, source, evidence, is_override, justification, observed_at
        from signals
        where ${and(where(signals.providerId), isNull(signals.supersededAt), inArray(signals.factor, [...PROBE_FACTORS]), sql`${signals.observedAt} <= ${now.toISOString()}::timestamptz`)}
        order by provider_id, factor, is_override, observed_at desc`),
    ),
    byIds((where) =>
      signalRowsOf(db, sql`
        select distinct on (provider_id, factor) id, provider_id, factor, source, evidence, is_override, justification, observed_at
        from signals
        where ${and(where(signals.providerId), isNull(signals.supersededAt), eq(signals.isOverride, true))}
        order by provider_id, factor, observed_at desc`),
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
    sdkFactorsFor(db, ids),
  ]);
  const latest = new Map<string, SignalRow>();
  for (const s of [...signalRows, ...overrideRows]) latest.set(`${s.providerId}|${s.factor}|${s.isOverride}`, s);
  const { factors: sdkFactors, vulnerabilities: sdkVulnerabilities } = sdk;
  lap("read");

  const byProvider = <T extends { providerId: string | null }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) if (r.providerId) (m.get(r.providerId) ?? m.set(r.providerId, []).get(r.providerId))?.push(r);
    return m;
  };
  const attByProvider = byProvider(attestationRows);
  const incByProvider = byProvider(incidentRows);
  const trafficByProvider = new Map(traffic.map((t) => [t.providerId ?? "", t]));

  const scores = new Map<string, ReputationScore>();
  const httpMemo = new Map<string, FactorResult>();
  for (const id of ids) {
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
    const score = computeReputation(final, model);
    // A provider with no evidence at all gets no score row (not a misleading 0).
    if (score.confidence > 0) scores.set(id, score);
  }

  lap("compute");
  // The score each provider had before this one, for provider_risk's before/after (read before the insert),
  // and the dependency edges on these providers (risks and findings need them; no write below changes them).
  const [previous, deps] = await Promise.all([
    latestStoredScores(db, [...scores.keys()], now),
    byIds((where) =>
      db
        .select({
          id: dependencies.id,
          applicationId: dependencies.applicationId,
          providerId: dependencies.providerId,
          dataClasses: dependencies.dataClasses,
          narrowed: dependencies.narrowedDataClasses,
          calls: dependencies.callCount,
          criticality: applications.criticality,
          declared: applications.dataClasses,
        })
        .from(dependencies)
        .innerJoin(applications, eq(applications.id, dependencies.applicationId))
        .where(and(where(dependencies.providerId), isNotNull(dependencies.providerId))),
    ),
  ]);
  lap("readPrevious");

  const transport = new Map<string, SignalRow>();
  for (const id of ids) {
    const s = latest.get(`${id}|transport|false`);
    if (s) transport.set(id, s);
  }
  // Findings (their own transaction, on another pooled connection) need the scores and the previous
  // ones, not the rows written below: they are recorded while the scores and risks are written.
  let findingsMs = 0;
  const findingsStarted = performance.now();
  const findingsDone = detectProviderFindings(db, { providerIds: ids, scores, previous, transport, attestations: attByProvider, sdkVulnerabilities, dependents: deps, now }).finally(() => {
    findingsMs = Math.round(performance.now() - findingsStarted);
  });
  // Awaited (with its error) after the writes; never left unhandled meanwhile.
  findingsDone.catch(() => undefined);

  try {
    // A result identical to the provider's latest row (same model, score, factors, evidence, caps, fixes)
    // writes no new row: the history keeps changes, and that row's assessed_at moves to now.
    // Each row is serialised once: its text is both hashed and sent. Rows store their factors compacted
    // (a probe as a reference to its signal, graded results once in evidence_blobs), and the digest is
    // that of the stored text. New rows get their id here, so the dependency risks that reference them
    // go in the same statements.
    const scoreIds = new Map<string, string>();
    const fresh = new Map<string, string>();
    const confirmed: string[] = [];
    const blobs = new Map<string, string>();
    const blobDigests = new WeakMap<object, string>();
    for (const [providerId, s] of scores) {
      const factors = compactFactors(s.factors, (name) => latest.get(`${providerId}|${name}|false`), blobs, blobDigests);
      const text = JSON.stringify({ provider_id: providerId, model_id: model.id, score: s.score, grade: s.grade, confidence: s.confidence, factors, caps: s.caps, improvements: s.improvements });
      const digest = createHash("sha256").update(text).digest("hex");
      const before = previous.get(providerId);
      if (before?.digest === digest && before.computedAt <= now) {
        scoreIds.set(providerId, before.id);
        confirmed.push(before.id);
      } else {
        const id = randomUUID();
        scoreIds.set(providerId, id);
        fresh.set(providerId, `{"id":"${id}",${text.slice(1, -1)},"digest":"${digest}"}`);
      }
    }
    const risksOf = new Map<string, RiskRow[]>();
    for (const d of deps) {
      const s = scores.get(d.providerId ?? "");
      const r = dependencyRisk({
        grade: s?.grade ?? null,
        confidence: s ? s.confidence : null,
        observedClasses: d.dataClasses,
        declaredClasses: d.declared,
        narrowedClasses: d.narrowed,
        criticality: d.criticality,
        calls: d.calls,
      });
      const row = { dependency_id: d.id, application_id: d.applicationId, provider_score_id: scoreIds.get(d.providerId ?? "") ?? null, risk: r.risk, band: r.band, likelihood: r.likelihood, impact: r.impact, explanation: r };
      const key = d.providerId ?? "";
      (risksOf.get(key) ?? risksOf.set(key, []).get(key))?.push(row);
    }
    const at = now.toISOString();
    // The blobs first: a score row is never visible before what it references.
    const blobRows = [...blobs].map(([digest, text]) => `{"digest":"${digest}","body":${text}}`);
    for (let i = 0; i < blobRows.length; i += 1000) {
      await db.execute(sql`
        insert into evidence_blobs (digest, body)
        select digest, body from json_to_recordset(${`[${blobRows.slice(i, i + 1000).join(",")}]`}::json) as x(digest text, body json)
        on conflict (digest) do nothing`);
    }
    // Statements of up to 1,000 new score rows, each with the dependency risks of those providers (history
    // row and current risk on the dependency); then the risks of the providers whose score is unchanged
    // or absent. Bulk writes go as JSON documents: building thousands of parameterised rows through the
    // query builder costs more than the database work. Statements go concurrently on the pool.
    const statements: { scores: string[]; risks: RiskRow[] }[] = [];
    let current: { scores: string[]; risks: RiskRow[] } | null = null;
    for (const [providerId, row] of fresh) {
      if (!current || current.scores.length === 1000) statements.push((current = { scores: [], risks: [] }));
      current.scores.push(row);
      for (const r of risksOf.get(providerId) ?? []) current.risks.push(r);
      risksOf.delete(providerId);
    }
    const rest = [...risksOf.values()].flat();
    for (let i = 0; i < rest.length; i += 5000) statements.push({ scores: [], risks: rest.slice(i, i + 5000) });
    await Promise.all([
      ...statements.map((st) => writeScoresAndRisks(db, st.scores, st.risks, now)),
      ...(confirmed.length
        ? [inChunks(confirmed, async (chunk) => {
            await db.execute(sql`update provider_scores set assessed_at = greatest(coalesce(assessed_at, computed_at), ${at}::timestamptz) where id in (select unnest(${`{${chunk.join(",")}}`}::uuid[]))`);
            return [];
          }, 5000)]
        : []),
    ]);
    lap("writeScoresAndRisks");
    await rollUpRisk(db, [...new Set(deps.map((d) => d.applicationId))], now);
    lap("rollUp");
  } finally {
    // Settled before returning or throwing: no transaction is left running behind the caller.
    await findingsDone.catch(() => undefined);
  }
  const findings = await findingsDone;
  lap("awaitFindings");
  // Wall time of the findings transaction, which overlaps writeScores and writeRisks.
  timings.findings = findingsMs;
  // The insurance exposure index reads the scores and dependencies just written.
  await rollUpExposure(db, now);
  lap("exposure");
  invalidateReputationCache(ids);
  return { providers: ids.length, dependencies: deps.length, modelVersion: model.version, scores, findings, timings };
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

/**
 * Writes new score rows (JSON objects with their id) and dependency risks in one statement: each
 * dependency's current risk (on the dependency, which every page reads) and its history row, which
 * may reference a score row of the same statement. The day's roll-ups follow (rollUpRisk).
 */
async function writeScoresAndRisks(db: Db, scoreRows: string[], risks: RiskRow[], now: Date): Promise<void> {
  const at = now.toISOString();
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
async function sdkFactorsFor(db: Db, ids: string[]): Promise<{ factors: Map<string, FactorResult>; vulnerabilities: Map<string, AppSdkVulnerability[]> }> {
  const components = await inChunks(ids, (chunk) =>
    db
      .select({ providerId: sbomComponents.providerId, applicationId: sbomComponents.applicationId, criticality: applications.criticality, purl: sbomComponents.purl, name: sbomComponents.name, groupName: sbomComponents.groupName, version: sbomComponents.version, ecosystem: sbomComponents.ecosystem, application: applications.slug, providerSlug: providers.slug })
      .from(sbomComponents)
      .innerJoin(applications, eq(applications.id, sbomComponents.applicationId))
      .innerJoin(providers, eq(providers.id, sbomComponents.providerId))
      .where(inArray(sbomComponents.providerId, chunk)),
  );
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
