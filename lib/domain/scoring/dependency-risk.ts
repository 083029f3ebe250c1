// Contextual risk of one application's use of one provider, read the way a
// CISO's risk register already reads (ISO/IEC 27005, NIST SP 800-30):
//
//   likelihood 1–5  how likely the provider is to be the way in: its grade
//                   (caps included), one step worse when the evidence is thin,
//                   and "possible" (3) when it has no grade: unknown is not safe.
//   impact     1–5  what the application stands to lose through it: the most
//                   sensitive data it sends (observed on the edge, or declared
//                   for the application unless an analyst narrowed the edge),
//                   one step up for a tier-1 application or a very busy edge,
//                   one step down for a tier-4 one.
//   risk   = 4 × likelihood × impact           (0–100; 100 = 5 × 5)
//   band   = low 1–4 · medium 5–9 · high 10–16 · critical 20–25 (on L × I)
//
// An application is as risky as its riskiest dependency (so adding one never
// lowers it); the explanation keeps every input so each figure can be traced.
// Documented in the README and on the methodology page.

export type SensitivityClass = "none" | "internal" | "pii" | "payment" | "health" | "credentials";
export type RiskBand = "low" | "medium" | "high" | "critical";
export type Level = 1 | 2 | 3 | 4 | 5;

export const RISK_BANDS: readonly RiskBand[] = ["low", "medium", "high", "critical"];
export const LEVELS: readonly Level[] = [1, 2, 3, 4, 5];

/** Impact each data class starts from, before the application's tier and volume. */
export const SENSITIVITY_IMPACT: Record<SensitivityClass, Level> = { none: 1, internal: 2, pii: 3, payment: 4, health: 4, credentials: 5 };
/** Likelihood of each letter grade. */
export const GRADE_LIKELIHOOD: Record<string, Level> = { A: 1, B: 2, C: 3, D: 4, F: 5 };
/** Likelihood of a provider without a graded score (no evidence, or too little for a grade). */
export const UNKNOWN_LIKELIHOOD: Level = 3;
/** A graded score whose confidence is below this counts one step more likely. */
export const THIN_EVIDENCE_CONFIDENCE = 0.65;
/** Calls on one edge at or above which the impact is one step higher. */
export const HIGH_VOLUME_CALLS = 1_000_000;
/** Upper bound (inclusive) of L × I for each band below critical. */
export const BAND_LIMITS: { band: RiskBand; max: number }[] = [
  { band: "low", max: 4 },
  { band: "medium", max: 9 },
  { band: "high", max: 16 },
  { band: "critical", max: 25 },
];
export const LEVEL_NAMES: Record<"likelihood" | "impact", Record<Level, string>> = {
  likelihood: { 1: "rare", 2: "unlikely", 3: "possible", 4: "likely", 5: "almost certain" },
  impact: { 1: "negligible", 2: "minor", 3: "moderate", 4: "major", 5: "severe" },
};

/** Maps the classes observed on a dependency edge (or declared for an application) to sensitivity classes. */
export function sensitivityOf(dataClass: string): SensitivityClass {
  switch (dataClass) {
    case "email":
    case "phone":
    case "name":
    case "national_id":
    case "pii":
      return "pii";
    case "card_number":
    case "pci":
    case "payment":
      return "payment";
    case "health_record":
    case "phi":
    case "health":
      return "health";
    case "jwt":
    case "api_key_in_query":
    case "credentials":
      return "credentials";
    case "internal":
      return "internal";
    default:
      return "none";
  }
}

export function bandOf(likelihood: number, impact: number): RiskBand {
  const product = likelihood * impact;
  return (BAND_LIMITS.find((b) => product <= b.max) ?? BAND_LIMITS[BAND_LIMITS.length - 1]).band;
}

/** Band of a 0–100 contextual risk (the same rule: risk = 4 × L × I). */
export function bandOfRisk(risk: number): RiskBand {
  return bandOf(1, Math.round(risk / 4));
}

const clampLevel = (n: number): Level => Math.min(5, Math.max(1, Math.round(n))) as Level;

export interface LikelihoodInput {
  /** Letter grade (caps already applied), or null when the provider has no graded score. */
  grade: string | null;
  /** 0–1 share of the model's weight that had evidence; null when never scored. */
  confidence: number | null;
}

export function likelihoodOf(input: LikelihoodInput): { level: Level; reason: string } {
  if (!input.grade || !(input.grade in GRADE_LIKELIHOOD)) {
    return { level: UNKNOWN_LIKELIHOOD, reason: input.confidence === null ? "Not scored yet: unknown counts as possible, not safe" : "Too little evidence for a grade: unknown counts as possible, not safe" };
  }
  const base = GRADE_LIKELIHOOD[input.grade];
  if (input.confidence !== null && input.confidence < THIN_EVIDENCE_CONFIDENCE && base < 5) {
    return { level: clampLevel(base + 1), reason: `Grade ${input.grade}, on thin evidence (confidence ${Math.round(input.confidence * 100)} %): one step more likely` };
  }
  return { level: base, reason: `Grade ${input.grade}` };
}

