// Decisions and outputs: connectivity policies and generated compliance reports.
import { boolean, customType, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { policyActionEnum, reportStatusEnum } from "./enums";
import { timestamps, users } from "./auth";

export const policies = pgTable(
  "policies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    description: text("description"),
    /** Evaluation order; lower runs first. */
    priority: integer("priority").notNull().default(100),
    /** Declarative conditions (grade, score, data classes, criticality, …). */
    conditions: jsonb("conditions").notNull(),
    action: policyActionEnum("action").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    createdById: uuid("created_by_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [uniqueIndex("policies_name_uq").on(t.name), index("policies_priority_idx").on(t.priority)],
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
