// A provider's published API spec (OpenAPI), reduced to its operations: what traffic inspection needs to
// tell a call to a deprecated provider endpoint. Only the latest spec of each provider is kept.
import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { ingestRuns } from "./inventory";
import { providers } from "./providers";

export interface ProviderSpecOperation {
  method: string;
  /** Path template as the provider's spec writes it, e.g. "/v1/recipients/{id}". */
  path: string;
  deprecated: boolean;
  operationId: string | null;
}

export const providerSpecs = pgTable(
  "provider_specs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerId: uuid("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    contentHash: text("content_hash").notNull(),
    title: text("title").notNull(),
    version: text("version").notNull(),
    /** Path prefixes from the spec's servers/basePath, normalised ("" or "/v1"). */
    basePaths: text("base_paths").array().notNull().default([]),
    operations: jsonb("operations").$type<ProviderSpecOperation[]>().notNull().default([]),
    ingestedAt: timestamp("ingested_at", { withTimezone: true }).notNull().defaultNow(),
    ingestRunId: uuid("ingest_run_id").references(() => ingestRuns.id, { onDelete: "set null" }),
  },
  (t) => [uniqueIndex("provider_specs_provider_uq").on(t.providerId), index("provider_specs_run_idx").on(t.ingestRunId)],
);
