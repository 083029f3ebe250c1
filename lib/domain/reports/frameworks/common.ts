// Shared figures and wording for the framework mappings. Every threshold a rule
// uses is a named constant here (or in the framework's own file), every rule
// reads "now" from evidence.generatedAt, and every rule sentence carries the
// figures that decided it, so the same evidence always gives the same report.

import { THIN_EVIDENCE_CONFIDENCE } from "../../scoring/dependency-risk";
import type { ControlAssessment, ControlStatus } from "../controls";
import { daysBetween, type RegisterEntry, type ReportEvidence } from "../evidence";

/** A provider counts as monitored when its score was confirmed within this many days of the report. */
export const ASSESSMENT_MAX_AGE_DAYS = 30;
/** Letter grades that count as a weak provider. */
export const POOR_GRADES: readonly string[] = ["D", "F"];
/** Share of items meeting a rule at or above which a control is partially (not fully) supported; below it, not supported. */
export const PARTIAL_COVERAGE_SHARE = 0.8;
/** A graded score below this confidence is thin evidence (the same threshold the contextual risk uses). */
export const MIN_DUE_DILIGENCE_CONFIDENCE = THIN_EVIDENCE_CONFIDENCE;
/** Dependency source that means the SDK was read from an application's SBOM. */
export const SBOM_SOURCE = "sbom";
/** Provider catalog categories that are cloud infrastructure or platform services (IaaS, storage, managed databases). */
export const CLOUD_CATEGORIES: readonly string[] = ["cloud", "cloud-storage", "database"];

export const NO_CONTRACT_GAP = "Sibyl holds no contract data: record agreements outside Sibyl";
export const NO_PROVIDERS_GAP = "Sibyl observed no provider in use in this scope; if the scope has suppliers, connect traffic or SBOM sources before relying on this control";

export function control(id: string, title: string, status: ControlStatus, rule: string, evidence: string[], gaps: string[]): ControlAssessment {
  return { id, title, status, rule, evidence, gaps: status === "supported" ? [] : gaps };
}

/**
 * supported when no item fails; partially supported when at least
 * PARTIAL_COVERAGE_SHARE of them pass; not supported below that or when there is
 * nothing to judge (no evidence is not support).
 */
export function coverageStatus(failing: number, total: number): ControlStatus {
  if (total === 0) return "not_supported";
  if (failing === 0) return "supported";
  return (total - failing) / total >= PARTIAL_COVERAGE_SHARE ? "partially_supported" : "not_supported";
}

/** PARTIAL_COVERAGE_SHARE in words ("80 %"). */
export const PARTIAL_SHARE_WORDS = `${Math.round(PARTIAL_COVERAGE_SHARE * 100)} %`;
/** The coverage clause every coverage rule ends its "supported when …" with. */
export const COVERAGE_CLAUSE = `(partially when at least ${PARTIAL_SHARE_WORDS} do)`;
/** The clause of a rule capped at partially supported. */
export const CAPPED_COVERAGE_CLAUSE = `in at least ${PARTIAL_SHARE_WORDS} of cases, else not supported`;

const STATUS_ORDER: ControlStatus[] = ["not_supported", "partially_supported", "supported"];

/** The weaker of two statuses (not_applicable never wins). */
export function weaker(a: ControlStatus, b: ControlStatus): ControlStatus {
  if (a === "not_applicable") return b;
  if (b === "not_applicable") return a;
  return STATUS_ORDER[Math.min(STATUS_ORDER.indexOf(a), STATUS_ORDER.indexOf(b))];
}

/** Caps a status at partially supported: for controls Sibyl's evidence can only speak to in part. */
export function atMostPartial(status: ControlStatus): ControlStatus {
  return status === "supported" ? "partially_supported" : status;
}

/** "a, b, c and 4 more" (sorted, deterministic). */
export function names(list: readonly string[], max = 5): string {
  const sorted = [...list].sort((x, y) => x.localeCompare(y, "en"));
  if (sorted.length <= max) return sorted.join(", ");
  return `${sorted.slice(0, max).join(", ")} and ${sorted.length - max} more`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function pct(part: number, total: number): string {
  return total === 0 ? "0 %" : `${Math.round((part / total) * 100)} %`;
}

/** Days since the provider's score was last confirmed; null when never scored. */
export function assessmentAgeDays(entry: RegisterEntry, now: string): number | null {
  return entry.assessedAt ? daysBetween(entry.assessedAt, now) : null;
}

export function isStale(entry: RegisterEntry, now: string, maxDays = ASSESSMENT_MAX_AGE_DAYS): boolean {
  const age = assessmentAgeDays(entry, now);
  return age === null || age > maxDays;
}

export const isGraded = (e: RegisterEntry): boolean => e.grade !== null;
export const hasPoorGrade = (e: RegisterEntry): boolean => e.grade !== null && POOR_GRADES.includes(e.grade);
export const hasExpiredAttestation = (e: RegisterEntry): boolean => e.attestations.some((a) => a.expired);
export const hasValidAttestation = (e: RegisterEntry): boolean => e.attestations.some((a) => !a.expired);
export const isCloudService = (e: RegisterEntry): boolean => CLOUD_CATEGORIES.includes(e.category);

/** "API9:2023" or "api9" → "API9"; null when not an OWASP API 2023 category. */
export function owaspKey(value: string | null | undefined): string | null {
  if (!value) return null;
  const m = /^api(\d{1,2})(?::2023)?$/i.exec(value.trim());
  return m ? `API${Number(m[1])}` : null;
}

/** Applications in scope with at least one dependency read from an SBOM. */
export function sbomCoveredApplications(evidence: ReportEvidence): Set<string> {
  const covered = new Set<string>();
  for (const d of evidence.dependencies) if (d.sources.includes(SBOM_SOURCE)) covered.add(d.applicationSlug);
  return new Set(evidence.applications.map((a) => a.slug).filter((s) => covered.has(s)));
}

/** The sentence saying how many providers are in the register, and from which sources. */
export function registerSummary(evidence: ReportEvidence): string {
  const sources = [...new Set(evidence.register.flatMap((e) => e.sources))].sort();
  return `${plural(evidence.register.length, "provider")} in use in scope${sources.length ? ` (observed through ${sources.join(", ")})` : ""}`;
}

/** True when the ISO time falls within the report's period (inclusive calendar days, UTC). */
export function inPeriod(iso: string | null, evidence: ReportEvidence): boolean {
  if (!iso) return false;
  const day = iso.slice(0, 10);
  return day >= evidence.period.from && day <= evidence.period.to;
}
