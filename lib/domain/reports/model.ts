// Everything one PDF report shows, as plain data: the evidence, the framework's
// conclusions, the executive summary, the insurer's section. The PDF renders it
// as is; its SHA-256 (over a canonical serialisation) is the "document body"
// hash printed on the verification page and stored with the report.

import { createHash } from "node:crypto";
import type { FrameworkAssessment, FrameworkId } from "./controls";
import type { ReportEvidence } from "./evidence";
import type { ExecutiveSummary } from "./summary";

export interface ExposureSection {
  /** Current index of the scope and its value at the start of the available history (≤ 12 months). */
  current: number | null;
  atStart: number | null;
  history: { day: string; value: number }[];
  /** Largest contributors, largest first. */
  contributors: { application: string; target: string; value: number; reason: string }[];
  /** The formula in words (the README and methodology page say the same). */
  formula: string;
}

export interface ReportModel {
  id: string;
  title: string;
  framework: FrameworkId;
  evidence: ReportEvidence;
  assessment: FrameworkAssessment;
  summary: ExecutiveSummary;
  exposure: ExposureSection | null;
}

/** JSON with object keys sorted at every level: the same content always serialises to the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** SHA-256 (hex) of the report's body: every figure, row and sentence the report shows before its verification page. */
export function bodyHash(model: ReportModel): string {
  return createHash("sha256").update(canonicalJson(model)).digest("hex");
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}
