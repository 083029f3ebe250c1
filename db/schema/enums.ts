// Closed sets shared across areas. Each is a Postgres enum so the database
// refuses values the application does not know.
import { pgEnum } from "drizzle-orm/pg-core";
import { FINDING_KINDS } from "../../lib/domain/triage/kinds";

export const roleEnum = pgEnum("role", ["admin", "ciso", "secops", "developer", "auditor"]);
export const lifecycleEnum = pgEnum("lifecycle", ["planned", "development", "production", "deprecated", "retired"]);
export const environmentEnum = pgEnum("environment", ["production", "staging", "development", "test"]);
export const dataClassEnum = pgEnum("data_class", ["internal", "pii", "pci", "phi", "credentials"]);
export const apiLifecycleEnum = pgEnum("api_lifecycle", ["active", "deprecated", "retired"]);
export const endpointStatusEnum = pgEnum("endpoint_status", ["documented", "orphan", "shadow", "zombie", "deprecated"]);
export const dependencySourceEnum = pgEnum("dependency_source", ["traffic", "sbom", "catalog", "manual"]);
export const dependencyTargetEnum = pgEnum("dependency_target", ["provider", "internal_api", "unclassified"]);
export const severityEnum = pgEnum("severity", ["critical", "high", "medium", "low", "info"]);
export const findingStatusEnum = pgEnum("finding_status", [
  "open",
  "in_triage",
  "confirmed",
  "risk_accepted",
  "false_positive",
  "not_affected",
  "resolved",
]);
export const findingKindEnum = pgEnum("finding_kind", FINDING_KINDS);
export const attestationKindEnum = pgEnum("attestation_kind", ["soc2_type2", "iso27001", "pci_dss_aoc"]);
export const ingestStatusEnum = pgEnum("ingest_status", ["running", "succeeded", "failed", "unchanged"]);
export const ingestSourceKindEnum = pgEnum("ingest_source_kind", ["openapi", "traffic", "sbom", "catalog", "provider_spec"]);
export const policyActionEnum = pgEnum("policy_action", ["allow", "alert", "require_approval", "quarantine"]);
export const policyModeEnum = pgEnum("policy_mode", ["enforce", "monitor"]);
export const webhookDeliveryStatusEnum = pgEnum("webhook_delivery_status", ["pending", "succeeded", "failed"]);
export const reportStatusEnum = pgEnum("report_status", ["queued", "running", "ready", "failed"]);
export const tokenScopeEnum = pgEnum("token_scope", ["ingest", "read", "triage"]);
