import "server-only";
import { and, asc, desc, eq, gte, inArray, isNotNull, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, dependencies, exposureDaily, providers } from "@/db/schema";
import { exposureTopContributors, roundExposure, type ExposureContribution, type ExposureScopeKind } from "@/lib/domain/reports/exposure";
import { assertCan, type Actor } from "../actor";
import { EXPOSURE_TOP_KEPT, type StoredContribution } from "../scoring/exposure-rollup";
import { latestScores } from "./reputation";

export type ExposureScope = { kind: "portfolio" } | { kind: "team"; id: string } | { kind: "application"; id: string };

/** Days of history shown (12 months). */
export const EXPOSURE_HISTORY_DAYS = 365;
/** A comparison point ("30 days ago") may be this many days older than asked when the rescore skipped the day. */
const COMPARISON_SLACK_DAYS = 7;
const DAY = 86_400_000;

/** A contribution (lib/domain/reports/exposure.ts) with its application and provider named, its value rounded and its share. */
export interface ExposureContributor extends Pick<ExposureContribution, "dependencyId" | "sensitivity" | "dataWeight" | "weakness" | "volume" | "tier" | "score" | "grade" | "calls"> {
  application: { slug: string; name: string };
  provider: { slug: string; name: string };
  /** Contribution, one decimal. */
  value: number;
  /** Share of the scope's index, 0–1. */
  share: number;
}

export interface ExposureView {
  scope: ExposureScope;
  /** The latest day's index (one decimal), or null when none was ever computed. */
  current: { day: string; value: number; dependencies: number } | null;
  /** The index about 30 days and 12 months before the latest day, where history reaches that far. */
  daysAgo30: { day: string; value: number } | null;
  monthsAgo12: { day: string; value: number } | null;
  /** One point per day with a roll-up, oldest first, over the last 12 months. */
  series: { day: string; value: number }[];
  /** The largest contributions (application × provider), largest first. */
  contributors: ExposureContributor[];
}

const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The latest point on or before `target` but not more than the slack older. */
function pointNear(rows: { day: string; value: number }[], target: string): { day: string; value: number } | null {
  const floor = dayOf(Date.parse(target) - COMPARISON_SLACK_DAYS * DAY);
  for (let i = rows.length - 1; i >= 0; i--) {
    if (rows[i].day <= target) return rows[i].day >= floor ? rows[i] : null;
  }
  return null;
}

/**
 * The insurance exposure index of a scope: its current value, the value 30 days
 * and 12 months earlier, the 12-month daily series from exposure_daily (kept by
 * the rescore job) and its top contributors (stored with the portfolio and team
 * rows; an application's computed from its own dependencies).
 */
export async function getExposure(db: Db, actor: Actor, scope: ExposureScope, options: { now?: Date; top?: number } = {}): Promise<ExposureView> {
  assertCan(actor, scope.kind === "portfolio" ? "overview.read" : "applications.read");
  const now = options.now ?? new Date();
  const n = Math.min(options.top ?? 5, EXPOSURE_TOP_KEPT);
  const key = scope.kind === "portfolio" ? "portfolio" : scope.id;
  const kind: ExposureScopeKind = scope.kind;
  const since = dayOf(now.getTime() - (EXPOSURE_HISTORY_DAYS + COMPARISON_SLACK_DAYS) * DAY);
  const [rows, [latest]] = await Promise.all([
    db
      .select({ day: exposureDaily.day, value: exposureDaily.value })
      .from(exposureDaily)
      .where(and(eq(exposureDaily.scopeKind, kind), eq(exposureDaily.scopeKey, key), gte(exposureDaily.day, since), lte(exposureDaily.day, dayOf(now.getTime()))))
      .orderBy(asc(exposureDaily.day)),
    db
      .select({ day: exposureDaily.day, value: exposureDaily.value, dependencies: exposureDaily.dependencies, top: exposureDaily.top })
      .from(exposureDaily)
      .where(and(eq(exposureDaily.scopeKind, kind), eq(exposureDaily.scopeKey, key), lte(exposureDaily.day, dayOf(now.getTime()))))
      .orderBy(desc(exposureDaily.day))
      .limit(1),
  ]);
  const points = rows.map((r) => ({ day: r.day, value: roundExposure(r.value) }));
  const current = latest ? { day: latest.day, value: roundExposure(latest.value), dependencies: latest.dependencies } : null;
  const back = (days: number) => (current ? pointNear(points, dayOf(Date.parse(current.day) - days * DAY)) : null);
  const seriesFrom = dayOf(now.getTime() - EXPOSURE_HISTORY_DAYS * DAY);
  const raw: StoredContribution[] = n <= 0 ? [] : scope.kind === "application" ? await applicationContributions(db, scope.id, n) : ((latest?.top as StoredContribution[] | null) ?? []).slice(0, n);
  return {
    scope,
    current,
    daysAgo30: back(30),
    monthsAgo12: back(EXPOSURE_HISTORY_DAYS),
    series: points.filter((p) => p.day >= seriesFrom),
    contributors: await named(db, raw, latest?.value ?? 0),
  };
}

/** An application's top contributions from its current dependencies and its providers' latest scores. */
async function applicationContributions(db: Db, applicationId: string, n: number): Promise<StoredContribution[]> {
  const rows = await db
    .select({ id: dependencies.id, providerId: dependencies.providerId, calls: dependencies.callCount, observed: dependencies.dataClasses, narrowed: dependencies.narrowedDataClasses, criticality: applications.criticality, teamId: applications.ownerTeamId, declared: applications.dataClasses })
    .from(dependencies)
    .innerJoin(applications, eq(applications.id, dependencies.applicationId))
    .where(and(eq(dependencies.applicationId, applicationId), isNotNull(dependencies.providerId)));
  const scores = await latestScores(db, [...new Set(rows.map((r) => r.providerId ?? ""))].filter(Boolean));
  return exposureTopContributors(
    rows.map((r) => {
      const s = scores.get(r.providerId ?? "");
      return { dependencyId: r.id, applicationId, providerId: r.providerId ?? "", teamId: r.teamId, criticality: r.criticality, observedClasses: r.observed, declaredClasses: r.declared, narrowedClasses: r.narrowed, calls: Number(r.calls), score: s?.score ?? null, grade: s?.grade ?? null };
    }),
    n,
  );
}

async function named(db: Db, raw: StoredContribution[], total: number): Promise<ExposureContributor[]> {
  if (!raw.length) return [];
  const [apps, provs] = await Promise.all([
    db.select({ id: applications.id, slug: applications.slug, name: applications.name }).from(applications).where(inArray(applications.id, [...new Set(raw.map((c) => c.applicationId))])),
    db.select({ id: providers.id, slug: providers.slug, name: providers.name }).from(providers).where(inArray(providers.id, [...new Set(raw.map((c) => c.providerId))])),
  ]);
  const appById = new Map(apps.map((a) => [a.id, a]));
  const provById = new Map(provs.map((p) => [p.id, p]));
  return raw.flatMap((c) => {
    const a = appById.get(c.applicationId);
    const p = provById.get(c.providerId);
    if (!a || !p) return []; // deleted since the roll-up
    return [{
      dependencyId: c.dependencyId,
      application: { slug: a.slug, name: a.name },
      provider: { slug: p.slug, name: p.name },
      value: roundExposure(c.value),
      share: total > 0 ? c.value / total : 0,
      sensitivity: c.sensitivity,
      dataWeight: c.dataWeight,
      weakness: c.weakness,
      volume: c.volume,
      tier: c.tier,
      score: c.score,
      grade: c.grade,
      calls: c.calls,
    }];
  });
}
