import { z } from "zod";

export const INGEST_KINDS = ["openapi", "traffic", "sbom", "catalog"] as const;
export type IngestKind = (typeof INGEST_KINDS)[number];

export const appSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "Use 1–63 lower-case letters, digits and dashes, starting with a letter or digit");

export const apiNameSchema = z.string().trim().min(1).max(200);

export const trafficFormatSchema = z.enum(["har", "envoy", "nginx", "otlp"]);

/** Upper bounds on what one ingest may send, in bytes. */
export const INGEST_LIMITS: Record<IngestKind, number> = {
  openapi: 20 * 1024 * 1024,
  sbom: 50 * 1024 * 1024,
  catalog: 10 * 1024 * 1024,
  traffic: 2 * 1024 * 1024 * 1024,
};

export const ingestQuerySchema = z.object({
  app: appSlugSchema.optional(),
  api: apiNameSchema.optional(),
  format: trafficFormatSchema.optional(),
  name: z.string().trim().min(1).max(200).optional(),
});
