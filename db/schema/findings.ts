// Findings an analyst triages, deduplicated by fingerprint, with their
// comments, every change (state, severity, assignee, comment) as a history row,
// risk acceptances, and the webhooks that announce triage events.
import { sql } from "drizzle-orm";
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { findingKindEnum, findingStatusEnum, severityEnum, webhookDeliveryStatusEnum } from "./enums";
import { timestamps, users } from "./auth";
import { applications } from "./org";
import { providers } from "./providers";
import { endpoints } from "./inventory";

export const findings = pgTable(
  "findings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: findingKindEnum("kind").notNull(),
    /** Effective severity: the detection's, or an analyst's override (see severity_reason). */
    severity: severityEnum("severity").notNull(),
    /** What the detection said; kept so an override can be undone and explained. */
    detectedSeverity: severityEnum("detected_severity"),
    severityReason: text("severity_reason"),
    status: findingStatusEnum("status").notNull().default("open"),
    /** Hash of the stable fields that identify the problem; re-detection updates last_seen_at. */
    fingerprint: text("fingerprint").notNull(),
    title: text("title").notNull(),
    /** The observation behind the finding: rule, sample count, host, values used. */
    detail: jsonb("detail").notNull().default({}),
    /** OWASP API Security Top 10 2023 category (API1 … API10), where one applies. */
    owaspCategory: text("owasp_category"),
    sampleCount: integer("sample_count").notNull().default(1),
    /** The ingest run that last saw it (null for detections made by scoring or probes). */
    lastIngestRunId: uuid("last_ingest_run_id"),
    applicationId: uuid("application_id").references(() => applications.id, { onDelete: "cascade" }),
    providerId: uuid("provider_id").references(() => providers.id, { onDelete: "cascade" }),
    endpointId: uuid("endpoint_id").references(() => endpoints.id, { onDelete: "set null" }),
    assigneeId: uuid("assignee_id").references(() => users.id),
    firstSeenAt: timestamp("first_seen_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    /** When the SLA clock started: first detection, or the last reopening. */
    slaStartedAt: timestamp("sla_started_at", { withTimezone: true }).notNull().defaultNow(),
    dueAt: timestamp("due_at", { withTimezone: true }),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    /** When it last left the active states (resolved or decided); null while it needs work. Drives the open-findings trend. */
    closedAt: timestamp("closed_at", { withTimezone: true }),
    /** Justification of the current terminal decision (false positive text, not-affected code). */
    justification: text("justification"),
    /** End of the current risk acceptance, when status is risk_accepted. */
    acceptedUntil: timestamp("accepted_until", { withTimezone: true }),
    /** Incremented on every change: lets a client detect that it edited a stale copy. */
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("findings_fingerprint_uq").on(t.fingerprint),
    // Filter columns lead, then status and due_at: the queue's per-state counts
    // (with past-SLA) under a filter are answered from the index alone.
    index("findings_app_idx").on(t.applicationId, t.status, t.dueAt),
    index("findings_provider_idx").on(t.providerId, t.status, t.dueAt),
    index("findings_queue_idx").on(t.status, t.severity, t.dueAt),
    index("findings_kind_status_idx").on(t.kind, t.status, t.dueAt),
    index("findings_assignee_idx").on(t.assigneeId, t.status, t.dueAt),
    index("findings_owasp_idx").on(t.owaspCategory, t.status, t.dueAt),
    index("findings_due_idx").on(t.dueAt),
    index("findings_last_seen_idx").on(t.lastSeenAt, t.id),
    // Text search in the queue (ILIKE '%word%') through pg_trgm (migration 0006 creates the extension).
    index("findings_title_trgm_idx").using("gin", t.title.op("gin_trgm_ops")),
    index("findings_accepted_until_idx").on(t.acceptedUntil),
    index("findings_first_seen_idx").on(t.firstSeenAt, t.id),
    index("findings_closed_idx").on(t.closedAt, t.firstSeenAt),
    // The default queue view (active states) in each common sort order, ending with the
    // tie-breakers (due date, id): a page is read in order and stops after its rows.
    index("findings_active_severity_idx").on(t.severity, t.dueAt, t.id).where(sql`status in ('open', 'in_triage', 'confirmed')`),
    index("findings_active_due_idx").on(t.dueAt, t.id).where(sql`status in ('open', 'in_triage', 'confirmed')`),
    index("findings_active_last_seen_idx").on(t.lastSeenAt.desc().nullsLast(), t.dueAt, t.id).where(sql`status in ('open', 'in_triage', 'confirmed')`),
    // Overview: time to resolve, from the index alone.
    index("findings_resolved_idx").on(t.status, t.resolvedAt, t.severity, t.firstSeenAt),
  ],
);

