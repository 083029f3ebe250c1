import "server-only";
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applicationRiskDaily, applications, attestations, dependencies, incidents, portfolioRiskDaily, providerScores, providers, scoringModels, signals, teams, users } from "@/db/schema";
import { applicationRisk, bandOfRisk, heatMap, RISK_BANDS, type RiskBand } from "@/lib/domain/scoring/dependency-risk";
import { countGrades } from "@/lib/domain/reports/summary";
import { rowsOf } from "../db-results";
import { dependentApplicationsSql } from "./dependents";
import type { ReputationScore } from "@/lib/domain/scoring/model";
import { assertCan, type Actor } from "../actor";
import { hydrateFactors } from "../scoring/stored-evidence";

export interface StoredScore {
  id: string;
  score: number;
  grade: string | null;
  confidence: number;
  factors: ReputationScore["factors"];
  caps: ReputationScore["caps"];
  improvements: ReputationScore["improvements"];
  modelVersion: number;
  computedAt: string;
  /** Last time a rescore confirmed this result (later than computedAt when nothing changed since). */
  assessedAt: string;
}

const scoreColumns = {
  id: providerScores.id,
  providerId: providerScores.providerId,
  score: providerScores.score,
  grade: providerScores.grade,
  confidence: providerScores.confidence,
  factors: providerScores.factors,
  caps: providerScores.caps,
  improvements: providerScores.improvements,
  modelVersion: scoringModels.version,
  computedAt: providerScores.computedAt,
  assessedAt: providerScores.assessedAt,
};

type ScoreRow = { id: string; providerId: string; score: number; grade: string | null; confidence: number; factors: unknown; caps: unknown; improvements: unknown; modelVersion: number; computedAt: Date; assessedAt: Date | null };

function toStored(r: ScoreRow): StoredScore {
  return {
    id: r.id,
    score: r.score,
    grade: r.grade,
    confidence: r.confidence,
    factors: r.factors as StoredScore["factors"],
    caps: r.caps as StoredScore["caps"],
    improvements: r.improvements as StoredScore["improvements"],
    modelVersion: r.modelVersion,
    computedAt: r.computedAt.toISOString(),
    assessedAt: (r.assessedAt ?? r.computedAt).toISOString(),
  };
}

/** The latest score of each given provider. */
export async function latestScores(db: Db, providerIds: string[]): Promise<Map<string, StoredScore>> {
  if (!providerIds.length) return new Map();
  const rows = await db
    .selectDistinctOn([providerScores.providerId], scoreColumns)
    .from(providerScores)
    .innerJoin(scoringModels, eq(scoringModels.id, providerScores.modelId))
    .where(inArray(providerScores.providerId, providerIds))
    .orderBy(providerScores.providerId, desc(providerScores.computedAt), desc(providerScores.id));
  const stored = rows.map((r) => [r.providerId, toStored(r)] as const);
  // Score rows reference their probes and graded results; the evidence is shown as it was computed.
  await hydrateFactors(db, stored.map(([, s]) => s.factors));
  return new Map(stored);
}

export async function getProviderReputation(db: Db, actor: Actor, slug: string) {
  assertCan(actor, "providers.read");
  const [provider] = await db.select({ id: providers.id, slug: providers.slug, name: providers.name, hostPatterns: providers.hostPatterns }).from(providers).where(eq(providers.slug, slug));
  if (!provider) return null;
  const [latest, history, attestationRows, incidentRows, overrideRows, risks] = await Promise.all([
    latestScores(db, [provider.id]),
    db
      .select({ score: providerScores.score, grade: providerScores.grade, confidence: providerScores.confidence, computedAt: providerScores.computedAt, modelVersion: scoringModels.version })
      .from(providerScores)
      .innerJoin(scoringModels, eq(scoringModels.id, providerScores.modelId))
      .where(eq(providerScores.providerId, provider.id))
      .orderBy(desc(providerScores.computedAt))
      .limit(200),
    db.select({ id: attestations.id, kind: attestations.kind, issuedOn: attestations.issuedOn, expiresOn: attestations.expiresOn, evidenceUrl: attestations.evidenceUrl, note: attestations.note, by: users.email, at: attestations.createdAt }).from(attestations).leftJoin(users, eq(users.id, attestations.recordedById)).where(eq(attestations.providerId, provider.id)).orderBy(desc(attestations.expiresOn)),
    db.select({ id: incidents.id, occurredOn: incidents.occurredOn, severity: incidents.severity, breach: incidents.breach, description: incidents.description, sourceUrl: incidents.sourceUrl, by: users.email }).from(incidents).leftJoin(users, eq(users.id, incidents.recordedById)).where(eq(incidents.providerId, provider.id)).orderBy(desc(incidents.occurredOn)),
    db.select({ factor: signals.factor, evidence: signals.evidence, justification: signals.justification, at: signals.observedAt, by: users.email }).from(signals).leftJoin(users, eq(users.id, signals.recordedById)).where(and(eq(signals.providerId, provider.id), eq(signals.isOverride, true), isNull(signals.supersededAt))),
    dependentRisks(db, provider.id),
  ]);
  return {
    provider,
    score: latest.get(provider.id) ?? null,
    history: history.reverse().map((h) => ({ ...h, computedAt: h.computedAt.toISOString() })),
    attestations: attestationRows.map((a) => ({ ...a, at: a.at.toISOString() })),
    incidents: incidentRows,
    overrides: overrideRows.map((o) => ({ factor: o.factor, subscore: (o.evidence as { subscore?: number }).subscore ?? null, justification: o.justification, at: o.at.toISOString(), by: o.by })),
    dependents: risks,
    dependentCount: await countDependents(db, provider.id),
  };
}

