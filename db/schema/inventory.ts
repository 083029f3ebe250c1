// What the applications provide and consume: internal APIs with their spec
// versions, endpoints, dependencies on providers or internal APIs, and the
// ingest runs that fed them.
import { sql } from "drizzle-orm";
import {
  bigint, boolean, check, index, integer, jsonb, pgTable, real, smallint, text, timestamp, uniqueIndex, uuid,
} from "drizzle-orm/pg-core";
import {
  apiLifecycleEnum, dependencySourceEnum, dependencyTargetEnum, endpointStatusEnum, ingestSourceKindEnum, ingestStatusEnum,
} from "./enums";
import { timestamps, users, apiTokens } from "./auth";
import { applications } from "./org";
import { providers } from "./providers";

export const internalApis = pgTable(
  "internal_apis",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    currentVersion: text("current_version"),
    lifecycle: apiLifecycleEnum("lifecycle").notNull().default("active"),
    /** Base paths from the current spec's servers, stripped before template matching. */
    basePaths: text("base_paths").array().notNull().default(sql`'{}'::text[]`),
    isDemo: boolean("is_demo").notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex("internal_apis_app_name_uq").on(t.applicationId, t.name)],
);

/** Every spec version ever ingested for an API; the current one is internal_apis.current_version. */
export const apiSpecVersions = pgTable(
  "api_spec_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    apiId: uuid("api_id")
      .notNull()
      .references(() => internalApis.id, { onDelete: "cascade" }),
    version: text("version").notNull(),
    lifecycle: apiLifecycleEnum("lifecycle").notNull().default("active"),
    contentHash: text("content_hash").notNull(),
    /** The dereferenced spec document as ingested. */
    spec: jsonb("spec").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("api_spec_versions_api_version_uq").on(t.apiId, t.version)],
);

export const endpoints = pgTable(
  "endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    /** The API whose spec documents (or once documented) it; null for endpoints seen only in traffic. */
    apiId: uuid("api_id").references(() => internalApis.id, { onDelete: "cascade" }),
    method: text("method").notNull(),
    pathTemplate: text("path_template").notNull(),
    /** In the current spec of its API. */
    documented: boolean("documented").notNull().default(false),
    /** The path is in a spec but this method is not. */
    pathDocumented: boolean("path_documented").notNull().default(false),
    deprecated: boolean("deprecated").notNull().default(false),
    /** Present in an earlier spec version but not in the current one. */
    removed: boolean("removed").notNull().default(false),
    inferred: boolean("inferred").notNull().default(false),
    inferenceConfidence: real("inference_confidence"),
    status: endpointStatusEnum("status").notNull().default("shadow"),
    /** The discovery rule that produced the status, in words. */
    statusRule: text("status_rule"),
    /** Up to five concrete paths seen for an inferred template, and why each segment became a parameter. */
    samples: text("samples").array().notNull().default(sql`'{}'::text[]`),
    inferenceReasons: text("inference_reasons").array().notNull().default(sql`'{}'::text[]`),
    specVersion: text("spec_version"),
    securitySchemes: text("security_schemes").array().notNull().default(sql`'{}'::text[]`),
    /** The spec's enumerated path parameters ({ name: values }): traffic with another value is not this operation. */
    pathEnums: jsonb("path_enums").$type<Record<string, string[]>>(),
    /** The spec's numeric path parameters ({ name: "integer" | "number" }): traffic with a non-numeric value there is not this operation. */
    pathParamTypes: jsonb("path_param_types").$type<Record<string, "integer" | "number">>(),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    callCount: bigint("call_count", { mode: "number" }).notNull().default(0),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("endpoints_app_api_method_path_uq").on(t.applicationId, sql`coalesce(${t.apiId}::text, '')`, t.method, t.pathTemplate),
    index("endpoints_api_idx").on(t.apiId),
    index("endpoints_status_idx").on(t.status),
    index("endpoints_last_seen_idx").on(t.lastSeenAt),
  ],
);

