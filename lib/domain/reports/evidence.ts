// The evidence one compliance report is built from: a plain, serialisable
// snapshot of a scope (portfolio, team or application) over a period, read
// from the database by lib/server/reports/gather.ts. Every framework mapping,
// every PDF section, the CSV/JSON exports and the Overview's report-derived
// figures read this shape and nothing else, so a test can build one by hand
// and check what each control concludes from it.

import type { Level, RiskBand, SensitivityClass } from "../scoring/dependency-risk";

export type ReportScope =
  | { kind: "portfolio" }
  | { kind: "team"; slug: string; name: string }
  | { kind: "application"; slug: string; name: string };

/** Inclusive calendar days, YYYY-MM-DD (UTC). */
export interface ReportPeriod {
  from: string;
  to: string;
}

export type Severity = "critical" | "high" | "medium" | "low" | "info";

export interface ApplicationEvidence {
  slug: string;
  name: string;
  team: string | null;
  /** 1 mission critical … 4 administrative. */
  criticality: number;
  /** Declared data classes (internal, pii, pci, phi, credentials). */
  dataClasses: string[];
  environment: string;
  lifecycle: string;
  /** Riskiest dependency's risk (0–100) and band; null when nothing is scored yet. */
  risk: number | null;
  band: RiskBand | null;
  dependencies: number;
}

export interface AttestationEvidence {
  kind: "soc2_type2" | "iso27001" | "pci_dss_aoc";
  issuedOn: string | null;
  expiresOn: string;
  /** Expired on the report's generation date. */
  expired: boolean;
}

/** One row of the third-party register: a provider in use within the scope. */
export interface RegisterEntry {
  providerSlug: string;
  providerName: string;
  category: string;
  website: string | null;
  grade: string | null;
  score: number | null;
  /** 0–1. */
  confidence: number | null;
  /** When the current score was last confirmed by a rescore (ISO time); null when never scored. */
  assessedAt: string | null;
  /** Caps applied to the score (their ids, e.g. "untrusted_certificate", "kev"). */
  caps: string[];
  /** Applications in scope that depend on the provider. */
  dependents: number;
  dependentApplications: string[];
  /** Data classes sent to the provider within scope (observed on the edges or declared and not narrowed). */
  dataClasses: string[];
  /** Most sensitive class among them. */
  sensitivity: SensitivityClass;
  /** Riskiest dependency on this provider within scope. */
  contextualRisk: number | null;
  band: RiskBand | null;
  callCount: number;
  sources: string[];
  attestations: AttestationEvidence[];
  /** SDKs in use with a known-exploited (KEV) vulnerability. */
  kevInSdk: boolean;
  /** True when any dependent application in scope is tier 1 (mission critical). */
  supportsCriticalApplication: boolean;
  /** Does any dependent application in scope send payment data (declared pci or observed card numbers)? */
  sendsPaymentData: boolean;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
}

export interface DependencyEvidence {
  applicationSlug: string;
  applicationName: string;
  criticality: number;
  targetKind: "provider" | "internal_api" | "unclassified";
  /** Provider name, internal API name or host. */
  targetName: string;
  providerSlug: string | null;
  likelihood: Level | null;
  impact: Level | null;
  risk: number | null;
  band: RiskBand | null;
  dataClasses: string[];
  callCount: number;
  sources: string[];
}

export interface FindingEvidence {
  id: string;
  kind: string;
  title: string;
  severity: Severity;
  state: string;
  /** OWASP API Security Top 10 2023 category ("API9") or null. */
  owasp: string | null;
  applicationSlug: string | null;
  providerSlug: string | null;
  assignee: string | null;
  dueAt: string | null;
  pastSla: boolean;
  firstSeenAt: string;
}

export interface AcceptanceEvidence {
  findingId: string;
  findingTitle: string;
  severity: Severity;
  owner: string;
  decision: string;
  compensatingControls: string | null;
  acceptedAt: string;
  expiresAt: string;
  expired: boolean;
}

/** Spec-lint results of the OWASP design checks, one row per OWASP category. */
export interface LintEvidence {
  owasp: string;
  /** APIs (provider specs and internal API specs) with at least one finding in this category. */
  apis: number;
  findings: number;
  errors: number;
  warnings: number;
}

export interface InventoryEvidence {
  internalApis: number;
  specs: number;
  endpoints: number;
  documented: number;
  shadow: number;
  zombie: number;
  orphan: number;
  deprecated: number;
  unclassifiedHosts: number;
}

export interface FindingCounts {
  /** Active findings (open, in triage, confirmed) by severity. */
  openBySeverity: Record<Severity, number>;
  /** Active findings past their SLA due date, by severity. */
  pastSlaBySeverity: Record<Severity, number>;
  /** Findings by state, all time within scope. */
  byState: Record<string, number>;
  openedInPeriod: number;
  resolvedInPeriod: number;
  /** Mean days from first seen to closed for findings closed in the period, by severity (null: none closed). */
  meanDaysToResolve: Partial<Record<Severity, number | null>>;
}

export interface TrendPoint {
  day: string;
  /** Criticality-weighted mean application risk in scope (portfolio/team) or the application's risk. */
  risk: number;
  worst: number;
}

export interface SourceFreshness {
  kind: string;
  name: string;
  lastRunAt: string | null;
  status: string | null;
}

export interface MethodologyEvidence {
  modelVersion: string | null;
  weights: { factor: string; weight: number }[];
  slaDays: Record<string, number>;
  sources: SourceFreshness[];
  /** When providers were last rescored (ISO time). */
  lastRescoreAt: string | null;
}

export interface ReportEvidence {
  scope: ReportScope;
  period: ReportPeriod;
  /** ISO time the evidence was read. */
  generatedAt: string;
  generatedBy: { name: string; email: string; role: string };
  applications: ApplicationEvidence[];
  register: RegisterEntry[];
  /** Every dependency in scope, riskiest first. */
  dependencies: DependencyEvidence[];
  findingCounts: FindingCounts;
  /** Active findings in scope, most severe and oldest first (bounded by the gatherer; see findingsTruncated). */
  openFindings: FindingEvidence[];
  findingsTruncated: number;
  /** Current risk acceptances in scope, expiring soonest first (bounded; see acceptancesTruncated). */
  acceptances: AcceptanceEvidence[];
  acceptancesTruncated: number;
  lint: LintEvidence[];
  inventory: InventoryEvidence;
  trend: TrendPoint[];
  methodology: MethodologyEvidence;
}

export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low", "info"];

export function emptySeverityCounts(): Record<Severity, number> {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

export function scopeLabel(scope: ReportScope): string {
  if (scope.kind === "portfolio") return "Whole portfolio";
  return scope.kind === "team" ? `Team ${scope.name}` : `Application ${scope.name}`;
}

/** Days between an ISO time and the generation time (whole days, floor). */
export function daysBetween(fromIso: string, toIso: string): number {
  return Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 86_400_000);
}
