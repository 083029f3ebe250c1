// Loads the shipped provider catalog into the providers table. Idempotent:
// existing providers are updated in place, none are deleted (analysts may have
// attached signals and dependencies to them).
import { sql } from "drizzle-orm";
import type { Db } from "../client";
import { providers } from "../schema";
import { loadProviderCatalog } from "@/lib/domain/catalog/match";

export async function syncProviderCatalog(db: Db): Promise<{ providers: number }> {
  const catalog = loadProviderCatalog();
  await db.transaction(async (tx) => {
    for (let i = 0; i < catalog.length; i += 200) {
      await tx
        .insert(providers)
        .values(
          catalog.slice(i, i + 200).map((p) => ({
            slug: p.id,
            name: p.name,
            category: p.category,
            website: p.website,
            description: p.description ?? null,
            hostPatterns: p.hostPatterns,
            sdkPackages: (p.sdks ?? {}) as Record<string, string[]>,
            fromCatalog: true,
          })),
        )
        .onConflictDoUpdate({
          target: providers.slug,
          set: {
            name: sql`excluded.name`,
            category: sql`excluded.category`,
            website: sql`excluded.website`,
            description: sql`excluded.description`,
            hostPatterns: sql`excluded.host_patterns`,
            sdkPackages: sql`excluded.sdk_packages`,
            updatedAt: sql`now()`,
          },
          setWhere: sql`${providers.fromCatalog}`,
        });
    }
  });
  return { providers: catalog.length };
}