export interface DependencySourceEvidence {
  calls?: number;
  hosts?: string[];
  purls?: string[];
  firstSeenAt?: string | null;
  lastSeenAt?: string | null;
}

export const dependencies = pgTable(
  "dependencies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    targetKind: dependencyTargetEnum("target_kind").notNull(),
    providerId: uuid("provider_id").references(() => providers.id, { onDelete: "set null" }),
    internalApiId: uuid("internal_api_id").references(() => internalApis.id, { onDelete: "set null" }),
    /** For calls to another internal application identified by host. */
    targetApplicationId: uuid("target_application_id").references(() => applications.id, { onDelete: "set null" }),
    /** First observed host (traffic); the natural key of an unclassified edge. Every host is in `hosts`. */
    host: text("host"),
    callCount: bigint("call_count", { mode: "number" }).notNull().default(0),
    /** Fine-grained classes observed or declared on this edge (email, card_number, pii, …). */
    dataClasses: text("data_classes").array().notNull().default(sql`'{}'::text[]`),
    /** Where each data class was seen, e.g. {"email":["query:email"]}; never the values. */
    dataLocations: jsonb("data_locations").$type<Record<string, string[]>>().notNull().default({}),
    /** Observed reliability: calls answered 5xx (or failed) and latency totals. */
    errorCount: bigint("error_count", { mode: "number" }).notNull().default(0),
    latencyMsSum: real("latency_ms_sum").notNull().default(0),
    latencySamples: bigint("latency_samples", { mode: "number" }).notNull().default(0),
    /** SDK package identifier for sbom edges, e.g. pkg:npm/stripe@14.0.0 */
    sdkPurl: text("sdk_purl"),
    /** Every way this dependency is known (traffic, sbom, catalog, manual); one row per application × target. */
    sources: dependencySourceEnum("sources").array().notNull().default(sql`'{}'::dependency_source[]`),
    /** Every host this dependency was observed on (a provider may serve several). */
    hosts: text("hosts").array().notNull().default(sql`'{}'::text[]`),
    /** Evidence per source: {"traffic": {calls, hosts, firstSeenAt, lastSeenAt}, "sbom": {purls}, …}. */
    sourceEvidence: jsonb("source_evidence").$type<Record<string, DependencySourceEvidence>>().notNull().default({}),
    /** Set when an analyst narrowed the data classes this edge carries (replaces the application's declared classes). */
    narrowedDataClasses: text("narrowed_data_classes").array(),
    narrowedById: uuid("narrowed_by_id").references(() => users.id),
    narrowedAt: timestamp("narrowed_at", { withTimezone: true }),
    narrowJustification: text("narrow_justification"),
    /** Current contextual risk (the rescore job keeps it; history is in dependency_risks). */
    risk: real("risk"),
    riskBand: text("risk_band"),
    likelihood: smallint("likelihood"),
    impact: smallint("impact"),
    riskExplanation: jsonb("risk_explanation"),
    riskComputedAt: timestamp("risk_computed_at", { withTimezone: true }),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }),
    isDemo: boolean("is_demo").notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("dependencies_edge_uq").on(
      t.applicationId,
      t.targetKind,
      sql`coalesce(${t.providerId}::text, '')`,
      sql`coalesce(${t.internalApiId}::text, '')`,
      sql`coalesce(${t.targetApplicationId}::text, '')`,
      sql`(case when ${t.targetKind} = 'unclassified' then ${t.host} else '' end)`,
    ),
    index("dependencies_provider_idx").on(t.providerId, t.applicationId),
    index("dependencies_risk_idx").on(t.risk.desc().nullsLast()),
    // A provider's contextual risk (its riskiest dependency, providerContextualRiskSql) in one index probe.
    index("dependencies_provider_risk_idx").on(t.providerId, t.risk),
    index("dependencies_app_idx").on(t.applicationId),
    check(
      "dependencies_target_ck",
      sql`(${t.targetKind} = 'provider' and ${t.providerId} is not null) or (${t.targetKind} = 'internal_api' and (${t.internalApiId} is not null or ${t.targetApplicationId} is not null)) or (${t.targetKind} = 'unclassified' and ${t.host} is not null)`,
    ),
  ],
);

