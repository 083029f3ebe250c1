// Finding identity and deadlines. A fingerprint hashes the stable fields that
// name a problem (kind, application, endpoint or host), so re-detection updates
// the same finding instead of adding a new one (DefectDojo's hash deduplication).
import { createHash } from "node:crypto";

export type Severity = "critical" | "high" | "medium" | "low" | "info";

export function findingFingerprint(kind: string, ...parts: (string | null | undefined)[]): string {
  return createHash("sha256")
    .update([kind, ...parts.map((p) => p ?? "")].join("\u001f"))
    .digest("hex");
}


