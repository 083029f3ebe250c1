import { z } from "zod";
import { appSlugSchema, apiNameSchema } from "./ingest";

export const createSourceSchema = z
  .object({
    kind: z.enum(["openapi", "catalog"], { error: "Choose OpenAPI spec or Backstage catalog" }),
    url: z
      .string()
      .trim()
      .max(2000, "Use at most 2,000 characters")
      .pipe(z.url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL" })),
    app: z.string().trim().optional().transform((v) => v || undefined).pipe(appSlugSchema.optional()),
    apiName: z.string().trim().optional().transform((v) => v || undefined).pipe(apiNameSchema.optional()),
    intervalMinutes: z.coerce.number({ error: "Choose an interval" }).int().refine((n) => [15, 60, 360, 1440, 10080].includes(n), "Choose an interval"),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "openapi" && !v.app) ctx.addIssue({ code: "custom", path: ["app"], message: "A spec belongs to an application: enter its slug" });
    if (v.kind === "catalog" && v.app) ctx.addIssue({ code: "custom", path: ["app"], message: "A catalog names its own applications: leave this empty" });
  });

export const sourceIdSchema = z.object({ sourceId: z.uuid("Unknown source") });
