import "server-only";
import { desc, isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, dependencies, providerScores, teams } from "@/db/schema";
import { exposureRollUp, type ExposureContribution, type ExposureDependencyInput, type ExposureTotal } from "@/lib/domain/reports/exposure";

/** Contributions kept on each portfolio and team row (the Overview and the report list the top ones). */
export const EXPOSURE_TOP_KEPT = 10;

/** A stored contribution: the ids and the factors, rounded for storage. */
export type StoredContribution = Pick<ExposureContribution, "dependencyId" | "applicationId" | "providerId" | "sensitivity" | "dataWeight" | "weakness" | "volume" | "tier" | "score" | "grade" | "calls" | "value">;

const r4 = (n: number) => Math.round(n * 10_000) / 10_000;
const stored = (c: ExposureContribution): StoredContribution => ({
  dependencyId: c.dependencyId,
  applicationId: c.applicationId,
  providerId: c.providerId,
  sensitivity: c.sensitivity,
  dataWeight: c.dataWeight,
  weakness: r4(c.weakness),
  volume: r4(c.volume),
  tier: c.tier,
  score: c.score,
  grade: c.grade,
  calls: c.calls,
  value: c.value,
});

/**
 * The exposure inputs of every provider dependency as of `now`: the current
 * dependencies (data classes, calls), their applications (tier, team, declared
 * data) and each provider's latest score computed at or before `now`.
 * Three reads, whatever the size; the join is done here.
 */
export async function readExposureInputs(db: Db, now: Date): Promise<{ deps: ExposureDependencyInput[]; applicationIds: string[]; teamIds: string[] }> {
  const [deps, apps, teamRows, scores] = await Promise.all([
    db
      .select({ id: dependencies.id, applicationId: dependencies.applicationId, providerId: dependencies.providerId, calls: dependencies.callCount, observed: dependencies.dataClasses, narrowed: dependencies.narrowedDataClasses })
      .from(dependencies)
      .where(isNotNull(dependencies.providerId)),
    db.select({ id: applications.id, criticality: applications.criticality, teamId: applications.ownerTeamId, declared: applications.dataClasses }).from(applications),
    db.select({ id: teams.id }).from(teams),
    db
      .selectDistinctOn([providerScores.providerId], { providerId: providerScores.providerId, score: providerScores.score, grade: providerScores.grade })
      .from(providerScores)
      .where(sql`${providerScores.computedAt} <= ${now.toISOString()}::timestamptz`)
      .orderBy(providerScores.providerId, desc(providerScores.computedAt), desc(providerScores.id)),
  ]);
  const appById = new Map(apps.map((a) => [a.id, a]));
  const scoreById = new Map(scores.map((s) => [s.providerId, s]));
  const inputs: ExposureDependencyInput[] = [];
  for (const d of deps) {
    const app = appById.get(d.applicationId);
    if (!app || !d.providerId) continue;
    const s = scoreById.get(d.providerId);
    inputs.push({
      dependencyId: d.id,
      applicationId: d.applicationId,
      providerId: d.providerId,
      teamId: app.teamId,
      criticality: app.criticality,
      observedClasses: d.observed,
      declaredClasses: app.declared,
      narrowedClasses: d.narrowed,
      calls: Number(d.calls),
      score: s ? Number(s.score) : null,
      grade: s?.grade ?? null,
    });
  }
  return { deps: inputs, applicationIds: apps.map((a) => a.id), teamIds: teamRows.map((t) => t.id) };
}

interface ExposureRow {
  scope_key: string;
  value: number;
  dependencies: number;
  top: StoredContribution[] | null;
}

/**
 * Upserts the day's exposure index of the portfolio, every team and every
 * application (one statement per scope kind; a scope with no provider
 * dependency gets 0, so the latest row is always current). Called at the end
 * of every rescore, so the demo's week-by-week rescoring builds the history too.
 */
export async function rollUpExposure(db: Db, now: Date): Promise<{ portfolio: number; teams: number; applications: number }> {
  const { deps, applicationIds, teamIds } = await readExposureInputs(db, now);
  const r = exposureRollUp(deps, EXPOSURE_TOP_KEPT);
  const empty: ExposureTotal = { value: 0, dependencies: 0, top: [] };
  const row = (key: string, t: ExposureTotal, keepTop: boolean): ExposureRow => ({ scope_key: key, value: t.value, dependencies: t.dependencies, top: keepTop ? t.top.map(stored) : null });
  const day = now.toISOString().slice(0, 10);
  const at = now.toISOString();
  const write = async (kind: "portfolio" | "team" | "application", rows: ExposureRow[]) => {
    if (!rows.length) return;
    await db.execute(sql`
      insert into exposure_daily (scope_kind, scope_key, day, value, dependencies, top, computed_at)
      select ${kind}, scope_key, ${day}::date, value, dependencies, nullif(top, 'null'::jsonb), ${at}::timestamptz
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(scope_key text, value float8, dependencies int, top jsonb)
      on conflict (scope_kind, scope_key, day) do update set value = excluded.value, dependencies = excluded.dependencies, top = excluded.top, computed_at = excluded.computed_at`);
  };
  await Promise.all([
    write("portfolio", [row("portfolio", r.portfolio, true)]),
    write("team", teamIds.map((id) => row(id, r.teams.get(id) ?? empty, true))),
    write("application", applicationIds.map((id) => row(id, r.applications.get(id) ?? empty, false))),
  ]);
  return { portfolio: r.portfolio.value, teams: teamIds.length, applications: applicationIds.length };
}
