import { z } from "zod";

/** Ingest kinds as stored on ingest runs; URLs and the CLI write them with dashes (`ingestKindPath`). */
export const INGEST_KINDS = ["openapi", "traffic", "sbom", "catalog", "provider_spec"] as const;
export type IngestKind = (typeof INGEST_KINDS)[number];

/** The kind as written in `/api/v1/ingest/<kind>` and `sibyl ingest <kind>`: "provider-spec". */
export function ingestKindPath(kind: IngestKind): string {
  return kind.replace(/_/g, "-");
}

export function ingestKindFromPath(segment: string): IngestKind | null {
  return INGEST_KINDS.find((k) => ingestKindPath(k) === segment) ?? null;
}

/** Kinds that belong to an application (`?app=`, `--app`); a provider spec names a provider instead. */
export function ingestKindNeedsApp(kind: IngestKind): boolean {
  return kind !== "catalog" && kind !== "provider_spec";
}

export const appSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "Use 1–63 lower-case letters, digits and dashes, starting with a letter or digit");

/** A provider's catalog slug, e.g. "stripe". */
export const providerSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use the provider's slug: lower-case letters, digits and dashes, e.g. stripe");

export const apiNameSchema = z.string().trim().min(1).max(200);

export const trafficFormatSchema = z.enum(["har", "envoy", "nginx", "otlp"]);

/** Upper bounds on what one ingest may send, in bytes. */
export const INGEST_LIMITS: Record<IngestKind, number> = {
  openapi: 20 * 1024 * 1024,
  sbom: 50 * 1024 * 1024,
  catalog: 10 * 1024 * 1024,
  provider_spec: 20 * 1024 * 1024,
  traffic: 2 * 1024 * 1024 * 1024,
};

export const ingestQuerySchema = z.object({
  app: appSlugSchema.optional(),
  provider: providerSlugSchema.optional(),
  api: apiNameSchema.optional(),
  format: trafficFormatSchema.optional(),
  name: z.string().trim().min(1).max(200).optional(),
});
