// Findings an analyst triages, deduplicated by fingerprint, with their
// comments and every status change.
import { index, pgTable, text, timestamp, uniqueIndex, uuid, jsonb } from "drizzle-orm/pg-core";
import { findingKindEnum, findingStatusEnum, severityEnum } from "./enums";
import { timestamps, users } from "./auth";
import { applications } from "./org";
import { providers } from "./providers";
import { endpoints } from "./inventory";

export const findings = pgTable(
  "findings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: findingKindEnum("kind").notNull(),
    severity: severityEnum("severity").notNull(),
    status: findingStatusEnum("status").notNull().default("open"),
    /** Hash of the stable fields that identify the problem; re-detection updates last_seen_at. */
    fingerprint: text("fingerprint").notNull(),
    title: text("title").notNull(),
    detail: jsonb("detail").notNull().default({}),
    applicationId: uuid("application_id").references(() => applications.id, { onDelete: "cascade" }),
    providerId: uuid("provider_id").references(() => providers.id, { onDelete: "cascade" }),
    endpointId: uuid("endpoint_id").references(() => endpoints.id, { onDelete: "set null" }),
    assigneeId: uuid("assignee_id").references(() => users.id),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    dueAt: timestamp("due_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("findings_fingerprint_uq").on(t.fingerprint),
    index("findings_status_severity_idx").on(t.status, t.severity),
    index("findings_app_idx").on(t.applicationId),
    index("findings_provider_idx").on(t.providerId),
  ],
);

export const findingComments = pgTable(
  "finding_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    findingId: uuid("finding_id")
      .notNull()
      .references(() => findings.id, { onDelete: "cascade" }),
    authorId: uuid("author_id")
      .notNull()
      .references(() => users.id),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("finding_comments_finding_idx").on(t.findingId, t.createdAt)],
);

export const findingStatusHistory = pgTable(
  "finding_status_history",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    findingId: uuid("finding_id")
      .notNull()
      .references(() => findings.id, { onDelete: "cascade" }),
    fromStatus: findingStatusEnum("from_status"),
    toStatus: findingStatusEnum("to_status").notNull(),
    justification: text("justification"),
    changedById: uuid("changed_by_id").references(() => users.id),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("finding_status_history_finding_idx").on(t.findingId, t.changedAt)],
);
