// Display helpers shared by the provider list, the provider page, the
// methodology page and the scoring settings: factor names people read, and
// grades, scores and confidences formatted the same way everywhere.
import type { Grade } from "@/components/ui/grade-badge";
import type { AuthMethod } from "@/lib/domain/scoring/analyst-factors";
import type { FactorName } from "@/lib/domain/scoring/types";

export const FACTOR_LABELS: Record<FactorName, string> = {
  transport: "Transport security (TLS)",
  http_hygiene: "HTTP header hygiene",
  authentication: "Authentication strength",
  spec_hygiene: "API spec hygiene",
  sdk_vulnerabilities: "SDK vulnerabilities",
  incidents: "Security incidents",
  compliance: "Compliance attestations",
  reliability: "Observed reliability",
};

export const FACTOR_DESCRIPTIONS: Record<FactorName, string> = {
  transport: "TLS versions, certificate, key and cipher strength of the API host, rated like SSL Labs (testssl.sh's rating).",
  http_hygiene: "Security headers of an API response, scored with the API profile of the MDN HTTP Observatory.",
  authentication: "The weakest and strongest authentication methods the API accepts, plus short-lived tokens and key rotation.",
  spec_hygiene: "Security lint of the provider's published OpenAPI description (OWASP API rules).",
  sdk_vulnerabilities: "Known vulnerabilities in the provider SDK versions your applications' SBOMs contain, prioritised with KEV and EPSS.",
  incidents: "Recorded security incidents and breaches, fading with a 180-day half-life and ignored after two years.",
  compliance: "Current SOC 2 Type II, ISO/IEC 27001 and PCI DSS attestations; an expired attestation earns nothing.",
  reliability: "Error rate and latency of the calls Sibyl observed in traffic (needs at least 20 calls).",
};

export function factorLabel(name: string): string {
  return (FACTOR_LABELS as Record<string, string>)[name] ?? name.replace(/_/g, " ");
}

export function asGrade(grade: string | null | undefined): Grade | null {
  return grade === "A" || grade === "B" || grade === "C" || grade === "D" || grade === "F" ? grade : null;
}

/** Scores are stored with one decimal; show it only when there is one. */
export function formatScore(score: number | null | undefined): string {
  if (score === null || score === undefined) return "—";
  return Number.isInteger(score) ? String(score) : score.toFixed(1);
}

/** Confidence is the share (0–1) of the model's weight that had data. */
export function formatConfidence(confidence: number | null | undefined): string {
  if (confidence === null || confidence === undefined) return "—";
  return `${Math.round(confidence * 100)}%`;
}

/** The grade band a score falls in (the same thresholds as lib/domain/scoring/model.ts gradeOf). */
export const GRADE_BANDS: { grade: Grade; from: number; to: number; label: string }[] = [
  { grade: "A", from: 90, to: 100, label: "90 and above" },
  { grade: "B", from: 80, to: 90, label: "80–89" },
  { grade: "C", from: 70, to: 80, label: "70–79" },
  { grade: "D", from: 60, to: 70, label: "60–69" },
  { grade: "F", from: 0, to: 60, label: "below 60" },
];

export const GRADE_COLORS: Record<Grade | "none", string> = {
  A: "#15803d",
  B: "#65a30d",
  C: "#d97706",
  D: "#ea580c",
  F: "#dc2626",
  none: "#94a3b8",
};

export const AUTH_METHOD_LABELS: Record<AuthMethod, string> = {
  none: "No authentication",
  api_key_query: "API key in the query string",
  api_key_header: "API key in a header",
  basic: "HTTP Basic",
  bearer: "Bearer token",
  oauth2: "OAuth 2 / OpenID Connect",
  mutual_tls: "Mutual TLS",
};
