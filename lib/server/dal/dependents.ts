import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { dependencies, providers } from "@/db/schema";

// One definition of "dependent applications" for every page and API: the
// applications with a dependency on the provider (one dependency per
// application × provider, whatever its sources: traffic, SBOM, catalog, manual).

/**
 * Correlated subqueries on the outer `providers` row. The outer reference is
 * spelled out: in a single-table select Drizzle strips the table name from
 * columns inside SQL expressions, and a bare "id" would then resolve to
 * dependencies.id inside the subquery.
 */
const outerProviderId = sql`${providers}.${sql.identifier(providers.id.name)}`;

/** Number of applications depending on the outer provider. */
export const dependentApplicationsSql: SQL<number> = sql<number>`(select count(distinct ${dependencies.applicationId}) from ${dependencies} where ${dependencies.providerId} = ${outerProviderId})`.mapWith(Number);

/** Contextual risk of the outer provider: its riskiest dependency's current risk (null when none is scored). */
export const providerContextualRiskSql: SQL<number | null> = sql<number | null>`(select max(${dependencies.risk}) from ${dependencies} where ${dependencies.providerId} = ${outerProviderId})`;
