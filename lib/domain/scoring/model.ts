// The reputation score: a weighted mean of the factor subscores that have data,
// then caps (shown as such), a confidence (the share of weight that had data)
// and the fixes that would raise the score most. Weights live in a versioned
// model so every stored score says which model produced it.
import { FACTORS, type FactorName, type FactorResult, type Improvement, type LetterGrade, type ScoreCap } from "./types";

export interface ScoringModel {
  version: number;
  weights: Record<FactorName, number>;
}

/** Version 1: transport and vulnerabilities weigh most; observed reliability least (see README, "Reputation score"). */
export const DEFAULT_WEIGHTS: Record<FactorName, number> = {
  transport: 20,
  http_hygiene: 10,
  authentication: 15,
  spec_hygiene: 10,
  sdk_vulnerabilities: 15,
  incidents: 15,
  compliance: 10,
  reliability: 5,
};

export const MIN_CONFIDENCE_FOR_GRADE = 0.5;

/** The top score each capped grade allows. */
export const CAP_CEILING: Record<LetterGrade, number> = { A: 100, B: 89, C: 79, D: 69, F: 59 };

export function gradeOf(score: number): LetterGrade {
  if (score >= 90) return "A";
  if (score >= 80) return "B";
  if (score >= 70) return "C";
  if (score >= 60) return "D";
  return "F";
}

export interface ReputationScore {
  /** 0–100, one decimal. Provisional when grade is null. */
  score: number;
  /** null = "insufficient data" (confidence below 50%). */
  grade: LetterGrade | null;
  /** Grade the score would have, shown beside "insufficient data". */
  provisionalGrade: LetterGrade;
  confidence: number;
  /** Score before caps. */
  uncappedScore: number;
  factors: { name: FactorName; subscore: number | null; weight: number; summary: string; evidence: Record<string, unknown>; overridden?: boolean }[];
  caps: (ScoreCap & { ceiling: number })[];
  improvements: (Improvement & { projectedScore: number; gain: number })[];
  modelVersion: number;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The weighted mean of the subscores with data; `replace` stands in for one factor's subscore (a projection). */
function weightedMean(results: Map<FactorName, number | null>, weights: Record<FactorName, number>, replace?: { name: FactorName; subscore: number }): { mean: number; coverage: number } {
  let sum = 0;
  let weight = 0;
  let total = 0;
  for (const name of FACTORS) {
    const w = Math.max(0, weights[name] ?? 0);
    total += w;
    const s = replace?.name === name ? replace.subscore : results.get(name);
    if (s === null || s === undefined || w === 0) continue;
    sum += w * Math.min(100, Math.max(0, s));
    weight += w;
  }
  return { mean: weight ? sum / weight : 0, coverage: total ? weight / total : 0 };
}

function applyCaps(score: number, caps: ScoreCap[]): number {
  return caps.reduce((s, c) => Math.min(s, CAP_CEILING[c.maxGrade]), score);
}

/** Pure and deterministic: the same factor results and model give the same score. */
export function computeReputation(factors: FactorResult[], model: ScoringModel): ReputationScore {
  const subscores = new Map<FactorName, number | null>(factors.map((f) => [f.name, f.subscore]));
  const { mean, coverage } = weightedMean(subscores, model.weights);
  const caps = factors.flatMap((f) => (f.subscore === null && f.caps.length === 0 ? [] : f.caps));
  const capped = applyCaps(mean, caps);
  const score = round1(capped);

  const improvements = factors
    .flatMap((f) => f.improvements)
    .map((imp) => {
      // The same sums as the score's, with this factor's subscore raised (no copy of the subscores per fix).
      const raised = { name: imp.factor, subscore: Math.max(subscores.get(imp.factor) ?? 0, imp.subscoreAfter) };
      const remaining = imp.removesCaps?.length ? caps.filter((c) => !imp.removesCaps?.includes(c.id)) : caps;
      const projected = round1(applyCaps(weightedMean(subscores, model.weights, raised).mean, remaining));
      return { ...imp, projectedScore: projected, gain: round1(projected - score) };
    })
    .filter((i) => i.gain > 0)
    .sort((a, b) => b.gain - a.gain || a.action.localeCompare(b.action))
    .slice(0, 5);

  return {
    score,
    grade: coverage >= MIN_CONFIDENCE_FOR_GRADE ? gradeOf(score) : null,
    provisionalGrade: gradeOf(score),
    confidence: Math.round(coverage * 1000) / 1000,
    uncappedScore: round1(mean),
    factors: FACTORS.map((name) => {
      const f = factors.find((x) => x.name === name);
      return { name, subscore: f?.subscore ?? null, weight: model.weights[name] ?? 0, summary: f?.summary ?? "No data", evidence: f?.evidence ?? {} };
    }),
    caps: caps.map((c) => ({ ...c, ceiling: CAP_CEILING[c.maxGrade] })),
    improvements,
    modelVersion: model.version,
  };
}
