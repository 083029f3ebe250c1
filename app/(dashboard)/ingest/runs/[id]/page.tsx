import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { runDuration, formatBytes } from "@/components/ingest/run-format";
import { RunStatusBadge } from "@/components/ingest/run-status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { KpiCard } from "@/components/ui/kpi-card";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { actorCan } from "@/lib/server/actor";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { getIngestRun } from "@/lib/server/dal/ingest-runs";
import { MAX_STORED_ERRORS } from "@/lib/server/ingest/runs";

export const metadata: Metadata = { title: "Ingest run" };
export const dynamic = "force-dynamic";

export default async function IngestRunPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageAccess("/ingest/runs/[id]");
  const run = await getIngestRun(await getDb(), actor, (await params).id.slice(0, 100));
  if (!run) notFound();
  const inventoryHref = run.app ? `/inventory?app=${encodeURIComponent(run.app)}` : undefined;
  const num = (n: number) => n.toLocaleString("en");
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-foreground">
        {actorCan(actor, "ingest.write") && (
          <>
            <Link href="/ingest" className="hover:underline">
              Ingest
            </Link>{" "}
            /{" "}
          </>
        )}
        <Link href="/ingest/runs" className="hover:underline">
          Runs
        </Link>{" "}
        / {run.sourceName}
      </nav>
      <PageHeader
        title={run.sourceName}
        description={`${run.kind} ingest${run.format && run.format !== "auto" && run.format !== run.kind ? ` (${run.format})` : ""}${run.app ? ` for ${run.app}` : ""}`}
        actions={
          run.app ? (
            <>
              <Button asChild variant="outline" size="sm">
                <Link href={`/applications/${run.app}`}>Open application</Link>
              </Button>
              <Button asChild size="sm">
                <Link href={inventoryHref ?? "/inventory"}>Open its inventory</Link>
              </Button>
            </>
          ) : undefined
        }
      />

      <section aria-labelledby="summary" className="mb-6 rounded-lg border bg-card p-4">
        <h2 id="summary" className="sr-only">
          Summary
        </h2>
        <dl className="grid grid-cols-2 gap-4 text-sm md:grid-cols-4 2xl:grid-cols-7">
          <div>
            <dt className="text-muted-foreground">Status</dt>
            <dd>
              <RunStatusBadge status={run.status} />
            </dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Application</dt>
            <dd className="font-medium">
              {run.app ? (
                <Link href={`/applications/${run.app}`} className="text-primary hover:underline">
                  {run.app}
                </Link>
              ) : (
                "—"
              )}
            </dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Started by</dt>
            <dd className="font-medium [overflow-wrap:anywhere]">
              {run.startedBy ?? "—"} <span className="text-muted-foreground">via {run.trigger}</span>
            </dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Started</dt>
            <dd className="font-medium">
              <RelativeTime value={run.startedAt} />
            </dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Finished</dt>
            <dd className="font-medium">{run.finishedAt ? <RelativeTime value={run.finishedAt} /> : "Still running"}</dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Duration</dt>
            <dd className="font-medium tabular-nums">{runDuration(run)}</dd>
          </div>
          <div>
            <dt className="text-muted-foreground">Size</dt>
            <dd className="font-medium tabular-nums">{run.byteSize !== null ? formatBytes(run.byteSize) : "—"}</dd>
          </div>
        </dl>
        {run.status === "running" && <p className="mt-3 text-sm text-muted-foreground">This run is still going; reload the page to see its result.</p>}
      </section>

      <div className="mb-8 grid grid-cols-2 gap-3 md:grid-cols-5">
        <KpiCard label="Records read" value={num(run.recordsRead)} />
        <KpiCard label="Accepted" value={num(run.recordsAccepted)} />
        <KpiCard label="Rejected" value={num(run.recordsRejected)} href={run.recordsRejected > 0 && run.errors.length ? "#errors" : undefined} />
        <KpiCard label="New endpoints" value={num(run.newEndpoints)} href={run.newEndpoints > 0 ? inventoryHref : undefined} />
        <KpiCard label="New dependencies" value={num(run.newDependencies)} href={run.newDependencies > 0 && run.app ? `/applications/${run.app}#deps` : undefined} />
      </div>

      <section aria-labelledby="errors">
        <h2 id="errors" className="mb-2 text-lg font-semibold">
          Errors ({run.errors.length}
          {run.errors.length >= MAX_STORED_ERRORS ? "+" : ""})
        </h2>
        {run.errors.length === 0 ? (
          <EmptyState title="No errors" description="Every record of this input was read without a problem." />
        ) : (
          <>
            {run.errors.length >= MAX_STORED_ERRORS && <p className="mb-2 text-sm text-muted-foreground">Only the first {MAX_STORED_ERRORS} problems are kept.</p>}
            <div className="rounded-md border bg-card">
              <Table containerClassName="max-h-[70vh]">
                <TableHeader>
                  <TableRow>
                    <TableHead>Location</TableHead>
                    <TableHead>Reason</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {run.errors.map((e, i) => (
                    <TableRow key={`${e.location}-${i}`}>
                      <TableCell className="whitespace-nowrap font-mono text-xs">{e.location}</TableCell>
                      <TableCell>{e.reason}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </>
        )}
      </section>
    </>
  );
}
