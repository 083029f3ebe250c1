// Evidence and judgement: signals collected about providers, the versioned
// scoring model, and every score ever computed (history is never overwritten).
import { sql } from "drizzle-orm";
import { boolean, check, date, doublePrecision, index, integer, json, jsonb, pgTable, primaryKey, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users } from "./auth";
import { applications } from "./org";
import { providers } from "./providers";
import { dependencies } from "./inventory";

export const signals = pgTable(
  "signals",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerId: uuid("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    /** Factor the signal feeds: transport, http_hygiene, authentication, spec_hygiene, sdk_vulnerabilities, incidents, compliance, reliability. */
    factor: text("factor").notNull(),
    /** Where it came from: probe, recorded_probe, analyst, sbom, traffic, import. */
    source: text("source").notNull(),
    host: text("host"),
    evidence: jsonb("evidence").notNull(),
    isOverride: boolean("is_override").notNull().default(false),
    justification: text("justification"),
    recordedById: uuid("recorded_by_id").references(() => users.id),
    observedAt: timestamp("observed_at", { withTimezone: true }).notNull().defaultNow(),
    supersededAt: timestamp("superseded_at", { withTimezone: true }),
  },
  (t) => [
    index("signals_provider_factor_idx").on(t.providerId, t.factor, t.observedAt),
    // A rescore's "latest live signal per provider, factor and override" read in index order, from the
    // index alone (no sort of every historical signal); the rows are then fetched by id.
    index("signals_latest_idx").on(t.providerId, t.factor, t.isOverride, t.observedAt.desc(), t.id).where(sql`superseded_at is null`),
  ],
);

export const scoringModels = pgTable(
  "scoring_models",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    version: integer("version").notNull(),
    /** Factor name -> weight. */
    weights: jsonb("weights").$type<Record<string, number>>().notNull(),
    parameters: jsonb("parameters").$type<Record<string, unknown>>().notNull().default({}),
    note: text("note"),
    createdById: uuid("created_by_id").references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("scoring_models_version_uq").on(t.version)],
);

export const providerScores = pgTable(
  "provider_scores",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerId: uuid("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    modelId: uuid("model_id")
      .notNull()
      .references(() => scoringModels.id),
    score: real("score").notNull(),
    grade: text("grade"),
    confidence: real("confidence").notNull(),
    /** [{name, subscore, weight, evidence}] */
    // json, not jsonb: score rows are written in bulk on every rescore and read whole, never
    // queried inside; json skips the binary conversion that dominated the rescore's writes.
    factors: json("factors").notNull(),
    caps: json("caps").notNull().default([]),
    improvements: json("improvements").notNull().default([]),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * SHA-256 of the whole result. A rescore whose result is identical to the
     * latest row writes no new row (history keeps changes, not repetitions);
     * it moves assessed_at instead.
     */
    digest: text("digest"),
    /** Last time a rescore confirmed this result (computed_at, or later when nothing changed). */
    assessedAt: timestamp("assessed_at", { withTimezone: true }),
  },
  (t) => [
    index("provider_scores_provider_idx").on(t.providerId, t.computedAt),
    check("provider_scores_range_ck", sql`${t.score} between 0 and 100 and ${t.confidence} between 0 and 1`),
  ],
);

/**
 * Graded evidence (the HTTP header tests, a TLS rating) stored once per distinct content: score rows
 * reference it by digest instead of each carrying a copy (lib/server/scoring/stored-evidence.ts).
 */
export const evidenceBlobs = pgTable("evidence_blobs", {
  /** SHA-256 of the JSON text. */
  digest: text("digest").primaryKey(),
  // json, not jsonb: read back whole, with its keys in the order they were written.
  body: json("body").notNull(),
});

export const dependencyRisks = pgTable(
  "dependency_risks",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    dependencyId: uuid("dependency_id")
      .notNull()
      .references(() => dependencies.id, { onDelete: "cascade" }),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    providerScoreId: uuid("provider_score_id").references(() => providerScores.id),
    risk: real("risk").notNull(),
    explanation: jsonb("explanation").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("dependency_risks_app_idx").on(t.applicationId, t.computedAt), index("dependency_risks_dep_idx").on(t.dependencyId, t.computedAt)],
);

/**
 * Daily roll-up of each application's risk, kept by the rescore job (the latest
 * rescore of a day wins), so trends read one row per application per day
 * instead of every dependency-risk row ever written.
 */