export const ingestRuns = pgTable(
  "ingest_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: ingestSourceKindEnum("kind").notNull(),
    /** cli | http | ui | pull | seed */
    trigger: text("trigger").notNull().default("cli"),
    byteSize: bigint("byte_size", { mode: "number" }),
    format: text("format").notNull(),
    sourceName: text("source_name").notNull(),
    applicationId: uuid("application_id").references(() => applications.id, { onDelete: "set null" }),
    contentHash: text("content_hash"),
    status: ingestStatusEnum("status").notNull().default("running"),
    recordsRead: integer("records_read").notNull().default(0),
    recordsAccepted: integer("records_accepted").notNull().default(0),
    recordsRejected: integer("records_rejected").notNull().default(0),
    newEndpoints: integer("new_endpoints").notNull().default(0),
    newDependencies: integer("new_dependencies").notNull().default(0),
    /** First 100 problems: [{location, reason}] where location is a line number or JSON path. */
    errors: jsonb("errors").$type<{ location: string; reason: string }[]>().notNull().default([]),
    startedById: uuid("started_by_id").references(() => users.id),
    tokenId: uuid("token_id").references(() => apiTokens.id),
    startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
  },
  (t) => [index("ingest_runs_started_idx").on(t.startedAt), index("ingest_runs_hash_idx").on(t.contentHash)],
);

/**
 * Per-record fingerprints of ingested traffic, so overlapping logs are counted
 * once. The fingerprint hashes the application id with the event, so the
 * narrow bigint key alone identifies it (a narrower index ingests faster).
 */
export const trafficFingerprints = pgTable("traffic_fingerprints", {
  fingerprint: bigint("fingerprint", { mode: "number" }).primaryKey(),
  applicationId: uuid("application_id")
    .notNull()
    .references(() => applications.id, { onDelete: "cascade" }),
});

export const sbomComponents = pgTable(
  "sbom_components",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    purl: text("purl").notNull(),
    name: text("name").notNull(),
    groupName: text("group_name"),
    version: text("version"),
    ecosystem: text("ecosystem"),
    providerId: uuid("provider_id").references(() => providers.id, { onDelete: "set null" }),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    ingestRunId: uuid("ingest_run_id").references(() => ingestRuns.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("sbom_components_app_purl_uq").on(t.applicationId, t.purl), index("sbom_components_provider_idx").on(t.providerId)],
);

/** Vulnerabilities recorded in an application's SBOM (its own vulnerabilities section). */
export const sbomVulnerabilities = pgTable(
  "sbom_vulnerabilities",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    vulnId: text("vuln_id").notNull(),
    componentPurl: text("component_purl"),
    source: text("source"),
    ratings: jsonb("ratings").notNull().default([]),
    description: text("description"),
    ingestRunId: uuid("ingest_run_id").references(() => ingestRuns.id, { onDelete: "set null" }),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("sbom_vulns_app_vuln_purl_uq").on(t.applicationId, t.vulnId, sql`coalesce(${t.componentPurl}, '')`)],
);

/** Spec and catalog URLs an admin registered for scheduled pulls. */
export const pullSources = pgTable(
  "pull_sources",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: ingestSourceKindEnum("kind").notNull(),
    url: text("url").notNull(),
    applicationId: uuid("application_id").references(() => applications.id, { onDelete: "cascade" }),
    apiName: text("api_name"),
    intervalMinutes: integer("interval_minutes").notNull().default(1440),
    enabled: boolean("enabled").notNull().default(true),
    etag: text("etag"),
    lastModified: text("last_modified"),
    lastPulledAt: timestamp("last_pulled_at", { withTimezone: true }),
    lastStatus: text("last_status"),
    lastError: text("last_error"),
    lastRunId: uuid("last_run_id").references(() => ingestRuns.id, { onDelete: "set null" }),
    createdById: uuid("created_by_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [uniqueIndex("pull_sources_kind_url_app_uq").on(t.kind, t.url, sql`coalesce(${t.applicationId}::text, '')`)],
);
