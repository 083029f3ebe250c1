// The kinds of finding Sibyl detects, with the words the queue shows for each.

export const FINDING_KINDS = [
  "shadow_endpoint",
  "zombie_endpoint",
  "orphan_endpoint",
  "api_key_in_query",
  "sensitive_data_to_unclassified_host",
  "vulnerable_sdk",
  "weak_transport",
  "expired_attestation",
  "provider_risk",
  "certificate_expiring",
  "deprecated_provider_endpoint",
  "policy_violation",
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const KIND_LABELS: Record<FindingKind, string> = {
  shadow_endpoint: "Shadow endpoint",
  zombie_endpoint: "Zombie endpoint",
  orphan_endpoint: "Orphan endpoint",
  api_key_in_query: "API key in query string",
  sensitive_data_to_unclassified_host: "Sensitive data to unclassified host",
  vulnerable_sdk: "Vulnerable SDK",
  weak_transport: "Weak transport",
  expired_attestation: "Expired attestation",
  provider_risk: "Provider risk",
  certificate_expiring: "Certificate expiring",
  deprecated_provider_endpoint: "Deprecated provider endpoint",
  policy_violation: "Policy violation",
};
