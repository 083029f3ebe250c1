// The OTLP receiver's durable queue: POST /v1/traces validates an export and appends its HTTP spans
// here (one row per service.name of a request, in one statement), and answers at once; the fold
// (lib/server/otlp/fold.ts) turns queued rows into ingest runs per application and deletes them in
// the same transaction, so a span is folded once or, when the fold fails, stays queued.
import { bigserial, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { apiTokens, users } from "./auth";

export const otlpQueue = pgTable(
  "otlp_queue",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** The resource's service.name as sent, and the application slug it maps to. */
    serviceName: text("service_name").notNull(),
    appSlug: text("app_slug").notNull(),
    /** A JSON array of OTLP/JSON spans reduced to what the traffic parser reads (kind, attributes, times). */
    spans: text("spans").notNull(),
    spanCount: integer("span_count").notNull(),
    /** Who sent them: the fold's ingest run is started by this token, for this user. */
    tokenId: uuid("token_id").references(() => apiTokens.id, { onDelete: "set null" }),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    receivedAt: timestamp("received_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("otlp_queue_app_idx").on(t.appSlug, t.id)],
);
