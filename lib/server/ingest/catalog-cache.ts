import "server-only";
import type { Db } from "@/db/client";
import { providers } from "@/db/schema";
import { buildHostMatcher, buildSdkMatcher } from "@/lib/domain/catalog/match";
import type { CatalogProvider } from "@/lib/validation/provider-catalog";

export interface ProviderIndex {
  /** host -> provider row id */
  matchHost(host: string): { providerId: string; slug: string } | null;
  matchPurl(purl: string): { providerId: string; slug: string; ecosystem: string; packageName: string } | null;
  primaryHost(providerId: string): string | null;
}

/** Builds host and SDK matchers over the providers in the database (catalog plus analyst-added). */
export async function loadProviderIndex(db: Db): Promise<ProviderIndex> {
  const rows = await db.select({ id: providers.id, slug: providers.slug, name: providers.name, category: providers.category, hostPatterns: providers.hostPatterns, sdkPackages: providers.sdkPackages }).from(providers);
  const asCatalog = rows.map((r) => ({ id: r.slug, name: r.name, category: r.category, website: "https://example.invalid", hostPatterns: r.hostPatterns, sdks: r.sdkPackages })) as unknown as CatalogProvider[];
  const hostMatcher = buildHostMatcher(asCatalog);
  const sdkMatcher = buildSdkMatcher(asCatalog);
  const idBySlug = new Map(rows.map((r) => [r.slug, r.id]));
  const hostById = new Map(rows.map((r) => [r.id, r.hostPatterns.find((h) => !h.startsWith("*.")) ?? r.hostPatterns[0]?.slice(2) ?? null]));
  return {
    matchHost(host) {
      const m = hostMatcher(host);
      const id = m && idBySlug.get(m.providerId);
      return m && id ? { providerId: id, slug: m.providerId } : null;
    },
    matchPurl(purl) {
      const m = sdkMatcher(purl);
      const id = m && idBySlug.get(m.providerId);
      return m && id ? { providerId: id, slug: m.providerId, ecosystem: m.ecosystem, packageName: m.packageName } : null;
    },
    primaryHost: (id) => hostById.get(id) ?? null,
  };
}
