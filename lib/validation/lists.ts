import { z } from "zod";
import { listQuerySchema } from "./list-query";
import { INGEST_KINDS } from "./ingest";
import { POLICY_ACTIONS } from "@/lib/domain/policies/types";

export const applicationListSchema = listQuerySchema(
  ["name", "team", "criticality", "providers", "environment", "lifecycle", "updated"] as const,
  "name",
).extend({
  team: z.string().max(100).optional().catch(undefined),
  criticality: z.coerce.number().int().min(1).max(4).optional().catch(undefined),
  dataClass: z.enum(["internal", "pii", "pci", "phi", "credentials"]).optional().catch(undefined),
});
export type ApplicationListQuery = z.infer<typeof applicationListSchema>;

/** Providers sort by contextual risk by default: the riskiest dependency on each, worst first. */
export const providerListSchema = listQuerySchema(["risk", "name", "category", "dependents", "hosts", "score", "grade", "confidence", "assessed"] as const, "risk", "desc").extend({
  category: z.string().max(60).optional().catch(undefined),
  /** Providers in use by default: the catalog's other entries are one choice away. */
  used: z.enum(["all", "used", "unused"]).catch("used"),
  grade: z.enum(["A", "B", "C", "D", "F", "none"]).optional().catch(undefined),
});
export type ProviderListQuery = z.infer<typeof providerListSchema>;

export const auditListSchema = listQuerySchema(["at", "actor", "action"] as const, "at", "desc").extend({
  action: z.string().max(80).optional().catch(undefined),
});
export type AuditListQuery = z.infer<typeof auditListSchema>;

export const userListSchema = listQuerySchema(["name", "email", "role", "lastSignIn", "created"] as const, "name");
export type UserListQuery = z.infer<typeof userListSchema>;

export const ENDPOINT_STATUSES = ["documented", "orphan", "shadow", "zombie", "deprecated"] as const;

export const endpointListSchema = listQuerySchema(["path", "method", "status", "calls", "lastSeen", "app"] as const, "lastSeen", "desc").extend({
  app: z.string().max(63).optional().catch(undefined),
  api: z.string().max(200).optional().catch(undefined),
  status: z.enum(ENDPOINT_STATUSES).optional().catch(undefined),
  method: z.enum(["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"]).optional().catch(undefined),
  /** Seen within the last N days; "never" for endpoints never seen in traffic. */
  seen: z.enum(["1", "7", "30", "90", "never"]).optional().catch(undefined),
});
export type EndpointListQuery = z.infer<typeof endpointListSchema>;

export const ingestRunListSchema = listQuerySchema(["started", "kind", "status", "app"] as const, "started", "desc").extend({
  kind: z.enum(INGEST_KINDS).optional().catch(undefined),
  status: z.enum(["running", "succeeded", "failed", "unchanged"]).optional().catch(undefined),
  app: z.string().max(63).optional().catch(undefined),
});
export type IngestRunListQuery = z.infer<typeof ingestRunListSchema>;

/** A heat-map cell in a URL: ?likelihood=4&impact=5. */
export const riskCellSchema = z.object({ likelihood: z.coerce.number().int().min(1).max(5), impact: z.coerce.number().int().min(1).max(5) });

export const dependencyListSchema = listQuerySchema(["risk", "app", "provider", "calls", "criticality"] as const, "risk", "desc").extend({
  likelihood: z.coerce.number().int().min(1).max(5).optional().catch(undefined),
  impact: z.coerce.number().int().min(1).max(5).optional().catch(undefined),
  band: z.enum(["low", "medium", "high", "critical"]).optional().catch(undefined),
  app: z.string().max(63).optional().catch(undefined),
  provider: z.string().max(100).optional().catch(undefined),
  decision: z.enum(POLICY_ACTIONS).optional().catch(undefined),
});
export type DependencyListQuery = z.infer<typeof dependencyListSchema>;

export const reportListSchema = listQuerySchema(["requested", "framework", "status", "scope"] as const, "requested", "desc").extend({
  framework: z.enum(["owasp-api-2023", "iso27001", "soc2", "nist-csf-2", "pci-dss-4", "dora"]).optional().catch(undefined),
  status: z.enum(["queued", "running", "ready", "failed"]).optional().catch(undefined),
});
export type ReportListQuery = z.infer<typeof reportListSchema>;
