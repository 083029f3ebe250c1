import "server-only";
import { and, asc, desc, eq, gte, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, attestations, dependencies, dependencyRisks, incidents, providerScores, providers, scoringModels, signals, teams, users } from "@/db/schema";
import { applicationRisk, rollUp } from "@/lib/domain/scoring/dependency-risk";
import type { ReputationScore } from "@/lib/domain/scoring/model";
import { assertCan, type Actor } from "../actor";

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
};

type ScoreRow = { id: string; providerId: string; score: number; grade: string | null; confidence: number; factors: unknown; caps: unknown; improvements: unknown; modelVersion: number; computedAt: Date };

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
  return new Map(rows.map((r) => [r.providerId, toStored(r)]));
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
  };
}

/** Latest contextual risk of each dependency on a provider (or of each dependency of an application). */
async function latestRisks(db: Db, where: ReturnType<typeof eq>) {
  return db
    .selectDistinctOn([dependencyRisks.dependencyId], { dependencyId: dependencyRisks.dependencyId, risk: dependencyRisks.risk, explanation: dependencyRisks.explanation, computedAt: dependencyRisks.computedAt })
    .from(dependencyRisks)
    .innerJoin(dependencies, eq(dependencies.id, dependencyRisks.dependencyId))
    .where(where)
    .orderBy(dependencyRisks.dependencyId, desc(dependencyRisks.computedAt));
}

async function dependentRisks(db: Db, providerId: string) {
  const [deps, risks] = await Promise.all([
    db
      .select({ id: dependencies.id, slug: applications.slug, name: applications.name, criticality: applications.criticality, team: teams.name, source: dependencies.source, calls: dependencies.callCount, dataClasses: dependencies.dataClasses })
      .from(dependencies)
      .innerJoin(applications, eq(applications.id, dependencies.applicationId))
      .leftJoin(teams, eq(teams.id, applications.ownerTeamId))
      .where(eq(dependencies.providerId, providerId)),
    latestRisks(db, eq(dependencies.providerId, providerId)),
  ]);
  const byDep = new Map(risks.map((r) => [r.dependencyId, r]));
  return deps.map((d) => ({ ...d, risk: byDep.get(d.id)?.risk ?? null })).sort((a, b) => (b.risk ?? -1) - (a.risk ?? -1));
}

export async function getApplicationRisk(db: Db, actor: Actor, slug: string) {
  assertCan(actor, "applications.read");
  const [app] = await db.select({ id: applications.id, criticality: applications.criticality }).from(applications).where(eq(applications.slug, slug));
  if (!app) return null;
  const [deps, risks] = await Promise.all([
    db
      .select({ id: dependencies.id, providerId: dependencies.providerId, providerSlug: providers.slug, providerName: providers.name, host: dependencies.host, source: dependencies.source, calls: dependencies.callCount, dataClasses: dependencies.dataClasses })
      .from(dependencies)
      .innerJoin(providers, eq(providers.id, dependencies.providerId))
      .where(eq(dependencies.applicationId, app.id)),
    latestRisks(db, eq(dependencies.applicationId, app.id)),
  ]);
  const scores = await latestScores(db, [...new Set(deps.map((d) => d.providerId ?? ""))].filter(Boolean));
  const byDep = new Map(risks.map((r) => [r.dependencyId, r]));
  const rows = deps
    .map((d) => {
      const s = scores.get(d.providerId ?? "");
      const r = byDep.get(d.id);
      return { ...d, score: s?.score ?? null, grade: s?.grade ?? null, confidence: s?.confidence ?? null, risk: r?.risk ?? null, explanation: r?.explanation ?? null };
    })
    .sort((a, b) => (b.risk ?? -1) - (a.risk ?? -1));
  return { overall: applicationRisk(rows.map((r) => r.risk ?? 0)), dependencies: rows };
}

/** Overview figures of the oracle: grade distribution, riskiest dependencies, risk trend, team roll-ups. */
export async function getReputationOverview(db: Db, actor: Actor, now = new Date()) {
  assertCan(actor, "overview.read");
  const used = await db.selectDistinct({ id: dependencies.providerId }).from(dependencies).where(sql`${dependencies.providerId} is not null`);
  const scores = await latestScores(db, used.map((u) => u.id ?? "").filter(Boolean));
  const grades: Record<string, number> = { A: 0, B: 0, C: 0, D: 0, F: 0, none: 0 };
  for (const id of used.map((u) => u.id ?? "")) {
    const s = scores.get(id);
    grades[s?.grade ?? "none"]++;
  }
  const risks = await db
    .selectDistinctOn([dependencyRisks.dependencyId], { dependencyId: dependencyRisks.dependencyId, risk: dependencyRisks.risk, appSlug: applications.slug, appName: applications.name, criticality: applications.criticality, team: teams.name, providerSlug: providers.slug, providerName: providers.name, dataClasses: dependencies.dataClasses })
    .from(dependencyRisks)
    .innerJoin(dependencies, eq(dependencies.id, dependencyRisks.dependencyId))
    .innerJoin(applications, eq(applications.id, dependencies.applicationId))
    .leftJoin(teams, eq(teams.id, applications.ownerTeamId))
    .innerJoin(providers, eq(providers.id, dependencies.providerId))
    .orderBy(dependencyRisks.dependencyId, desc(dependencyRisks.computedAt));
  const riskiest = [...risks].sort((a, b) => b.risk - a.risk).slice(0, 10);
  const byApp = new Map<string, { risk: number[]; criticality: number; team: string | null }>();
  for (const r of risks) {
    const a = byApp.get(r.appSlug) ?? { risk: [], criticality: r.criticality, team: r.team };
    a.risk.push(r.risk);
    byApp.set(r.appSlug, a);
  }
  const appRisks = [...byApp.entries()].map(([slug, a]) => ({ slug, team: a.team, criticality: a.criticality, risk: applicationRisk(a.risk) }));
  const portfolio = rollUp(appRisks);
  const teamsRoll = [...new Set(appRisks.map((a) => a.team ?? "Unowned"))].map((team) => ({ team, ...rollUp(appRisks.filter((a) => (a.team ?? "Unowned") === team)) })).sort((a, b) => b.risk - a.risk);
  const since = new Date(now.getTime() - 90 * 86_400_000);
  const trend = await db
    .select({ day: sql<string>`to_char(date_trunc('day', ${dependencyRisks.computedAt}), 'YYYY-MM-DD')`, risk: sql<number>`avg(${dependencyRisks.risk})`.mapWith(Number) })
    .from(dependencyRisks)
    .where(gte(dependencyRisks.computedAt, since))
    .groupBy(sql`date_trunc('day', ${dependencyRisks.computedAt})`)
    .orderBy(asc(sql`date_trunc('day', ${dependencyRisks.computedAt})`));
  return {
    grades,
    riskiest,
    portfolio,
    highRiskApplications: appRisks.filter((a) => a.risk >= 50).length,
    teams: teamsRoll,
    trend: trend.map((t) => ({ day: t.day, risk: Math.round(t.risk * 10) / 10 })),
  };
}
