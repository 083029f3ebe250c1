import type { Metadata } from "next";
import Link from "next/link";
import { CreateSourceForm } from "@/components/settings/create-source-form";
import { SourceRowActions } from "@/components/settings/source-row-actions";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listSources } from "@/lib/server/dal/sources";

export const metadata: Metadata = { title: "Sources" };
export const dynamic = "force-dynamic";

const INTERVALS: Record<number, string> = { 15: "every 15 minutes", 60: "hourly", 360: "every 6 hours", 1440: "daily", 10080: "weekly" };

export default async function SourcesPage() {
  const actor = await requirePageAccess("/settings/sources");
  const sources = await listSources(await getDb(), actor);
  return (
    <div className="grid gap-6 xl:grid-cols-[1fr_24rem]">
      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading" className="mb-2 text-lg font-semibold">
          Sources to pull ({sources.length})
        </h2>
        <p className="mb-3 text-sm text-muted-foreground">
          Spec and Backstage catalog URLs that Sibyl fetches on a schedule through its job queue, with <code>If-None-Match</code>/<code>If-Modified-Since</code>, a 30 s timeout and the ingest size caps. Each pull is an ingest run.
        </p>
        {sources.length === 0 ? (
          <EmptyState title="No sources yet" description="Register the URL of an OpenAPI spec (for an application) or of a Backstage catalog to keep the inventory current." />
        ) : (
          <div className="rounded-md border bg-card">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>URL</TableHead>
                  <TableHead>Kind</TableHead>
                  <TableHead>Application</TableHead>
                  <TableHead>Schedule</TableHead>
                  <TableHead>Last pull</TableHead>
                  <TableHead>Actions</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {sources.map((s) => (
                  <TableRow key={s.id}>
                    <TableCell className="max-w-xs truncate font-mono text-xs" title={s.url}>
                      {s.url}
                    </TableCell>
                    <TableCell>{s.kind === "catalog" ? "Backstage catalog" : "OpenAPI spec"}</TableCell>
                    <TableCell>{s.app ? <Link href={`/applications/${s.app}`} className="text-primary hover:underline">{s.app}</Link> : "—"}{s.apiName ? ` · ${s.apiName}` : ""}</TableCell>
                    <TableCell>{INTERVALS[s.intervalMinutes] ?? `${s.intervalMinutes} min`}</TableCell>
                    <TableCell className="text-sm">
                      {s.lastPulledAt ? (
                        <>
                          <RelativeTime value={s.lastPulledAt} />{" "}
                          <Badge variant={s.lastStatus === "error" || s.lastStatus === "failed" ? "destructive" : "outline"}>{s.lastStatus}</Badge>
                          {s.lastRunId && (
                            <Link href={`/ingest/runs/${s.lastRunId}`} className="ml-1 text-xs text-primary hover:underline">
                              run
                            </Link>
                          )}
                          {s.lastError && <p className="mt-1 text-xs text-danger-foreground">{s.lastError}</p>}
                        </>
                      ) : (
                        <span className="text-muted-foreground">Not yet</span>
                      )}
                    </TableCell>
                    <TableCell>
                      <SourceRowActions sourceId={s.id} url={s.url} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>
      <section aria-labelledby="new-source" className="h-fit rounded-lg border bg-card p-4">
        <h2 id="new-source" className="mb-3 text-lg font-semibold">
          Register a source
        </h2>
        <CreateSourceForm />
      </section>
    </div>
  );
}