export const applicationRiskDaily = pgTable(
  "application_risk_daily",
  {
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    day: date("day").notNull(),
    risk: real("risk").notNull(),
    band: text("band").notNull(),
    dependencies: integer("dependencies").notNull(),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.day] }), index("application_risk_daily_day_idx").on(t.day)],
);

/** Daily roll-up of the whole portfolio: the Overview's risk trend and heat map read it. */
export const portfolioRiskDaily = pgTable("portfolio_risk_daily", {
  day: date("day").primaryKey(),
  applications: integer("applications").notNull(),
  /** Criticality-weighted mean of application risks. */
  meanRisk: real("mean_risk").notNull(),
  worstRisk: real("worst_risk").notNull(),
  /** Mean current risk of every scored dependency. */
  meanDependencyRisk: real("mean_dependency_risk").notNull(),
  /** Dependencies per band: {low, medium, high, critical}. */
  bands: jsonb("bands").$type<Record<string, number>>().notNull(),
  /** Applications per band of their riskiest dependency. */
  applicationBands: jsonb("application_bands").$type<Record<string, number>>().notNull(),
  /** Dependencies per (likelihood, impact) cell: heat[l-1][i-1]. */
  heat: jsonb("heat").$type<number[][]>().notNull(),
  computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
});

/** Security incidents and breaches an analyst recorded about a provider. */
export const incidents = pgTable(
  "incidents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerId: uuid("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    occurredOn: text("occurred_on").notNull(),
    severity: text("severity").notNull(),
    breach: boolean("breach").notNull().default(false),
    description: text("description").notNull(),
    sourceUrl: text("source_url"),
    recordedById: uuid("recorded_by_id").references(() => users.id),
    recordedAt: timestamp("recorded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("incidents_provider_idx").on(t.providerId), check("incidents_severity_ck", sql`${t.severity} in ('critical', 'high', 'medium', 'low')`)],
);

/** Advisories imported offline (OSV, npm security-wg), matched to SBOM components by package and version range. */
export const vulnAdvisories = pgTable(
  "vuln_advisories",
  {
    id: text("id").notNull(),
    source: text("source").notNull(),
    ecosystem: text("ecosystem").notNull(),
    packageName: text("package_name").notNull(),
    vulnerableRange: text("vulnerable_range").notNull(),
    patchedRange: text("patched_range"),
    aliases: text("aliases").array().notNull().default(sql`'{}'::text[]`),
    cvssVector: text("cvss_vector"),
    cvssScore: real("cvss_score"),
    severity: text("severity"),
    title: text("title").notNull(),
    published: text("published"),
    importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("vuln_advisories_key_uq").on(t.source, t.id, t.ecosystem, t.packageName, t.vulnerableRange), index("vuln_advisories_pkg_idx").on(t.ecosystem, t.packageName)],
);

export const kevEntries = pgTable("kev_entries", {
  cveId: text("cve_id").primaryKey(),
  dateAdded: text("date_added").notNull(),
  vendorProject: text("vendor_project"),
  product: text("product"),
  knownRansomwareCampaignUse: text("known_ransomware_campaign_use"),
  importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
});

export const epssScores = pgTable("epss_scores", {
  cveId: text("cve_id").primaryKey(),
  epss: real("epss").notNull(),
  percentile: real("percentile").notNull(),
  scoreDate: text("score_date"),
  importedAt: timestamp("imported_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Daily insurance exposure index (lib/domain/reports/exposure.ts) of the portfolio,
 * each team and each application, kept by the rescore job (the latest rescore of a
 * day wins). scope_key is "portfolio" for the portfolio, else the team's or
 * application's id. `top` keeps the largest contributions (portfolio and teams only;
 * an application's are computed from its few dependencies when read).
 */
export const exposureDaily = pgTable(
  "exposure_daily",
  {
    scopeKind: text("scope_kind").notNull(),
    scopeKey: text("scope_key").notNull(),
    day: date("day").notNull(),
    /** Unrounded Σ of the scope's dependency contributions (shown with one decimal). */
    value: doublePrecision("value").notNull(),
    dependencies: integer("dependencies").notNull(),
    top: jsonb("top"),
    computedAt: timestamp("computed_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.scopeKind, t.scopeKey, t.day] }),
    check("exposure_daily_scope_ck", sql`${t.scopeKind} in ('portfolio', 'team', 'application') and (${t.scopeKind} <> 'portfolio' or ${t.scopeKey} = 'portfolio')`),
  ],
);
