import type { Metadata } from "next";
import Link from "next/link";
import { HydrationBoundary } from "@tanstack/react-query";
import { RunsTable } from "@/components/ingest/runs-table";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { actorCan } from "@/lib/server/actor";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listApplicationOptions } from "@/lib/server/dal/application-options";
import { listIngestRuns } from "@/lib/server/dal/ingest-runs";
import { prefetchList } from "@/lib/server/prefetch";
import { firstValues } from "@/lib/validation/list-query";
import { ingestRunListSchema } from "@/lib/validation/lists";

export const metadata: Metadata = { title: "Ingest runs" };
export const dynamic = "force-dynamic";

export default async function IngestRunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageAccess("/ingest/runs");
  const db = await getDb();
  const query = ingestRunListSchema.parse(firstValues(await searchParams));
  const [state, applications] = await Promise.all([prefetchList("ingest-runs", query, () => listIngestRuns(db, actor, query)), listApplicationOptions(db, actor)]);
  const canIngest = actorCan(actor, "ingest.write");
  return (
    <>
      {canIngest && (
        <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-foreground">
          <Link href="/ingest" className="hover:underline">
            Ingest
          </Link>{" "}
          / Runs
        </nav>
      )}
      <PageHeader
        title="Ingest runs"
        description="Every upload, CLI and CI ingest: what it read, accepted and rejected, and what it discovered."
        actions={
          canIngest ? (
            <Button asChild size="sm">
              <Link href="/ingest">Upload files</Link>
            </Button>
          ) : undefined
        }
      />
      <HydrationBoundary state={state}>
        <RunsTable applications={applications} canIngest={canIngest} />
      </HydrationBoundary>
    </>
  );
}
