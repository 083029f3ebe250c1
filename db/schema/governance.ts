// Decisions and outputs: connectivity policies and generated compliance reports.
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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

export const reports = pgTable(
  "reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    title: text("title").notNull(),
    kind: text("kind").notNull(),
    parameters: jsonb("parameters").notNull().default({}),
    status: reportStatusEnum("status").notNull().default("queued"),
    contentHash: text("content_hash"),
    byteSize: integer("byte_size"),
    error: text("error"),
    requestedById: uuid("requested_by_id").references(() => users.id),
    requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp("completed_at", { withTimezone: true }),
  },
  (t) => [index("reports_requested_idx").on(t.requestedAt)],
);

export const appSettings = pgTable("app_settings", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  ...timestamps,
});
