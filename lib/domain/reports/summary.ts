// The executive summary a CISO reads in two minutes, computed from a report's
// evidence: portfolio risk and its trend, the grade distribution of providers
// in use, the five riskiest dependencies, open critical/high findings and how
// many are past their SLA. Pure: the PDF draws it, tests check it.

import type { DependencyEvidence, ReportEvidence } from "./evidence";
import type { ControlStatus, FrameworkAssessment } from "./controls";

export const GRADE_ORDER = ["A", "B", "C", "D", "F", "Ungraded"] as const;
export type GradeBucket = (typeof GRADE_ORDER)[number];

export interface ExecutiveSummary {
  /** Latest risk in the period's trend (0–100), and the first, for the change. */
  risk: number | null;
  riskAtStart: number | null;
  /** Risk change over the period in points (latest − first); null without two points. */
  riskChange: number | null;
  worst: number | null;
  applications: number;
  providersInUse: number;
  dependencies: number;
  gradeDistribution: { grade: GradeBucket; providers: number }[];
  bands: Record<"low" | "medium" | "high" | "critical", number>;
  riskiest: DependencyEvidence[];
  openCritical: number;
  openHigh: number;
  pastSla: number;
  acceptances: number;
  controls: Record<ControlStatus, number>;
  /** Plain sentences, each with its figure, in the order a CISO would say them. */
  highlights: string[];
}

export const RISKIEST_LISTED = 5;

export type GradeKey = "A" | "B" | "C" | "D" | "F" | "none";

/**
 * Providers per letter grade ("none": no grade yet), from rows of (grade, count): the grade
 * distribution the Overview's chart and the reports' executive summary both draw.
 */
export function countGrades(rows: Iterable<{ grade: string | null; n?: number }>): Record<GradeKey, number> {
  const counts: Record<GradeKey, number> = { A: 0, B: 0, C: 0, D: 0, F: 0, none: 0 };
  for (const r of rows) {
    const key = (r.grade && r.grade in counts ? r.grade : "none") as GradeKey;
    counts[key] += r.n ?? 1;
  }
  return counts;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

export function executiveSummary(evidence: ReportEvidence, assessment: FrameworkAssessment): ExecutiveSummary {
  const trend = evidence.trend;
  const latest = trend.at(-1) ?? null;
  const first = trend[0] ?? null;
  const risk = latest?.risk ?? null;
  const riskAtStart = first?.risk ?? null;
  const riskChange = trend.length >= 2 && risk != null && riskAtStart != null ? Math.round((risk - riskAtStart) * 10) / 10 : null;

  const counted = countGrades(evidence.register);
  const grades = new Map<GradeBucket, number>(GRADE_ORDER.map((g) => [g, counted[g === "Ungraded" ? "none" : g]]));
  const bands = { low: 0, medium: 0, high: 0, critical: 0 };
  for (const d of evidence.dependencies) if (d.band) bands[d.band] += 1;

  const riskiest = evidence.dependencies.filter((d) => d.risk != null).slice(0, RISKIEST_LISTED);
  const open = evidence.findingCounts.openBySeverity;
  const pastSla = Object.values(evidence.findingCounts.pastSlaBySeverity).reduce((s, n) => s + n, 0);
  const controls: Record<ControlStatus, number> = { supported: 0, partially_supported: 0, not_supported: 0, not_applicable: 0 };
  for (const c of assessment.controls) controls[c.status] += 1;

  const highlights: string[] = [];
  if (risk != null) {
    const change = riskChange == null ? "" : riskChange === 0 ? ", unchanged over the period" : `, ${riskChange > 0 ? "up" : "down"} ${Math.abs(riskChange)} points over the period`;
    highlights.push(`${evidence.scope.kind === "application" ? "Application" : "Portfolio"} risk is ${risk.toFixed(1)} of 100${change}.`);
  } else highlights.push("No risk has been computed for this scope yet.");
  const weak = (grades.get("D") ?? 0) + (grades.get("F") ?? 0);
  highlights.push(`${plural(evidence.register.length, "third-party provider")} in use: ${weak} graded D or F${grades.get("Ungraded") ? `, ${grades.get("Ungraded")} ungraded` : ""}.`);
  if (bands.critical + bands.high > 0) highlights.push(`${plural(bands.critical, "dependency", "dependencies")} critical and ${bands.high} high of ${evidence.dependencies.length}.`);
  highlights.push(`${plural(open.critical, "critical finding")} and ${plural(open.high, "high finding")} open; ${plural(pastSla, "finding")} past SLA.`);
  highlights.push(`${assessment.name}: ${controls.supported} of ${assessment.controls.length} controls supported, ${controls.partially_supported} partially, ${controls.not_supported} not supported.`);

  return {
    risk,
    riskAtStart,
    riskChange,
    worst: latest?.worst ?? null,
    applications: evidence.applications.length,
    providersInUse: evidence.register.length,
    dependencies: evidence.dependencies.length,
    gradeDistribution: GRADE_ORDER.map((grade) => ({ grade, providers: grades.get(grade) ?? 0 })),
    bands,
    riskiest,
    openCritical: open.critical,
    openHigh: open.high,
    pastSla,
    acceptances: evidence.acceptances.length + evidence.acceptancesTruncated,
    controls,
    highlights,
  };
}
