// Flat rows for the CSV and JSON exports of a report: the third-party register
// and a framework's control table. CSV goes through the shared export helper
// (RFC 4180 quoting, spreadsheet formulas neutralised).

import { toCsv as csvTable } from "../export/csv";
import { CONTROL_STATUS_LABELS, type ControlStatus, type FrameworkAssessment, type FrameworkId } from "./controls";
import type { ReportEvidence } from "./evidence";

export type FlatValue = string | number | boolean | null;
export type FlatRow = Record<string, FlatValue>;

export interface FlatColumn<K extends string = string> {
  key: K;
  header: string;
}

export interface RegisterRow extends FlatRow {
  provider: string;
  providerSlug: string;
  category: string;
  grade: string | null;
  score: number | null;
  confidence: number | null;
  dependents: number;
  dependentApplications: string;
  dataClasses: string;
  sensitivity: string;
  attestations: string;
  expiredAttestations: number;
  kevInSdk: boolean;
  assessedAt: string | null;
  contextualRisk: number | null;
  band: string | null;
  sendsPaymentData: boolean;
  supportsCriticalApplication: boolean;
  firstSeenAt: string | null;
  lastSeenAt: string | null;
}

export const REGISTER_COLUMNS: FlatColumn<keyof RegisterRow & string>[] = [
  { key: "provider", header: "Provider" },
  { key: "providerSlug", header: "Provider id" },
  { key: "category", header: "Category" },
  { key: "grade", header: "Grade" },
  { key: "score", header: "Score" },
  { key: "confidence", header: "Confidence" },
  { key: "dependents", header: "Dependent applications" },
  { key: "dependentApplications", header: "Applications" },
  { key: "dataClasses", header: "Data classes sent" },
  { key: "sensitivity", header: "Most sensitive class" },
  { key: "attestations", header: "Attestations (expiry)" },
  { key: "expiredAttestations", header: "Expired attestations" },
  { key: "kevInSdk", header: "KEV in SDK" },
  { key: "assessedAt", header: "Assessed at" },
  { key: "contextualRisk", header: "Contextual risk" },
  { key: "band", header: "Risk band" },
  { key: "sendsPaymentData", header: "Receives payment data" },
  { key: "supportsCriticalApplication", header: "Supports a tier-1 application" },
  { key: "firstSeenAt", header: "First seen" },
  { key: "lastSeenAt", header: "Last seen" },
];

/** One row per provider in the register, riskiest first, then by name (deterministic). */
export function registerRows(evidence: ReportEvidence): RegisterRow[] {
  const entries = [...evidence.register].sort(
    (a, b) => (b.contextualRisk ?? -1) - (a.contextualRisk ?? -1) || a.providerName.localeCompare(b.providerName, "en") || (a.providerSlug < b.providerSlug ? -1 : 1),
  );
  return entries.map((e) => ({
    provider: e.providerName,
    providerSlug: e.providerSlug,
    category: e.category,
    grade: e.grade,
    score: e.score,
    confidence: e.confidence,
    dependents: e.dependents,
    dependentApplications: [...e.dependentApplications].sort().join("; "),
    dataClasses: [...e.dataClasses].sort().join("; "),
    sensitivity: e.sensitivity,
    attestations: e.attestations.map((a) => `${a.kind} (expires ${a.expiresOn}${a.expired ? ", expired" : ""})`).join("; "),
    expiredAttestations: e.attestations.filter((a) => a.expired).length,
    kevInSdk: e.kevInSdk,
    assessedAt: e.assessedAt,
    contextualRisk: e.contextualRisk,
    band: e.band,
    sendsPaymentData: e.sendsPaymentData,
    supportsCriticalApplication: e.supportsCriticalApplication,
    firstSeenAt: e.firstSeenAt,
    lastSeenAt: e.lastSeenAt,
  }));
}

export interface ControlRow extends FlatRow {
  framework: FrameworkId;
  control: string;
  title: string;
  status: ControlStatus;
  statusLabel: string;
  rule: string;
  evidence: string;
  gaps: string;
}

export const CONTROL_COLUMNS: FlatColumn<keyof ControlRow & string>[] = [
  { key: "framework", header: "Framework" },
  { key: "control", header: "Control" },
  { key: "title", header: "Title" },
  { key: "statusLabel", header: "Status" },
  { key: "rule", header: "Rule" },
  { key: "evidence", header: "Evidence" },
  { key: "gaps", header: "Gaps" },
];

/** One row per control, in the framework's order. */
export function controlRows(assessment: FrameworkAssessment): ControlRow[] {
  return assessment.controls.map((c) => ({
    framework: assessment.framework,
    control: c.id,
    title: c.title,
    status: c.status,
    statusLabel: CONTROL_STATUS_LABELS[c.status],
    rule: c.rule,
    evidence: c.evidence.join("; "),
    gaps: c.gaps.join("; "),
  }));
}

/** CSV of flat rows with the given columns (headers as given, cells through the shared CSV helper). */
export function toCsv<R extends FlatRow>(rows: readonly R[], columns: readonly FlatColumn[]): string {
  return csvTable(rows, columns.map((c) => ({ header: c.header, value: (r: R) => r[c.key] ?? null })));
}
