"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { DataTable, listTableProps, type Column } from "@/components/data-table/data-table";
import { useUrlListState } from "@/components/data-table/use-url-list-state";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect } from "@/components/ui/native-select";
import { RelativeTime } from "@/components/ui/relative-time";
import type { ReportRow } from "@/lib/server/dal/reports";
import { listQueryOptions } from "@/lib/query/lists";
import { reportListSchema } from "@/lib/validation/lists";
import { FRAMEWORK_LABELS, FRAMEWORK_OPTIONS } from "./frameworks";
import { ReportStatusBadge } from "./report-status-badge";

type Query = z.infer<typeof reportListSchema>;
type SortKey = Query["sort"];

const REFRESH_MS = 2_000;

function size(bytes: number | null, pages: number | null): string | null {
  if (bytes == null) return null;
  const kb = bytes / 1024;
  return `${kb >= 1024 ? `${(kb / 1024).toFixed(1)} MiB` : `${Math.max(1, Math.round(kb))} KiB`}${pages ? ` · ${pages} pages` : ""}`;
}

// Five columns, so that the downloads stay on screen at 1280 px: the period sits
// under the scope, and the size and SHA-256 with the downloads they describe.
const columns: Column<ReportRow, SortKey>[] = [
  {
    id: "report",
    header: "Report",
    sortKey: "framework",
    className: "min-w-56 max-w-80",
    cell: (r) => (
      <div>
        <div className="font-medium [overflow-wrap:anywhere]">{r.title}</div>
        <div className="text-xs text-muted-foreground">
          {FRAMEWORK_LABELS[r.framework] ?? r.framework}
          {r.scheduled ? " · scheduled" : ""}
        </div>
      </div>
    ),
  },
  {
    id: "scope",
    header: "Scope and period",
    sortKey: "scope",
    className: "min-w-40",
    cell: (r) => (
      <div>
        <div className="[overflow-wrap:anywhere]">{r.scopeName ?? r.scope}</div>
        <div className="whitespace-nowrap text-xs tabular-nums text-muted-foreground">{r.periodFrom ? `${r.periodFrom} to ${r.periodTo}` : "—"}</div>
      </div>
    ),
  },
  {
    id: "status",
    header: "Status",
    sortKey: "status",
    className: "min-w-28",
    cell: (r) => (
      <div className="space-y-1">
        <ReportStatusBadge status={r.status} />
        {(r.status === "running" || r.status === "queued") && (
          <div>
            <div className="h-1.5 w-24 overflow-hidden rounded bg-muted" role="progressbar" aria-label={`Generating ${r.title}`} aria-valuenow={r.progress} aria-valuemin={0} aria-valuemax={100}>
              <div className="h-full bg-primary transition-all" style={{ width: `${r.progress}%` }} />
            </div>
            <div className="text-xs text-muted-foreground">{r.stage}</div>
          </div>
        )}
        {r.status === "failed" && <div className="max-w-64 text-xs text-danger-foreground [overflow-wrap:anywhere]">{r.error}</div>}
      </div>
    ),
  },
  {
    id: "requested",
    header: "Requested",
    sortKey: "requested",
    className: "whitespace-nowrap",
    cell: (r) => (
      <div>
        <RelativeTime value={r.requestedAt} />
        <div className="text-xs text-muted-foreground">by {r.requestedBy ?? "—"}</div>
      </div>
    ),
  },
  {
    id: "files",
    header: "Files",
    className: "whitespace-nowrap",
    cell: (r) =>
      r.status === "ready" ? (
        <div className="flex flex-col gap-0.5 text-sm">
          <span>
            <a href={`/api/v1/reports/${r.id}/pdf`} className="font-medium text-primary hover:underline" aria-label={`Download PDF of ${r.title}`} download>
              PDF
            </a>
            {size(r.byteSize, r.pages) && <span className="text-xs tabular-nums text-muted-foreground"> · {size(r.byteSize, r.pages)}</span>}
          </span>
          <span className="text-xs text-muted-foreground">
            CSV:{" "}
            <a href={`/api/v1/reports/${r.id}/controls?format=csv`} className="text-primary hover:underline" aria-label={`Control table of ${r.title} as CSV`}>
              controls
            </a>{" "}
            ·{" "}
            <a href={`/api/v1/reports/${r.id}/register?format=csv`} className="text-primary hover:underline" aria-label={`Third-party register of ${r.title} as CSV`}>
              register
            </a>
          </span>
          {r.framework === "dora" && (
            <span className="text-xs text-muted-foreground">
              DORA:{" "}
              {["B_05.01", "B_06.01", "B_07.01"].map((t) => (
                <a key={t} href={`/api/v1/reports/${r.id}/dora?template=${t}`} className="mr-1 text-primary hover:underline" aria-label={`DORA ${t} of ${r.title} as CSV`}>
                  {t}
                </a>
              ))}
            </span>
          )}
          {r.contentHash && (
            <span className="text-xs text-muted-foreground">
              SHA-256{" "}
              <code className="font-mono" title={`SHA-256 of the document body: ${r.contentHash}`}>
                {r.contentHash.slice(0, 12)}…
              </code>
            </span>
          )}
        </div>
      ) : (
        <span className="text-muted-foreground">—</span>
      ),
  },
];

/** Every generated report, newest first; refreshes itself while one is queued or generating. */
export function ReportsTable({ canGenerate }: { canGenerate: boolean }) {
  const [query, setQuery] = useUrlListState(reportListSchema);
  const result = useQuery({
    ...listQueryOptions<ReportRow>("reports", query),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.rows.some((r) => r.status === "running" || r.status === "queued") ? REFRESH_MS : false),
  });
  const filtered = Boolean(query.q || query.framework || query.status);
  return (
    <DataTable
      label="reports"
      columns={columns}
      {...listTableProps(result, query, setQuery)}
      rowKey={(r) => r.id}
      searchPlaceholder="Search title, scope or requester"
      filters={
        <>
          <NativeSelect aria-label="Filter by framework" value={query.framework ?? ""} onChange={(e) => setQuery({ framework: (e.target.value || undefined) as Query["framework"] })} wrapperClassName="w-56">
            <option value="">All frameworks</option>
            {FRAMEWORK_OPTIONS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </NativeSelect>
          <NativeSelect aria-label="Filter by status" value={query.status ?? ""} onChange={(e) => setQuery({ status: (e.target.value || undefined) as Query["status"] })} wrapperClassName="w-36">
            <option value="">All statuses</option>
            <option value="queued">Queued</option>
            <option value="running">Generating</option>
            <option value="ready">Ready</option>
            <option value="failed">Failed</option>
          </NativeSelect>
        </>
      }
      empty={
        filtered ? (
          <EmptyState title="No report matches these filters" description="Clear the search or filters to see every report." />
        ) : (
          <EmptyState
            title="No reports yet"
            description={
              canGenerate ? (
                <>Generate one above, or from a terminal: <code className="rounded bg-muted px-1 py-0.5 text-foreground">npm run sibyl -- report generate --framework iso27001 --out report.pdf</code></>
              ) : (
                "Reports generated by a CISO or SecOps analyst appear here for download and verification."
              )
            }
          />
        )
      }
    />
  );
}