export const findingComments = pgTable(
  "finding_comments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    findingId: uuid("finding_id")
      .notNull()
      .references(() => findings.id, { onDelete: "cascade" }),
    authorId: uuid("author_id").references(() => users.id),
    authorLabel: text("author_label"),
    body: text("body").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("finding_comments_finding_idx").on(t.findingId, t.createdAt)],
);

/**
 * One row per change of a finding. `event` says what changed (state, severity,
 * assignee, comment, acceptance, detection); from/to_status always hold the state
 * before and after, from/to_value the changed field for other events.
 */
export const findingStatusHistory = pgTable(
  "finding_status_history",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Insertion order: several changes can share one timestamp (one transaction). */
    seq: bigint("seq", { mode: "number" }).generatedAlwaysAsIdentity(),
    findingId: uuid("finding_id")
      .notNull()
      .references(() => findings.id, { onDelete: "cascade" }),
    event: text("event").notNull().default("state"),
    fromStatus: findingStatusEnum("from_status"),
    toStatus: findingStatusEnum("to_status").notNull(),
    fromValue: text("from_value"),
    toValue: text("to_value"),
    justification: text("justification"),
    changedById: uuid("changed_by_id").references(() => users.id),
    changedByLabel: text("changed_by_label"),
    changedAt: timestamp("changed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("finding_status_history_finding_idx").on(t.findingId, t.seq), index("finding_status_history_changed_idx").on(t.changedAt, t.seq)],
);

/** A risk acceptance: who owns the risk, what was decided, what compensates, and until when. */
export const riskAcceptances = pgTable(
  "risk_acceptances",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    findingId: uuid("finding_id")
      .notNull()
      .references(() => findings.id, { onDelete: "cascade" }),
    owner: text("owner").notNull(),
    decision: text("decision").notNull(),
    compensatingControls: text("compensating_controls").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** Set when the acceptance ends early (finding reopened or resolved) or expires. */
    endedAt: timestamp("ended_at", { withTimezone: true }),
    endReason: text("end_reason"),
    createdById: uuid("created_by_id").references(() => users.id),
    createdByLabel: text("created_by_label"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("risk_acceptances_finding_idx").on(t.findingId, t.createdAt), index("risk_acceptances_expires_idx").on(t.expiresAt)],
);

/** Webhook endpoints an admin registered; the signing secret is stored encrypted (AES-256-GCM). */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    url: text("url").notNull(),
    secretCiphertext: text("secret_ciphertext").notNull(),
    /** finding.created_critical_high, finding.sla_breached, risk_acceptance.expiring, finding.reopened */
    events: text("events").array().notNull(),
    enabled: boolean("enabled").notNull().default(true),
    createdById: uuid("created_by_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [uniqueIndex("webhook_endpoints_name_uq").on(t.name)],
);

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    /** Stable key of the event (e.g. finding id + event + day) so one event is delivered once. */
    eventKey: text("event_key").notNull(),
    payload: jsonb("payload").notNull(),
    status: webhookDeliveryStatusEnum("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    deliveredAt: timestamp("delivered_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("webhook_deliveries_event_uq").on(t.endpointId, t.eventKey),
    index("webhook_deliveries_created_idx").on(t.createdAt),
    check("webhook_deliveries_attempts_ck", sql`${t.attempts} >= 0`),
  ],
);
