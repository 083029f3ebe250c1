"use client";
import Link from "next/link";
import { useMemo, useState, useTransition } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import { DataTable, listTableProps, type Column } from "@/components/data-table/data-table";
import { useUrlListState } from "@/components/data-table/use-url-list-state";
import { Button } from "@/components/ui/button";
import { CheckboxNative } from "@/components/ui/checkbox-native";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect } from "@/components/ui/native-select";
import { RelativeTime } from "@/components/ui/relative-time";
import type { DiscoveryStatus } from "@/lib/domain/ingest/classify";
import { mergeEndpointsAction } from "@/lib/server/actions/endpoints";
import type { EndpointRow } from "@/lib/server/dal/endpoints";
import { listQueryOptions } from "@/lib/query/lists";
import { toSearch } from "@/lib/query/fetch-json";
import { ENDPOINT_STATUSES, endpointListSchema } from "@/lib/validation/lists";
import { cn } from "@/lib/utils";
import { ENDPOINT_STATUS_META, EndpointStatusBadge } from "./endpoint-status-badge";
import { EndpointWhy } from "./endpoint-why";
import { parameterSegments, SplitEndpointDialog } from "./split-endpoint-dialog";

type Query = z.infer<typeof endpointListSchema>;
type SortKey = Query["sort"];
type StatusCounts = { statusCounts: Record<DiscoveryStatus, number> };

const METHODS = endpointListSchema.shape.method.unwrap().unwrap().options;
const SEEN: { value: NonNullable<Query["seen"]>; label: string }[] = [
  { value: "1", label: "Seen in the last 24 hours" },
  { value: "7", label: "Seen in the last 7 days" },
  { value: "30", label: "Seen in the last 30 days" },
  { value: "90", label: "Seen in the last 90 days" },
  { value: "never", label: "Never seen in traffic" },
];

export interface EndpointsTableProps {
  /** Applications for the filter (ignored with `app`). */
  applications?: { slug: string; name: string }[];
  apis: string[];
  /** Fixes the table to one application and hides the application filter and column. */
  app?: string;
  canCurate: boolean;
  canIngest?: boolean;
}

