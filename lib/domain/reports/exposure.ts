// The insurance exposure index: a relative number for the third-party API
// exposure of the portfolio, a team or an application, which moves with the
// providers' reputation scores, the data sent to them and the call volume.
// It is what an organisation shows an insurer to talk about its trend; it is
// NOT an actuarial premium, NOT a loss estimate, and NOT comparable across
// organisations (it sums over this inventory). Documented in the README and on
// the methodology page (/providers/methodology#exposure).
//
// Per provider dependency (application → provider):
//
//   contribution = dataWeight × weakness × volume × tier
//
//   dataWeight  the most sensitive data class the edge carries (the same rule as
//               dependency risk: observed on the edge, plus the application's
//               declared classes unless an analyst narrowed the edge):
//               none 1 · internal 2 · pii 5 · payment 8 · health 8 · credentials 10
//   weakness    how far the provider is from a perfect score, caps included:
//               (100 − score) / 100, in 0–1. A provider with no score counts 0.5;
//               one whose score has too little evidence for a grade counts at
//               least 0.5 (unknown is not safe).
//   volume      1 + 2 × min(1, log10(1 + calls) / log10(1,000,000)): 1 with no observed calls
//               (an SDK in an SBOM), 2 at ~1,000 calls, 3 from 1,000,000 calls on.
//   tier        the application's criticality: tier 1 ×1.5 · tier 2 ×1.2 ·
//               tier 3 ×1 · tier 4 ×0.8
//
//   application = Σ its dependencies' contributions
//   team        = Σ its applications
//   portfolio   = Σ every application (applications without a team included)
//
// Shown rounded to one decimal. Every factor is non-negative and non-decreasing
// in what it measures, so a worse provider (lower score), more sensitive data,
// more calls, or one more dependency never lowers any figure (fast-check tests).

import { HIGH_VOLUME_CALLS, sensitivityOf, type SensitivityClass } from "../scoring/dependency-risk";

/** Weight of the most sensitive data class a dependency carries. */
export const EXPOSURE_DATA_WEIGHT: Record<SensitivityClass, number> = { none: 1, internal: 2, pii: 5, payment: 8, health: 8, credentials: 10 };
/** Weakness of a provider that has never been scored (and the floor for one scored without a grade). */
export const EXPOSURE_UNKNOWN_WEAKNESS = 0.5;
/** Calls on one dependency from which the volume factor stops growing (the same million as dependency risk's busy edge). */
export const EXPOSURE_VOLUME_SATURATION_CALLS = HIGH_VOLUME_CALLS;
/** The volume factor at saturation (1 with no calls). */
export const EXPOSURE_VOLUME_MAX = 3;
/** Multiplier of each application criticality tier (1 mission critical … 4 administrative). */
export const EXPOSURE_TIER_MULTIPLIER: Record<number, number> = { 1: 1.5, 2: 1.2, 3: 1, 4: 0.8 };
/** Multiplier of a tier outside 1–4 (tier 3's). */
export const EXPOSURE_DEFAULT_TIER_MULTIPLIER = 1;

export type ExposureScopeKind = "portfolio" | "team" | "application";

export interface ExposureDependencyInput {
  dependencyId: string;
  applicationId: string;
  providerId: string;
  /** The application's owning team; null when it has none (it still counts in the portfolio). */
  teamId: string | null;
  /** Application criticality tier, 1 … 4. */
  criticality: number;
  /** Classes observed on the edge (email, card_number, jwt, …). */
  observedClasses: string[];
  /** Classes declared for the application (pii, pci, phi, credentials, internal). */
  declaredClasses: string[];
  /** Set when an analyst narrowed the edge; replaces the declared classes. */
  narrowedClasses: string[] | null;
  calls: number;
  /** The provider's latest score (0–100, caps applied); null when never scored. */
  score: number | null;
  /** Its letter grade; null when the score rests on too little evidence (or there is none). */
  grade: string | null;
}

export interface ExposureContribution {
  dependencyId: string;
  applicationId: string;
  providerId: string;
  teamId: string | null;
  /** dataWeight × weakness × volume × tier (unrounded). */
  value: number;
  sensitivity: SensitivityClass;
  dataWeight: number;
  weakness: number;
  volume: number;
  tier: number;
  score: number | null;
  grade: string | null;
  calls: number;
}

function worstClass(classes: string[]): SensitivityClass {
  return classes.map(sensitivityOf).reduce<SensitivityClass>((worst, c) => (EXPOSURE_DATA_WEIGHT[c] > EXPOSURE_DATA_WEIGHT[worst] ? c : worst), "none");
}

