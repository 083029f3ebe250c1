"use client";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { DataTable, listTableProps, type Column } from "@/components/data-table/data-table";
import { useUrlListState } from "@/components/data-table/use-url-list-state";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect } from "@/components/ui/native-select";
import { RelativeTime } from "@/components/ui/relative-time";
import type { IngestRunRow } from "@/lib/server/dal/ingest-runs";
import { listQueryOptions } from "@/lib/query/lists";
import { INGEST_KINDS } from "@/lib/validation/ingest";
import { ingestRunListSchema } from "@/lib/validation/lists";
import { RUN_STATUS_LABELS, RunStatusBadge, type RunStatus } from "./run-status-badge";

type Query = z.infer<typeof ingestRunListSchema>;
type SortKey = Query["sort"];

const REFRESH_MS = 5_000;
const num = (n: number) => n.toLocaleString("en");

const columns: Column<IngestRunRow, SortKey>[] = [
  {
    id: "source",
    header: "Source",
    className: "min-w-48 max-w-72",
    cell: (r) => (
      <Link href={`/ingest/runs/${r.id}`} className="font-medium text-primary [overflow-wrap:anywhere] hover:underline">
        {r.sourceName}
      </Link>
    ),
  },
  { id: "kind", header: "Kind", sortKey: "kind", cell: (r) => (r.format && r.format !== "auto" && r.format !== r.kind ? `${r.kind} (${r.format})` : r.kind) },
  {
    id: "app",
    header: "Application",
    sortKey: "app",
    cell: (r) =>
      r.app ? (
        <Link href={`/applications/${r.app}`} className="whitespace-nowrap text-primary hover:underline">
          {r.app}
        </Link>
      ) : (
        <span className="text-muted-foreground">—</span>
      ),
  },
  { id: "status", header: "Status", sortKey: "status", cell: (r) => <RunStatusBadge status={r.status} /> },
  {
    id: "records",
    header: "Records",
    className: "whitespace-nowrap text-right tabular-nums",
    cell: (r) => (
      <div>
        <div>{num(r.recordsRead)} read</div>
        <div className="text-xs text-muted-foreground">
          {num(r.recordsRejected)} rejected ·{" "}
          {r.errors.length > 0 ? (
            <Link href={`/ingest/runs/${r.id}#errors`} className="text-primary hover:underline" aria-label={`${num(r.errors.length)} problems in ${r.sourceName}`}>
              {num(r.errors.length)}
              {r.errors.length >= 100 ? "+" : ""} problems
            </Link>
          ) : (
            "0 problems"
          )}
        </div>
      </div>
    ),
  },
  {
    id: "discovered",
    header: "Discovered",
    className: "whitespace-nowrap tabular-nums",
    cell: (r) => (
      <div>
        <div>
          {r.newEndpoints > 0 && r.app ? (
            <Link href={`/inventory?app=${encodeURIComponent(r.app)}`} className="text-primary hover:underline" aria-label={`${num(r.newEndpoints)} new endpoints in ${r.app}`}>
              {num(r.newEndpoints)} endpoints
            </Link>
          ) : (
            `${num(r.newEndpoints)} endpoints`
          )}
        </div>
        <div className="text-xs text-muted-foreground">{num(r.newDependencies)} dependencies</div>
      </div>
    ),
  },
  {
    id: "started",
    header: "Started",
    sortKey: "started",
    className: "whitespace-nowrap",
    cell: (r) => (
      <div>
        <RelativeTime value={r.startedAt} />
        <div className="text-xs text-muted-foreground" title={`trigger: ${r.trigger}`}>
          by {r.startedBy ?? r.trigger}
        </div>
      </div>
    ),
  },
];

/** Every ingest run, newest first; refreshes itself while a run is still going. */
export function RunsTable({ applications, canIngest }: { applications: { slug: string; name: string }[]; canIngest: boolean }) {
  const [query, setQuery] = useUrlListState(ingestRunListSchema);
  const result = useQuery({
    ...listQueryOptions<IngestRunRow>("ingest-runs", query),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.rows.some((r) => r.status === "running") ? REFRESH_MS : false),
  });
  const filtered = Boolean(query.q || query.kind || query.status || query.app);
  return (
    <DataTable
      label="ingest runs"
      columns={columns}
      {...listTableProps(result, query, setQuery)}
      rowKey={(r) => r.id}
      searchPlaceholder="Search file or application"
      filters={
        <>
          <NativeSelect aria-label="Filter by kind" value={query.kind ?? ""} onChange={(e) => setQuery({ kind: (e.target.value || undefined) as Query["kind"] })} wrapperClassName="w-36">
            <option value="">All kinds</option>
            {INGEST_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </NativeSelect>
          <NativeSelect aria-label="Filter by status" value={query.status ?? ""} onChange={(e) => setQuery({ status: (e.target.value || undefined) as Query["status"] })} wrapperClassName="w-36">
            <option value="">All statuses</option>
            {(Object.keys(RUN_STATUS_LABELS) as RunStatus[]).map((s) => (
              <option key={s} value={s}>
                {RUN_STATUS_LABELS[s]}
              </option>
            ))}
          </NativeSelect>
          <NativeSelect aria-label="Filter by application" value={query.app ?? ""} onChange={(e) => setQuery({ app: e.target.value || undefined })} wrapperClassName="w-48">
            <option value="">All applications</option>
            {applications.map((a) => (
              <option key={a.slug} value={a.slug}>
                {a.slug}
              </option>
            ))}
          </NativeSelect>
        </>
      }
      empty={
        filtered ? (
          <EmptyState title="No run matches these filters" description="Clear the search or filters to see every run." />
        ) : (
          <EmptyState
            title="No ingest runs yet"
            description={
              <>
                Every upload, CLI or CI ingest leaves a run here with its counts and errors. From a terminal:{" "}
                <code className="rounded bg-muted px-1 py-0.5 text-foreground">npm run sibyl -- ingest openapi &lt;file&gt; --app &lt;slug&gt;</code>
              </>
            }
            action={
              canIngest ? (
                <Button asChild size="sm">
                  <Link href="/ingest">Upload files</Link>
                </Button>
              ) : undefined
            }
          />
        )
      }
    />
  );
}
