import { z } from "zod";
import { FRAMEWORK_IDS } from "@/lib/domain/reports/controls";

const SLUG = /^[a-z0-9][a-z0-9._-]{0,127}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "portfolio", "team:<slug>" or "app:<slug>": the scope as the CLI and the API write it. */
export const reportScopeSchema = z
  .string()
  .trim()
  .max(140)
  .refine((v) => v === "portfolio" || /^(team|app):/.test(v), { message: 'Scope must be "portfolio", "team:<slug>" or "app:<slug>".' })
  .refine((v) => v === "portfolio" || SLUG.test(v.slice(v.indexOf(":") + 1)), { message: "The slug after team: or app: is not a valid slug (lowercase letters, digits, . _ -)." });

const day = z
  .string()
  .regex(DAY, "Use a date as YYYY-MM-DD.")
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v), { message: "Not a calendar date." });

/** Longest period one report covers. */
export const MAX_PERIOD_DAYS = 366 * 2;

export const reportRequestSchema = z
  .object({
    framework: z.enum(FRAMEWORK_IDS, { message: `Framework must be one of ${FRAMEWORK_IDS.join(", ")}.` }),
    scope: reportScopeSchema.default("portfolio"),
    from: day.optional(),
    to: day.optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    // Compared only when both are real dates (a bad date has its own message already).
    if (!v.from || !v.to || Number.isNaN(Date.parse(`${v.from}T00:00:00Z`)) || Number.isNaN(Date.parse(`${v.to}T00:00:00Z`))) return;
    if (!new Date(`${v.from}T00:00:00Z`).toISOString().startsWith(v.from) || !new Date(`${v.to}T00:00:00Z`).toISOString().startsWith(v.to)) return;
    if (v.from > v.to) ctx.addIssue({ code: "custom", path: ["from"], message: "The period starts after it ends." });
    if ((Date.parse(v.to) - Date.parse(v.from)) / 86_400_000 > MAX_PERIOD_DAYS) ctx.addIssue({ code: "custom", path: ["to"], message: `A report covers at most ${MAX_PERIOD_DAYS} days.` });
  });
export type ReportRequest = z.infer<typeof reportRequestSchema>;

export const REPORT_CADENCES = ["weekly", "monthly"] as const;
export const reportScheduleSchema = z
  .object({
    framework: z.enum(FRAMEWORK_IDS, { message: `Framework must be one of ${FRAMEWORK_IDS.join(", ")}.` }),
    scope: reportScopeSchema.default("portfolio"),
    cadence: z.enum(REPORT_CADENCES, { message: "Cadence must be weekly or monthly." }),
  })
  .strict();

export function parseScope(scope: string): { kind: "portfolio" } | { kind: "team"; slug: string } | { kind: "application"; slug: string } {
  if (scope === "portfolio") return { kind: "portfolio" };
  const slug = scope.slice(scope.indexOf(":") + 1);
  return scope.startsWith("team:") ? { kind: "team", slug } : { kind: "application", slug };
}
