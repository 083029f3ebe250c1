// Findings: the queue's query string (shared by the page, the JSON route, CSV
// export and bulk actions on "the whole current filter"), and every triage input.
import { z } from "zod";
import { FINDING_KINDS } from "@/lib/domain/triage/kinds";
import { OWASP_CATEGORIES } from "@/lib/domain/triage/owasp";
import { FINDING_STATES, MAX_ACCEPTANCE_DAYS, NOT_AFFECTED_JUSTIFICATIONS } from "@/lib/domain/triage/states";
import { listQuerySchema } from "./list-query";

export const SEVERITY_VALUES = ["critical", "high", "medium", "low", "info"] as const;
const slug = z.string().trim().max(63);

/** The filters alone (no paging): what bulk actions on "the current filter" apply to. */
export const findingFilterSchema = z.object({
  q: z.string().trim().max(200).catch("").default(""),
  kind: z.enum(FINDING_KINDS).optional().catch(undefined),
  severity: z.enum(SEVERITY_VALUES).optional().catch(undefined),
  /** A state, or "active" (open, in triage, confirmed: the default view), or "all". */
  state: z.enum([...FINDING_STATES, "active", "all"]).catch("active").default("active"),
  app: slug.optional().catch(undefined),
  provider: slug.optional().catch(undefined),
  team: z.string().trim().max(100).optional().catch(undefined),
  /** A user id, "me" or "none" (unassigned). */
  assignee: z.union([z.uuid(), z.enum(["me", "none"])]).optional().catch(undefined),
  pastSla: z.enum(["1", "true"]).optional().catch(undefined),
  owasp: z.enum(OWASP_CATEGORIES).optional().catch(undefined),
});
export type FindingFilter = z.infer<typeof findingFilterSchema>;

export const FINDING_SORTS = ["severity", "due", "lastSeen", "firstSeen", "state", "kind", "title", "app"] as const;

export const findingListSchema = listQuerySchema(FINDING_SORTS, "severity", "asc").extend(findingFilterSchema.omit({ q: true }).shape);
export type FindingListQuery = z.infer<typeof findingListSchema>;

/** The JSON API pages with an opaque cursor (stable under inserts); `limit` at most 500. */
export const findingApiQuerySchema = findingFilterSchema.extend({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const text = (max: number) => z.string().trim().max(max, `Use at most ${max} characters`);

export const acceptanceSchema = z.object({
  owner: text(200).min(1, "Name the owner of the accepted risk"),
  decision: text(4000).min(1, "Write the decision"),
  compensatingControls: text(4000).min(1, "List the compensating controls (or write 'none')"),
  /** An ISO date or date-time; defaults to 180 days from now; at most one year. */
  expiresAt: z.coerce.date({ error: "Give an expiry date" }).optional(),
});

export const stateChangeSchema = z.object({
  to: z.enum(FINDING_STATES, { error: `State must be one of: ${FINDING_STATES.join(", ")}` }),
  justification: text(4000).optional(),
  notAffected: z.enum(NOT_AFFECTED_JUSTIFICATIONS, { error: `Choose one of: ${NOT_AFFECTED_JUSTIFICATIONS.join(", ")}` }).optional(),
  acceptance: acceptanceSchema.optional(),
});
export type StateChangeInput = z.infer<typeof stateChangeSchema>;

/** PATCH /api/v1/findings/{id}: any of state, severity, assignee; a reason is required for severity. */
export const findingPatchSchema = z
  .object({
    state: stateChangeSchema.optional(),
    severity: z.enum(SEVERITY_VALUES).optional(),
    /** Required with `severity`: why the analyst overrides the detection. */
    severityReason: text(2000).optional(),
    /** A user id, or null to unassign. */
    assigneeId: z.uuid("Unknown user").nullable().optional(),
    comment: text(10_000).min(1, "Write a comment").optional(),
    /** The version the client edited; a mismatch answers 409 instead of overwriting. */
    expectedVersion: z.number().int().min(1).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.state === undefined && v.severity === undefined && v.assigneeId === undefined && v.comment === undefined) {
      ctx.addIssue({ code: "custom", path: ["_form"], message: "Nothing to change: give state, severity, assigneeId or comment" });
    }
    if (v.severity !== undefined && !v.severityReason) ctx.addIssue({ code: "custom", path: ["severityReason"], message: "Say why you change the severity" });
  });
export type FindingPatch = z.infer<typeof findingPatchSchema>;

export const BULK_LIMIT = 10_000;

export const bulkActionSchema = z
  .object({
    /** Either explicit ids … */
    ids: z.array(z.uuid("Unknown finding")).min(1).max(BULK_LIMIT, `At most ${BULK_LIMIT.toLocaleString("en")} findings at once`).optional(),
    /** … or the whole current filter (same fields as the queue's query string). */
    filter: z.record(z.string(), z.string()).optional(),
    action: z.discriminatedUnion("type", [
      z.object({ type: z.literal("assign"), assigneeId: z.uuid("Unknown user").nullable() }),
      z.object({ type: z.literal("state"), change: stateChangeSchema }),
    ]),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (!v.ids === !v.filter) ctx.addIssue({ code: "custom", path: ["ids"], message: "Give either ids or filter" });
  });
export type BulkActionInput = z.infer<typeof bulkActionSchema>;

export const commentSchema = z.object({ body: text(10_000).min(1, "Write a comment") });

const days = (max: number) => z.coerce.number({ error: "Enter a number of days" }).int("Whole days").min(1, "At least 1 day").max(max, `At most ${max} days`);
export const slaDaysSchema = z.object({ critical: days(365), high: days(365), medium: days(730), low: days(730) });

export const decisionLogSchema = z.object({
  from: z.coerce.date({ error: "Give a start date" }),
  to: z.coerce.date({ error: "Give an end date" }),
  format: z.enum(["json", "csv"]).catch("json").default("json"),
});

export { MAX_ACCEPTANCE_DAYS };
