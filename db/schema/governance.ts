// Decisions and outputs: connectivity policies and generated compliance reports.
import { sql } from "drizzle-orm";
import { bigserial, boolean, check, customType, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { policyActionEnum, policyModeEnum, reportStatusEnum } from "./enums";
import { timestamps, users } from "./auth";
import { applications } from "./org";
import { providers } from "./providers";
import { dependencies } from "./inventory";

export const policies = pgTable(
  "policies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description"),
    /** Evaluation order; lower runs first. */
    priority: integer("priority").notNull().default(100),
    /** {all: [...]} or {any: [...]} of {field, op, value} (lib/domain/policies/schema.ts). */
    conditions: jsonb("conditions").notNull(),
    action: policyActionEnum("action").notNull(),
    /** enforce decides; monitor only records what it would have decided. */
    mode: policyModeEnum("mode").notNull().default("enforce"),
    enabled: boolean("enabled").notNull().default(true),
    createdById: uuid("created_by_id").references(() => users.id),
    updatedById: uuid("updated_by_id").references(() => users.id),
    /** Incremented on every change: the form refuses to save over a newer copy. */
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [uniqueIndex("policies_name_uq").on(t.name), index("policies_priority_idx").on(t.priority)],
);

/** Lets one application keep calling one provider (or unclassified host) whatever the policies say, until it expires. */
export const policyExceptions = pgTable(
  "policy_exceptions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    providerId: uuid("provider_id").references(() => providers.id, { onDelete: "cascade" }),
    /** For an unclassified host (no provider). */
    host: text("host"),
    /** Who answers for it (a person or team). */
    owner: text("owner").notNull(),
    justification: text("justification").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdById: uuid("created_by_id").references(() => users.id),
    createdByLabel: text("created_by_label").notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    revokedByLabel: text("revoked_by_label"),
    /** Set once the expiry job has re-evaluated the decisions it covered. */
    expiryProcessedAt: timestamp("expiry_processed_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    // One live exception per application × target; a new one replaces it.
    uniqueIndex("policy_exceptions_live_uq").on(t.applicationId, sql`coalesce(${t.providerId}::text, '')`, sql`coalesce(${t.host}, '')`).where(sql`${t.revokedAt} is null`),
    index("policy_exceptions_expiry_idx").on(t.expiresAt).where(sql`${t.revokedAt} is null and ${t.expiryProcessedAt} is null`),
    check("policy_exceptions_target_ck", sql`(${t.providerId} is not null) <> (${t.host} is not null)`),
  ],
);

/** The current decision for each dependency, kept by the re-evaluation (every policy, exception, rescore or inventory change). */
export const dependencyDecisions = pgTable(
  "dependency_decisions",
  {
    dependencyId: uuid("dependency_id")
      .primaryKey()
      .references(() => dependencies.id, { onDelete: "cascade" }),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    decision: policyActionEnum("decision").notNull(),
    policyId: uuid("policy_id").references(() => policies.id, { onDelete: "set null" }),
    policyName: text("policy_name"),
    /** enforce, default or exception. */
    mode: text("mode").notNull(),
    reason: text("reason").notNull(),
    evidence: jsonb("evidence").notNull().default({}),
    exceptionId: uuid("exception_id").references(() => policyExceptions.id, { onDelete: "set null" }),
    overridden: policyActionEnum("overridden"),
    /** Monitor-mode policies that matched first: [{policy, action, reason}]. */
    monitored: jsonb("monitored").notNull().default([]),
    /** When this decision (action, policy and mode) took effect. */
    since: timestamp("since", { withTimezone: true }).notNull().defaultNow(),
    evaluatedAt: timestamp("evaluated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("dependency_decisions_app_idx").on(t.applicationId, t.decision), index("dependency_decisions_decision_idx").on(t.decision)],
);

/** Every change of a dependency's decision, with its time and cause. */
export const decisionChanges = pgTable(
  "decision_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    dependencyId: uuid("dependency_id")
      .notNull()
      .references(() => dependencies.id, { onDelete: "cascade" }),
    applicationId: uuid("application_id")
      .notNull()
      .references(() => applications.id, { onDelete: "cascade" }),
    fromDecision: policyActionEnum("from_decision"),
    toDecision: policyActionEnum("to_decision").notNull(),
    policyName: text("policy_name"),
    mode: text("mode").notNull(),
    reason: text("reason").notNull(),
    /** What triggered the re-evaluation, in words ("policy \"x\" saved by ana", "rescore", "exception expired"). */
    cause: text("cause").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("decision_changes_dependency_idx").on(t.dependencyId, t.at), index("decision_changes_at_idx").on(t.at)],
);

/** Raw bytes (the generated PDF). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

export const reportSchedules = pgTable(
  "report_schedules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Framework id (lib/domain/reports/controls.ts FRAMEWORK_IDS). */
    framework: text("framework").notNull(),
    /** "portfolio", "team:<slug>" or "app:<slug>", as the CLI writes it. */
    scope: text("scope").notNull(),
    cadence: text("cadence").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    nextRunAt: timestamp("next_run_at", { withTimezone: true }).notNull(),
    lastRunAt: timestamp("last_run_at", { withTimezone: true }),
    createdById: uuid("created_by_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [uniqueIndex("report_schedules_uq").on(t.framework, t.scope, t.cadence), index("report_schedules_due_idx").on(t.enabled, t.nextRunAt)],
);

export const reports = pgTable(
  "reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    /** Framework id (owasp-api-2023, iso27001, soc2, nist-csf-2, pci-dss-4, dora). */
    kind: text("kind").notNull(),
    /** {scope, from, to}: what was asked for. */
    parameters: jsonb("parameters").notNull().default({}),
    /** "portfolio", "team:<slug>" or "app:<slug>". */
    scope: text("scope").notNull().default("portfolio"),
    scopeName: text("scope_name"),
    periodFrom: date("period_from"),
    periodTo: date("period_to"),
    status: reportStatusEnum("status").notNull().default("queued"),
    /** 0–100 while running, with the stage in words. */
    progress: integer("progress").notNull().default(0),
    stage: text("stage"),
    /** SHA-256 of the document body (the report's canonical content), printed on its verification page. */
    contentHash: text("content_hash"),
    /** SHA-256 of the PDF file as generated: `report verify` compares a copy with it. */
    fileHash: text("file_hash"),
    byteSize: integer("byte_size"),
    pages: integer("pages"),
    pdf: bytea("pdf"),
    /** The control table and register as generated (CSV/JSON exports read these, not live data). */
    content: jsonb("content"),
    error: text("error"),
    scheduleId: uuid("schedule_id").references(() => reportSchedules.id, { onDelete: "set null" }),
    requestedById: uuid("requested_by_id").references(() => users.id),
    requestedByLabel: text("requested_by_label"),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [index("reports_requested_idx").on(t.requestedAt), index("reports_file_hash_idx").on(t.fileHash), index("reports_status_idx").on(t.status, t.requestedAt)],
);

export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  ...timestamps,
});
