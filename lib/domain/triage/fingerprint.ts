// Finding identity and deadlines. A fingerprint hashes the stable fields that
// name a problem (kind, application, endpoint or host), so re-detection updates
// the same finding instead of adding a new one (DefectDojo's hash deduplication).
// SLA days follow DefectDojo's defaults: critical 7, high 30, medium 90, low 120.
import { createHash } from "node:crypto";

export type Severity = "critical" | "high" | "medium" | "low" | "info";

export function findingFingerprint(kind: string, ...parts: (string | null | undefined)[]): string {
  return createHash("sha256")
    .update([kind, ...parts.map((p) => p ?? "")].join("\u001f"))
    .digest("hex");
}

export const SLA_DAYS: Record<Severity, number | null> = { critical: 7, high: 30, medium: 90, low: 120, info: null };

export function slaDueDate(severity: Severity, firstSeen: Date): Date | null {
  const days = SLA_DAYS[severity];
  return days === null ? null : new Date(firstSeen.getTime() + days * 86_400_000);
}

/** Analyst decisions that a re-detection must not undo. */
export const STICKY_STATUSES = new Set(["risk_accepted", "false_positive", "not_affected"]);