/** The most sensitive class a dependency carries: observed on the edge, or declared for the application unless narrowed (dependency risk's rule). */
export function exposureSensitivity(input: Pick<ExposureDependencyInput, "observedClasses" | "declaredClasses" | "narrowedClasses">): SensitivityClass {
  const observed = worstClass(input.observedClasses);
  const other = worstClass(input.narrowedClasses ?? input.declaredClasses);
  return EXPOSURE_DATA_WEIGHT[other] > EXPOSURE_DATA_WEIGHT[observed] ? other : observed;
}

/** 0–1: (100 − score) / 100; 0.5 when never scored; at least 0.5 when scored without a grade. */
export function exposureWeakness(score: number | null, grade: string | null): number {
  if (score === null || !Number.isFinite(score)) return EXPOSURE_UNKNOWN_WEAKNESS;
  const w = Math.min(1, Math.max(0, (100 - score) / 100));
  return grade ? w : Math.max(EXPOSURE_UNKNOWN_WEAKNESS, w);
}

/** 1 + 2 × min(1, log10(1 + calls) / 6): 1 with no calls, 3 from a million calls on. */
export function exposureVolume(calls: number): number {
  const c = Number.isFinite(calls) ? Math.max(0, calls) : 0;
  const saturation = Math.log10(EXPOSURE_VOLUME_SATURATION_CALLS);
  return 1 + (EXPOSURE_VOLUME_MAX - 1) * Math.min(1, Math.log10(1 + c) / saturation);
}

export function exposureTier(criticality: number): number {
  return EXPOSURE_TIER_MULTIPLIER[criticality] ?? EXPOSURE_DEFAULT_TIER_MULTIPLIER;
}

/** One dependency's contribution, with each factor kept so it can be explained. */
export function dependencyExposure(input: ExposureDependencyInput): ExposureContribution {
  const sensitivity = exposureSensitivity(input);
  const dataWeight = EXPOSURE_DATA_WEIGHT[sensitivity];
  const weakness = exposureWeakness(input.score, input.grade);
  const volume = exposureVolume(input.calls);
  const tier = exposureTier(input.criticality);
  return {
    dependencyId: input.dependencyId,
    applicationId: input.applicationId,
    providerId: input.providerId,
    teamId: input.teamId,
    value: dataWeight * weakness * volume * tier,
    sensitivity,
    dataWeight,
    weakness,
    volume,
    tier,
    score: input.score,
    grade: input.grade,
    calls: input.calls,
  };
}

/** The index as shown: one decimal. */
export function roundExposure(value: number): number {
  return Math.round(value * 10) / 10;
}

/** Σ of contributions (unrounded), in the order given. */
export function sumExposure(contributions: { value: number }[]): number {
  let total = 0;
  for (const c of contributions) total += c.value;
  return total;
}

/** The exposure of the dependencies given (all of one scope), unrounded. */
export function exposureOf(deps: ExposureDependencyInput[]): number {
  return sumExposure(deps.map(dependencyExposure));
}

const byContribution = (a: ExposureContribution, b: ExposureContribution) => b.value - a.value || (a.dependencyId < b.dependencyId ? -1 : a.dependencyId > b.dependencyId ? 1 : 0);

/** The n dependencies (application × provider) contributing most, largest first (ties by dependency id). */
export function exposureTopContributors(deps: (ExposureDependencyInput | ExposureContribution)[], n: number): ExposureContribution[] {
  const contributions = deps.map((d) => ("dataWeight" in d ? d : dependencyExposure(d)));
  return contributions.sort(byContribution).slice(0, Math.max(0, n));
}

export interface ExposureTotal {
  /** Unrounded Σ of contributions. */
  value: number;
  dependencies: number;
  /** The largest contributions, largest first. */
  top: ExposureContribution[];
}

export interface ExposureRollUp {
  portfolio: ExposureTotal;
  teams: Map<string, ExposureTotal>;
  applications: Map<string, ExposureTotal>;
}

/**
 * Every scope's exposure in one pass over the dependencies: the portfolio, each
 * team (of the applications it owns) and each application (of its dependencies),
 * with the top `keep` contributors of each.
 */
export function exposureRollUp(deps: ExposureDependencyInput[], keep = 10): ExposureRollUp {
  const contributions = deps.map(dependencyExposure);
  const group = (key: (c: ExposureContribution) => string | null) => {
    const out = new Map<string, ExposureContribution[]>();
    for (const c of contributions) {
      const k = key(c);
      if (k === null) continue;
      const list = out.get(k);
      if (list) list.push(c);
      else out.set(k, [c]);
    }
    return out;
  };
  const total = (list: ExposureContribution[]): ExposureTotal => ({ value: sumExposure(list), dependencies: list.length, top: exposureTopContributors([...list], keep) });
  const totals = (m: Map<string, ExposureContribution[]>) => new Map([...m].map(([k, list]) => [k, total(list)]));
  return { portfolio: total(contributions), teams: totals(group((c) => c.teamId)), applications: totals(group((c) => c.applicationId)) };
}