/** Every endpoint (or one application's) with its discovery status, counts per status as quick filters, and merge/split for curators. */
export function EndpointsTable({ applications = [], apis, app, canCurate, canIngest = false }: EndpointsTableProps) {
  const [urlQuery, setQuery] = useUrlListState(endpointListSchema);
  const query = useMemo(() => (app ? { ...urlQuery, app } : urlQuery), [urlQuery, app]);
  const result = useQuery({ ...listQueryOptions<EndpointRow, StatusCounts>("endpoints", query), placeholderData: keepPreviousData });
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [splitting, setSplitting] = useState<EndpointRow | null>(null);
  const [confirmMerge, setConfirmMerge] = useState(false);
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [pending, start] = useTransition();

  const rows = useMemo(() => result.data?.rows ?? [], [result.data]);
  const chosen = rows.filter((r) => selected.has(r.id));
  const counts = result.data?.statusCounts;
  const all = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : undefined;
  const filtered = Boolean(query.q || query.status || query.method || query.seen || query.api || (!app && query.app));

  const toggle = (id: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const refresh = (text: string) => {
    setSelected(new Set());
    setNotice({ ok: true, text });
    void queryClient.invalidateQueries({ queryKey: ["endpoints"] });
  };
  const merge = () =>
    start(async () => {
      const r = await mergeEndpointsAction(chosen.map((c) => c.id));
      setConfirmMerge(false);
      if (r.ok) refresh(r.message ?? "Merged.");
      else setNotice({ ok: false, text: (r.fieldErrors ? Object.values(r.fieldErrors).flat()[0] : undefined) ?? r.error });
    });

  const columns: Column<EndpointRow, SortKey>[] = [
    ...(canCurate
      ? [
          {
            id: "select",
            header: "Select",
            cell: (r: EndpointRow) => (
              <CheckboxNative aria-label={`Select ${r.method} ${r.path}${app ? "" : ` in ${r.app.slug}`}`} checked={selected.has(r.id)} onChange={(e) => toggle(r.id, e.target.checked)} />
            ),
          },
        ]
      : []),
    ...(app
      ? []
      : [
          {
            id: "app",
            header: "Application",
            sortKey: "app" as const,
            cell: (r: EndpointRow) => (
              <Link href={`/applications/${r.app.slug}`} className="whitespace-nowrap font-medium text-primary hover:underline">
                {r.app.name}
              </Link>
            ),
          },
        ]),
    { id: "method", header: "Method", sortKey: "method", cell: (r) => <span className="font-mono text-xs font-semibold">{r.method}</span> },
    {
      id: "path",
      header: "Path",
      sortKey: "path",
      className: "min-w-72",
      cell: (r) => (
        <div>
          <span className="break-all font-mono text-xs">{r.path}</span>
          <EndpointWhy endpoint={r} />
        </div>
      ),
    },
    { id: "api", header: "API", cell: (r) => r.api ?? <span className="text-muted-foreground">None</span> },
    { id: "status", header: "Status", sortKey: "status", cell: (r) => <EndpointStatusBadge status={r.status} rule={r.statusRule} /> },
    { id: "calls", header: "Calls", sortKey: "calls", className: "text-right tabular-nums", cell: (r) => r.calls.toLocaleString("en") },
    { id: "lastSeen", header: "Last seen", sortKey: "lastSeen", cell: (r) => <RelativeTime value={r.lastSeen} /> },
    ...(canCurate
      ? [
          {
            id: "actions",
            header: "Actions",
            cell: (r: EndpointRow) =>
              r.inferred && parameterSegments(r.path).length > 0 ? (
                <Button variant="outline" size="sm" onClick={() => setSplitting(r)} aria-label={`Split ${r.method} ${r.path}`}>
                  Split…
                </Button>
              ) : null,
          },
        ]
      : []),
  ];

  return (
    <div className="space-y-3">
      <div role="group" aria-label="Filter by status" className="flex flex-wrap gap-2">
        <StatusChip label="All statuses" count={all} active={!query.status} onClick={() => setQuery({ status: undefined })} />
        {ENDPOINT_STATUSES.map((s) => (
          <StatusChip key={s} status={s} label={ENDPOINT_STATUS_META[s].label} count={counts?.[s]} active={query.status === s} onClick={() => setQuery({ status: query.status === s ? undefined : s })} />
        ))}
      </div>

      {notice && (
        <p role={notice.ok ? "status" : "alert"} className={cn("rounded-md border px-3 py-2 text-sm", notice.ok ? "border-success-border bg-success text-success-foreground" : "border-danger-border bg-danger text-danger-foreground")}>
          {notice.text}
        </p>
      )}

      <DataTable
        label={app ? `endpoints of ${app}` : "endpoints"}
        columns={columns}
        {...listTableProps(result, query, setQuery)}
        rowKey={(r) => r.id}
        searchPlaceholder="Search paths"
        exportHref={`/api/v1/endpoints?${toSearch({ ...query, page: undefined, pageSize: undefined, format: "csv" })}`}
        filters={
          <>
            {!app && (
              <NativeSelect aria-label="Filter by application" value={query.app ?? ""} onChange={(e) => setQuery({ app: e.target.value || undefined, api: undefined })} wrapperClassName="w-48">
                <option value="">All applications</option>
                {applications.map((a) => (
                  <option key={a.slug} value={a.slug}>
                    {a.name === a.slug ? a.slug : `${a.name} (${a.slug})`}
                  </option>
                ))}
              </NativeSelect>
            )}
            {apis.length > 0 && (
              <NativeSelect aria-label="Filter by API" value={query.api ?? ""} onChange={(e) => setQuery({ api: e.target.value || undefined })} wrapperClassName="w-44">
                <option value="">All APIs</option>
                {apis.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </NativeSelect>
            )}
            <NativeSelect aria-label="Filter by method" value={query.method ?? ""} onChange={(e) => setQuery({ method: (e.target.value || undefined) as Query["method"] })} wrapperClassName="w-32">
              <option value="">All methods</option>
              {METHODS.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </NativeSelect>
            <NativeSelect aria-label="Filter by last seen" value={query.seen ?? ""} onChange={(e) => setQuery({ seen: (e.target.value || undefined) as Query["seen"] })} wrapperClassName="w-52">
              <option value="">Seen any time</option>
              {SEEN.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </NativeSelect>
            {canCurate && (
              <>
                <Button size="sm" disabled={chosen.length < 2 || pending} onClick={() => setConfirmMerge(true)} title="Merge endpoints inferred from traffic into one template">
                  Merge selected{chosen.length ? ` (${chosen.length})` : ""}
                </Button>
                {chosen.length > 0 && (
                  <Button size="sm" variant="ghost" onClick={() => setSelected(new Set())}>
                    Clear selection
                  </Button>
                )}
              </>
            )}
          </>
        }
        empty={
          filtered ? (
            <EmptyState
              title="No endpoint matches these filters"
              description="Clear the search or filters to see every endpoint."
              action={
                <Button variant="outline" size="sm" onClick={() => setQuery({ q: "", status: undefined, method: undefined, seen: undefined, api: undefined, ...(app ? {} : { app: undefined }) })}>
                  Clear filters
                </Button>
              }
            />
          ) : (
            <EmptyState
              title={app ? "No endpoints recorded for this application" : "No endpoints yet"}
              description={
                <>
                  Endpoints come from OpenAPI specs (documented) and traffic logs (what is really called). Upload them on the ingest page, or from a terminal:{" "}
                  <code className="rounded bg-muted px-1 py-0.5 text-foreground">npm run sibyl -- ingest traffic &lt;file&gt; --app {app ?? "<slug>"}</code>
                </>
              }
              action={
                canIngest ? (
                  <Button asChild size="sm">
                    <Link href="/ingest">Upload a spec or traffic log</Link>
                  </Button>
                ) : undefined
              }
            />
          )
        }
      />

      {canCurate && (
        <>
          <SplitEndpointDialog
            endpoint={splitting}
            onOpenChange={(open) => !open && setSplitting(null)}
            onDone={(message) => {
              setSplitting(null);
              refresh(message);
            }}
          />
          <Dialog open={confirmMerge} onOpenChange={setConfirmMerge}>
            <DialogContent>
              <DialogHeader>
                <DialogTitle>Merge {chosen.length} endpoints?</DialogTitle>
                <DialogDescription>
                  They become one template: segments that differ become a parameter, and their calls, samples and first/last seen add up. Only endpoints inferred from traffic, of the same
                  application, API and method, can be merged.
                </DialogDescription>
              </DialogHeader>
              <ul className="max-h-48 list-disc overflow-auto pl-5 font-mono text-xs">
                {chosen.map((c) => (
                  <li key={c.id} className="break-all">
                    {c.method} {c.path}
                  </li>
                ))}
              </ul>
              <DialogFooter>
                <Button variant="outline" onClick={() => setConfirmMerge(false)} disabled={pending}>
                  Cancel
                </Button>
                <Button onClick={merge} disabled={pending}>
                  {pending ? "Merging…" : "Merge"}
                </Button>
              </DialogFooter>
            </DialogContent>
          </Dialog>
        </>
      )}
    </div>
  );
}

function StatusChip({ status, label, count, active, onClick }: { status?: DiscoveryStatus; label: string; count: number | undefined; active: boolean; onClick: () => void }) {
  const Icon = status ? ENDPOINT_STATUS_META[status].icon : null;
  return (
    <button
      type="button"
      aria-pressed={active}
      onClick={onClick}
      data-status={status ?? "all"}
      className={cn(
        "inline-flex items-center gap-2 rounded-md border px-3 py-1.5 text-sm font-medium shadow-xs transition-colors hover:bg-accent",
        status ? ENDPOINT_STATUS_META[status].className : "border-input bg-card text-foreground",
        active && "outline-2 outline-offset-1 outline-primary ring-0",
        !active && "opacity-90",
      )}
    >
      {Icon && <Icon aria-hidden className="size-4" />}
      {label}
      <span className="rounded bg-card/80 px-1.5 text-xs tabular-nums text-foreground">{count === undefined ? "…" : count.toLocaleString("en")}</span>
    </button>
  );
}
