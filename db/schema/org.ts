// The organisation: teams and the applications they own.
import { sql } from "drizzle-orm";
import { check, index, integer, pgTable, text, uniqueIndex, uuid, boolean } from "drizzle-orm/pg-core";
import { dataClassEnum, environmentEnum, lifecycleEnum } from "./enums";
import { timestamps } from "./auth";

export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    isDemo: boolean("is_demo").notNull().default(false),
    ...timestamps,
  },
  (t) => [uniqueIndex("teams_slug_uq").on(t.slug)],
);

export const applications = pgTable(
  "applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull(),
    name: text("name").notNull(),
    description: text("description"),
    ownerTeamId: uuid("owner_team_id").references(() => teams.id, { onDelete: "set null" }),
    /** Business criticality: 1 mission critical … 4 administrative. */
    criticality: integer("criticality").notNull().default(3),
    dataClasses: dataClassEnum("data_classes").array().notNull().default(sql`'{}'::data_class[]`),
    environment: environmentEnum("environment").notNull().default("production"),
    repositoryUrl: text("repository_url"),
    /**
     * Host names this application serves, read from its specs' servers (OpenAPI ingest); requests to them
     * in traffic are inbound calls to its APIs.
     */
    hosts: text("hosts").array().notNull().default(sql`'{}'::text[]`),
    /**
     * Host names declared for it by people (`ingest traffic --host`, the Application page), so that
     * traffic without a spec is recognised as inbound too. Kept apart from the spec hosts, which a new
     * spec may change; the application's own hosts are both lists together. "*.example.com" covers sub-domains.
     */
    declaredHosts: text("declared_hosts").array().notNull().default(sql`'{}'::text[]`),
    lifecycle: lifecycleEnum("lifecycle").notNull().default("production"),
    isDemo: boolean("is_demo").notNull().default(false),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("applications_slug_uq").on(t.slug),
    index("applications_owner_idx").on(t.ownerTeamId),
    index("applications_name_idx").on(t.name),
    check("applications_criticality_ck", sql`${t.criticality} between 1 and 4`),
  ],
);
