import "server-only";
import { asc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, dependencies, endpoints, internalApis, providers } from "@/db/schema";
import { classifyEndpoint } from "@/lib/domain/ingest/classify";
import { assertCan, type Actor } from "../actor";
import { discoveryThresholds } from "../ingest/reconcile";

export interface InventoryEndpoint {
  method: string;
  path: string;
  status: "documented" | "orphan" | "shadow" | "zombie" | "deprecated";
  deprecated: boolean;
  calls: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface InventoryDependency {
  host: string | null;
  provider: string | null;
  /** The main way it is known (traffic first); the contract keeps one source per dependency. */
  source: "traffic" | "sbom" | "catalog" | "manual";
  calls: number;
  dataClasses: string[];
}

/** The CLI's `inventory --json` contract: statuses are computed as of `now`. */
export async function getInventory(db: Db, actor: Actor, slug: string, now = new Date()): Promise<{ app: string; endpoints: InventoryEndpoint[]; dependencies: InventoryDependency[] } | null> {
  assertCan(actor, "inventory.read");
  const [app] = await db.select({ id: applications.id, slug: applications.slug }).from(applications).where(eq(applications.slug, slug));
  if (!app) return null;
  const thresholds = await discoveryThresholds(db);
  const rows = await db
    .select({
      method: endpoints.method,
      path: endpoints.pathTemplate,
      documented: endpoints.documented,
      pathDocumented: endpoints.pathDocumented,
      deprecated: endpoints.deprecated,
      removed: endpoints.removed,
      apiLifecycle: internalApis.lifecycle,
      calls: endpoints.callCount,
      firstSeen: endpoints.firstSeenAt,
      lastSeen: endpoints.lastSeenAt,
    })
    .from(endpoints)
    .leftJoin(internalApis, eq(internalApis.id, endpoints.apiId))
    .where(eq(endpoints.applicationId, app.id))
    .orderBy(asc(endpoints.pathTemplate), asc(endpoints.method));
  const deps = await db
    .select({ host: dependencies.host, provider: providers.name, sources: dependencies.sources, hosts: dependencies.hosts, calls: dependencies.callCount, dataClasses: dependencies.dataClasses })
    .from(dependencies)
    .leftJoin(providers, eq(providers.id, dependencies.providerId))
    .where(eq(dependencies.applicationId, app.id))
    .orderBy(asc(dependencies.host));
  return {
    app: app.slug,
    endpoints: rows.map((r) => ({
      method: r.method,
      path: r.path,
      status: classifyEndpoint(
        {
          inCurrentSpec: r.documented,
          inAnySpec: r.documented || r.removed || r.pathDocumented,
          methodDocumented: r.documented || r.removed,
          deprecated: r.deprecated,
          removed: r.removed,
          apiRetired: r.apiLifecycle === "retired",
          lastSeenAt: r.lastSeen,
          callCount: r.calls,
        },
        now,
        thresholds,
      ).status,
      deprecated: r.deprecated,
      calls: r.calls,
      firstSeen: r.firstSeen?.toISOString() ?? null,
      lastSeen: r.lastSeen?.toISOString() ?? null,
    })),
    dependencies: deps.map((d) => ({ host: d.host, provider: d.provider ?? null, source: d.sources.includes("traffic") ? "traffic" : (d.sources[0] ?? "manual"), calls: d.calls, dataClasses: d.dataClasses })),
  };
}
