// OWASP API Security Top 10 (2023) category of each kind of finding, where one
// applies: inventory problems are API9, third-party risk API10, credentials in
// URLs API2, sensitive data exposure API3, transport weaknesses API8.
import type { FindingKind } from "./kinds";

export const OWASP_API_2023 = {
  API1: "Broken Object Level Authorization",
  API2: "Broken Authentication",
  API3: "Broken Object Property Level Authorization",
  API4: "Unrestricted Resource Consumption",
  API5: "Broken Function Level Authorization",
  API6: "Unrestricted Access to Sensitive Business Flows",
  API7: "Server Side Request Forgery",
  API8: "Security Misconfiguration",
  API9: "Improper Inventory Management",
  API10: "Unsafe Consumption of APIs",
} as const;
export type OwaspCategory = keyof typeof OWASP_API_2023;
export const OWASP_CATEGORIES = Object.keys(OWASP_API_2023) as OwaspCategory[];

const BY_KIND: Record<FindingKind, OwaspCategory | null> = {
  shadow_endpoint: "API9",
  zombie_endpoint: "API9",
  orphan_endpoint: "API9",
  deprecated_provider_endpoint: "API9",
  api_key_in_query: "API2",
  sensitive_data_to_unclassified_host: "API3",
  weak_transport: "API8",
  certificate_expiring: "API8",
  vulnerable_sdk: "API10",
  expired_attestation: "API10",
  provider_risk: "API10",
  policy_violation: "API10",
};

export function owaspCategoryOf(kind: FindingKind): OwaspCategory | null {
  return BY_KIND[kind];
}

export function owaspLabel(category: string | null | undefined): string {
  return category && category in OWASP_API_2023 ? `${category}:2023 ${OWASP_API_2023[category as OwaspCategory]}` : "None";
}