export interface RiskExplanation {
  likelihood: number;
  likelihoodReason: string;
  impact: number;
  impactReasons: string[];
  sensitivity: string;
  sensitivityFrom: string;
  band: RiskBand;
}

const riskColumns = {
  risk: dependencies.risk,
  band: dependencies.riskBand,
  likelihood: dependencies.likelihood,
  impact: dependencies.impact,
  explanation: dependencies.riskExplanation,
};

/** How many dependents a provider page lists (riskiest first); the Dependencies page has them all. */
export const DEPENDENTS_SHOWN = 50;

/** The applications depending on a provider (one row each), riskiest first, with their current contextual risk. */
async function dependentRisks(db: Db, providerId: string) {
  const rows = await db
    .select({
      id: dependencies.id,
      slug: applications.slug,
      name: applications.name,
      criticality: applications.criticality,
      team: teams.name,
      sources: dependencies.sources,
      calls: dependencies.callCount,
      dataClasses: dependencies.dataClasses,
      declaredClasses: applications.dataClasses,
      narrowedClasses: dependencies.narrowedDataClasses,
      ...riskColumns,
    })
    .from(dependencies)
    .innerJoin(applications, eq(applications.id, dependencies.applicationId))
    .leftJoin(teams, eq(teams.id, applications.ownerTeamId))
    .where(eq(dependencies.providerId, providerId))
    .orderBy(sql`${dependencies.risk} desc nulls last`, asc(applications.criticality), asc(applications.slug))
    .limit(DEPENDENTS_SHOWN);
  return rows.map((r) => ({ ...r, explanation: r.explanation as RiskExplanation | null, band: (r.band as RiskBand | null) ?? null }));
}

/** The one definition of dependent applications (lib/server/dal/dependents), for one provider. */
async function countDependents(db: Db, providerId: string): Promise<number> {
  const [row] = await db.select({ n: dependentApplicationsSql }).from(providers).where(eq(providers.id, providerId));
  return Number(row?.n ?? 0);
}

export async function getApplicationRisk(db: Db, actor: Actor, slug: string) {
  assertCan(actor, "applications.read");
  const [app] = await db.select({ id: applications.id, criticality: applications.criticality, declared: applications.dataClasses }).from(applications).where(eq(applications.slug, slug));
  if (!app) return null;
  const since = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
  const [deps, trend] = await Promise.all([
    db
      .select({
        id: dependencies.id,
        providerId: dependencies.providerId,
        providerSlug: providers.slug,
        providerName: providers.name,
        hosts: dependencies.hosts,
        sources: dependencies.sources,
        sourceEvidence: dependencies.sourceEvidence,
        calls: dependencies.callCount,
        dataClasses: dependencies.dataClasses,
        narrowedClasses: dependencies.narrowedDataClasses,
        narrowJustification: dependencies.narrowJustification,
        ...riskColumns,
      })
      .from(dependencies)
      .innerJoin(providers, eq(providers.id, dependencies.providerId))
      .where(eq(dependencies.applicationId, app.id))
      .orderBy(sql`${dependencies.risk} desc nulls last`, asc(providers.name)),
    db
      .select({ day: applicationRiskDaily.day, risk: applicationRiskDaily.risk, band: applicationRiskDaily.band })
      .from(applicationRiskDaily)
      .where(and(eq(applicationRiskDaily.applicationId, app.id), gte(applicationRiskDaily.day, since)))
      .orderBy(asc(applicationRiskDaily.day)),
  ]);
  const scores = await latestScores(db, [...new Set(deps.map((d) => d.providerId ?? ""))].filter(Boolean));
  const rows = deps.map((d) => {
    const s = scores.get(d.providerId ?? "");
    return { ...d, explanation: d.explanation as RiskExplanation | null, band: (d.band as RiskBand | null) ?? null, score: s?.score ?? null, grade: s?.grade ?? null, confidence: s?.confidence ?? null };
  });
  const overall = applicationRisk(rows.map((r) => r.risk ?? 0));
  return {
    overall,
    band: rows.some((r) => r.risk !== null) ? bandOfRisk(overall) : null,
    declaredClasses: app.declared,
    heat: heatMap(rows.filter((r) => r.likelihood !== null && r.impact !== null).map((r) => ({ likelihood: r.likelihood ?? 1, impact: r.impact ?? 1 }))),
    trend,
    dependencies: rows,
  };
}

