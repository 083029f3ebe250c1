// The append-only audit log. A trigger (see the custom migration) refuses
// UPDATE and DELETE, so history cannot be rewritten through the application.
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users, apiTokens } from "./auth";

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid("actor_user_id").references(() => users.id),
    actorTokenId: uuid("actor_token_id").references(() => apiTokens.id),
    /** Denormalised so the row stays readable if the user is renamed or deleted. */
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    targetType: text("target_type").notNull(),
    targetId: text("target_id"),
    /** What changed; never secrets. */
    detail: jsonb("detail").notNull().default({}),
    ipAddress: text("ip_address"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_actor_idx").on(t.actorUserId),
    index("audit_log_target_idx").on(t.targetType, t.targetId),
  ],
);
