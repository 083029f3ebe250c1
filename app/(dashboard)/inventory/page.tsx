import type { Metadata } from "next";
import Link from "next/link";
import { HydrationBoundary } from "@tanstack/react-query";
import { EndpointsTable } from "@/components/inventory/endpoints-table";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { actorCan } from "@/lib/server/actor";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listApplicationOptions } from "@/lib/server/dal/application-options";
import { listApiNames, listEndpoints } from "@/lib/server/dal/endpoints";
import { prefetchList } from "@/lib/server/prefetch";
import { firstValues } from "@/lib/validation/list-query";
import { endpointListSchema } from "@/lib/validation/lists";

export const metadata: Metadata = { title: "Inventory" };
export const dynamic = "force-dynamic";

export default async function InventoryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageAccess("/inventory");
  const db = await getDb();
  const query = endpointListSchema.parse(firstValues(await searchParams));
  const [state, applications, apis] = await Promise.all([
    prefetchList("endpoints", query, () => listEndpoints(db, actor, query)),
    listApplicationOptions(db, actor),
    listApiNames(db, actor),
  ]);
  return (
    <>
      <PageHeader
        title="Inventory"
        description="Every endpoint your applications provide, documented in a spec or only seen in traffic, with the discovery status each one earned."
        actions={
          <>
            <Button asChild variant="outline" size="sm">
              <Link href="/discovery-rules">How statuses are decided</Link>
            </Button>
            <Button asChild variant="outline" size="sm">
              <Link href="/ingest/runs">Ingest runs</Link>
            </Button>
          </>
        }
      />
      <HydrationBoundary state={state}>
        <EndpointsTable applications={applications} apis={apis} canCurate={actorCan(actor, "inventory.curate")} canIngest={actorCan(actor, "ingest.write")} />
      </HydrationBoundary>
    </>
  );
}