/**
 * Overview figures of the oracle: grade distribution, the riskiest dependencies,
 * the heat map and the 90-day trend. Reads current risk columns and the daily
 * roll-up the rescore job keeps, never the whole dependency-risk history.
 */
export async function getReputationOverview(db: Db, actor: Actor, now = new Date()) {
  assertCan(actor, "overview.read");
  const since = new Date(now.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
  const [gradeRows, riskiest, trend, [latestDay]] = await Promise.all([
    db.execute(sql`
      select coalesce(s.grade, 'none') as grade, count(*)::int as n
      from (select distinct ${dependencies.providerId} as id from ${dependencies} where ${dependencies.providerId} is not null) u
      left join lateral (select ps.grade from provider_scores ps where ps.provider_id = u.id order by ps.computed_at desc, ps.id desc limit 1) s on true
      group by 1`),
    db
      .select({
        dependencyId: dependencies.id,
        risk: sql<number>`${dependencies.risk}`.mapWith(Number),
        band: dependencies.riskBand,
        likelihood: dependencies.likelihood,
        impact: dependencies.impact,
        appSlug: applications.slug,
        appName: applications.name,
        criticality: applications.criticality,
        team: teams.name,
        providerSlug: providers.slug,
        providerName: providers.name,
        dataClasses: dependencies.dataClasses,
        sensitivity: sql<string | null>`${dependencies.riskExplanation}->>'sensitivity'`,
        sensitivityFrom: sql<string | null>`${dependencies.riskExplanation}->>'sensitivityFrom'`,
      })
      .from(dependencies)
      .innerJoin(applications, eq(applications.id, dependencies.applicationId))
      .leftJoin(teams, eq(teams.id, applications.ownerTeamId))
      .innerJoin(providers, eq(providers.id, dependencies.providerId))
      .where(isNotNull(dependencies.risk))
      // "nulls last" (no nulls pass the filter) to match dependencies_risk_idx, which the dependency list's default order needs.
      .orderBy(sql`${dependencies.risk} desc nulls last`, asc(applications.criticality), desc(dependencies.callCount), asc(dependencies.id))
      .limit(10),
    db.select().from(portfolioRiskDaily).where(gte(portfolioRiskDaily.day, since)).orderBy(asc(portfolioRiskDaily.day)),
    db.select().from(portfolioRiskDaily).orderBy(desc(portfolioRiskDaily.day)).limit(1),
  ]);
  const grades: Record<string, number> = countGrades(rowsOf<{ grade: string | null; n: number }>(gradeRows).map((g) => ({ grade: g.grade, n: Number(g.n) })));
  const empty = Object.fromEntries(RISK_BANDS.map((b) => [b, 0])) as Record<RiskBand, number>;
  return {
    grades,
    riskiest: riskiest.map((r) => ({ ...r, band: (r.band as RiskBand | null) ?? bandOfRisk(r.risk) })),
    portfolio: latestDay ? { risk: latestDay.meanRisk, worst: latestDay.worstRisk } : { risk: 0, worst: 0 },
    applicationBands: (latestDay?.applicationBands as Record<RiskBand, number> | undefined) ?? empty,
    dependencyBands: (latestDay?.bands as Record<RiskBand, number> | undefined) ?? empty,
    highRiskApplications: latestDay ? Number(latestDay.applicationBands.high ?? 0) + Number(latestDay.applicationBands.critical ?? 0) : 0,
    heat: latestDay?.heat ?? heatMap([]),
    trend: trend.map((t) => ({
      day: t.day,
      risk: Math.round(t.meanRisk * 10) / 10,
      dependencyRisk: t.meanDependencyRisk,
      worst: t.worstRisk,
      high: Number(t.applicationBands.high ?? 0) + Number(t.applicationBands.critical ?? 0),
      highDependencies: Number(t.bands.high ?? 0) + Number(t.bands.critical ?? 0),
    })),
  };
}
