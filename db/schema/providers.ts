// Third-party API providers, their host patterns and SDK identifiers (seeded from
// the shipped catalog), and the compliance attestations an analyst records.
import { index, jsonb, pgTable, text, uniqueIndex, uuid, boolean, date } from "drizzle-orm/pg-core";
import { attestationKindEnum } from "./enums";
import { timestamps, users } from "./auth";

export const providers = pgTable(
  "providers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Catalog identifier (e.g. "stripe"); stable across installs. */
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    category: text("category").notNull(),
    website: text("website"),
    description: text("description"),
    /** Exact hosts or "*.suffix" patterns that identify this provider's API traffic. */
    hostPatterns: text("host_patterns").array().notNull(),
    /** SDK package identifiers by ecosystem, e.g. {"npm":["stripe"],"pypi":["stripe"]}. */
    sdkPackages: jsonb("sdk_packages").$type<Record<string, string[]>>().notNull().default({}),
    fromCatalog: boolean("from_catalog").notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex("providers_slug_uq").on(t.slug), index("providers_name_idx").on(t.name), index("providers_category_idx").on(t.category)],
);

export const attestations = pgTable(
  "attestations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerId: uuid("provider_id")
      .notNull()
      .references(() => providers.id, { onDelete: "cascade" }),
    kind: attestationKindEnum("kind").notNull(),
    issuedOn: date("issued_on"),
    expiresOn: date("expires_on").notNull(),
    evidenceUrl: text("evidence_url"),
    note: text("note"),
    recordedById: uuid("recorded_by_id").references(() => users.id),
    ...timestamps,
  },
  (t) => [index("attestations_provider_idx").on(t.providerId, t.kind)],
);