export interface ImpactInput {
  /** Classes observed on the edge (email, card_number, jwt, …). */
  observedClasses: string[];
  /** Classes declared for the application (pii, pci, phi, credentials, internal). */
  declaredClasses: string[];
  /** Set when an analyst narrowed what this edge carries; replaces the declared classes. */
  narrowedClasses: string[] | null;
  /** Application criticality tier, 1 (mission critical) … 4 (administrative). */
  criticality: number;
  calls: number;
}

export interface ImpactResult {
  level: Level;
  sensitivity: SensitivityClass;
  /** Where the most sensitive class came from. */
  sensitivityFrom: "observed" | "declared" | "narrowed" | "none";
  reasons: string[];
}

/** The most sensitive class among data classes (none when there are none). */
export function mostSensitiveClass(classes: Iterable<string>): SensitivityClass {
  return [...classes].map(sensitivityOf).reduce<SensitivityClass>((worst, c) => (SENSITIVITY_IMPACT[c] > SENSITIVITY_IMPACT[worst] ? c : worst), "none");
}

export function impactOf(input: ImpactInput): ImpactResult {
  const observed = mostSensitiveClass(input.observedClasses);
  const other = input.narrowedClasses ? mostSensitiveClass(input.narrowedClasses) : mostSensitiveClass(input.declaredClasses);
  const otherFrom = input.narrowedClasses ? "narrowed" : "declared";
  const sensitivity = SENSITIVITY_IMPACT[other] > SENSITIVITY_IMPACT[observed] ? other : observed;
  const sensitivityFrom = sensitivity === "none" ? "none" : sensitivity === observed ? "observed" : otherFrom;
  const reasons = [
    sensitivity === "none"
      ? "No sensitive data observed or declared"
      : `${sensitivity} data ${sensitivityFrom === "observed" ? "observed on this edge" : sensitivityFrom === "declared" ? "declared for the application" : "as narrowed by an analyst"}`,
  ];
  let level: number = SENSITIVITY_IMPACT[sensitivity];
  if (input.criticality <= 1) {
    level += 1;
    reasons.push("tier-1 application: one step up");
  } else if (input.criticality >= 4) {
    level -= 1;
    reasons.push("tier-4 application: one step down");
  }
  if (input.calls >= HIGH_VOLUME_CALLS) {
    level += 1;
    reasons.push(`${input.calls.toLocaleString("en")} calls: one step up`);
  }
  return { level: clampLevel(level), sensitivity, sensitivityFrom, reasons };
}

export interface DependencyRiskInput extends LikelihoodInput, ImpactInput {}

export interface DependencyRisk {
  /** 0–100 = 4 × likelihood × impact. */
  risk: number;
  band: RiskBand;
  likelihood: Level;
  likelihoodReason: string;
  impact: Level;
  sensitivity: SensitivityClass;
  sensitivityFrom: ImpactResult["sensitivityFrom"];
  impactReasons: string[];
}

export function dependencyRisk(input: DependencyRiskInput): DependencyRisk {
  const l = likelihoodOf(input);
  const i = impactOf(input);
  return {
    risk: 4 * l.level * i.level,
    band: bandOf(l.level, i.level),
    likelihood: l.level,
    likelihoodReason: l.reason,
    impact: i.level,
    sensitivity: i.sensitivity,
    sensitivityFrom: i.sensitivityFrom,
    impactReasons: i.reasons,
  };
}

/** An application is as risky as its riskiest dependency: adding one never lowers it. */
export function applicationRisk(risks: number[]): number {
  return risks.reduce((worst, r) => Math.max(worst, Math.min(100, Math.max(0, r))), 0);
}

export const CRITICALITY_WEIGHT: Record<number, number> = { 1: 1, 2: 0.8, 3: 0.6, 4: 0.4 };

/** Team or portfolio roll-up: the criticality-weighted mean of application risks, and the worst. */
export function rollUp(apps: { risk: number; criticality: number }[]): { risk: number; worst: number } {
  if (!apps.length) return { risk: 0, worst: 0 };
  let sum = 0;
  let weight = 0;
  for (const a of apps) {
    const w = CRITICALITY_WEIGHT[a.criticality] ?? 0.6;
    sum += w * a.risk;
    weight += w;
  }
  return { risk: Math.round((sum / weight) * 10) / 10, worst: Math.max(...apps.map((a) => a.risk)) };
}

/** Counts of dependencies per (likelihood, impact) cell: cells[l-1][i-1]. */
export function heatMap(rows: { likelihood: number; impact: number }[]): number[][] {
  const cells = LEVELS.map(() => LEVELS.map(() => 0));
  for (const r of rows) {
    const l = clampLevel(r.likelihood);
    const i = clampLevel(r.impact);
    cells[l - 1][i - 1]++;
  }
  return cells;
}
