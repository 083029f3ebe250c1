"use client";
import Link from "next/link";
import { useMemo, useState, type KeyboardEvent } from "react";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { DataTable, listTableProps, type Column } from "@/components/data-table/data-table";
import { useUrlListState } from "@/components/data-table/use-url-list-state";
import { Button } from "@/components/ui/button";
import { CheckboxNative } from "@/components/ui/checkbox-native";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect } from "@/components/ui/native-select";
import { RelativeTime } from "@/components/ui/relative-time";
import { SEVERITY_LABELS, SeverityBadge } from "@/components/ui/severity-badge";
import { FINDING_KINDS, KIND_LABELS, type FindingKind } from "@/lib/domain/triage/kinds";
import { OWASP_API_2023, OWASP_CATEGORIES, owaspLabel, type OwaspCategory } from "@/lib/domain/triage/owasp";
import type { FindingRow, StateCounts } from "@/lib/server/dal/findings";
import { toSearch } from "@/lib/query/fetch-json";
import { listQueryOptions } from "@/lib/query/lists";
import { findingFilterSchema, findingListSchema, SEVERITY_VALUES, type FindingListQuery } from "@/lib/validation/findings";
import { cn } from "@/lib/utils";
import { BulkActions, type Assignee } from "./bulk-actions";
import { SlaStatus } from "./sla-status";
import { FindingStateBadge } from "./state-badge";
import { StateChips } from "./state-chips";

type SortKey = FindingListQuery["sort"];
type Option = { slug: string; name: string };

const FILTER_KEYS = Object.keys(findingFilterSchema.shape) as (keyof typeof findingFilterSchema.shape)[];

export interface FindingsTableProps {
  /** Fixes the table to one application (by slug) and hides the application filter and column. */
  app?: string;
  /** Fixes the table to one provider (by slug) and hides the provider filter and column. */
  provider?: string;
  /** Options for the filters (ignored for a fixed `app` / `provider`). */
  applications?: Option[];
  providers?: Option[];
  teams?: Option[];
  /** Users a finding can be assigned to: the assignee filter and the bulk "Assign…". */
  assignees?: Assignee[];
  /** Shows selection and the bulk bar; the server still checks `findings.triage` on every action. */
  canTriage: boolean;
  /** Links the empty state to the ingest page. */
  canIngest?: boolean;
}

/** The triage queue (or one application's / provider's findings): filters in the URL, counts per state as quick filters, bulk triage. */
export function FindingsTable({ app, provider, applications = [], providers = [], teams = [], assignees = [], canTriage, canIngest = false }: FindingsTableProps) {
  const [urlQuery, setQuery] = useUrlListState(findingListSchema);
  const query = useMemo(() => ({ ...urlQuery, ...(app ? { app } : {}), ...(provider ? { provider } : {}) }), [urlQuery, app, provider]);
  const result = useQuery({ ...listQueryOptions<FindingRow, { stateCounts: StateCounts }>("findings", query), placeholderData: keepPreviousData });
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);

  // The filter as the bulk endpoint takes it (same fields as the URL); a new filter starts a new selection.
  const filter = useMemo(() => {
    const out: Record<string, string> = {};
    for (const key of FILTER_KEYS) {
      const value = query[key];
      if (value !== undefined && value !== "") out[key] = String(value);
    }
    return out;
  }, [query]);
  const filterKey = JSON.stringify(filter);
  const [selection, setSelection] = useState<{ key: string; ids: Set<string> }>({ key: filterKey, ids: new Set() });
  const selected = selection.key === filterKey ? selection.ids : new Set<string>();
  const update = (change: (ids: Set<string>) => void) => {
    const next = new Set(selected);
    change(next);
    setSelection({ key: filterKey, ids: next });
  };

  const rows = useMemo(() => result.data?.rows ?? [], [result.data]);
  const counts = result.data?.stateCounts;
  const filtered = Boolean(query.q || query.kind || query.severity || query.team || query.assignee || query.pastSla || query.owasp || (!app && query.app) || (!provider && query.provider));

  const columns: Column<FindingRow, SortKey>[] = [
    ...(canTriage
      ? [
          {
            id: "select",
            header: "Select",
            cell: (r: FindingRow) => (
              <CheckboxNative
                aria-label={`Select finding: ${r.title}`}
                checked={selected.has(r.id)}
                onChange={(e) => {
                  const on = e.target.checked;
                  update((ids) => (on ? ids.add(r.id) : ids.delete(r.id)));
                }}
              />
            ),
          },
        ]
      : []),
    { id: "severity", header: "Severity", sortKey: "severity", cell: (r) => <SeverityBadge severity={r.severity} title={r.severityOverridden ? `Severity: ${SEVERITY_LABELS[r.severity]} (overridden by an analyst)` : undefined} /> },
    {
      id: "title",
      header: "Finding",
      sortKey: "title",
      className: "min-w-56",
      cell: (r) => (
        <div>
          <Link href={`/findings/${r.id}`} className="font-medium text-primary hover:underline">
            {r.title}
          </Link>
          {r.endpoint && !r.title.includes(r.endpoint.path) && (
            <div className="break-all font-mono text-xs text-muted-foreground">
              {r.endpoint.method} {r.endpoint.path}
            </div>
          )}
        </div>
      ),
    },
    { id: "kind", header: "Kind", sortKey: "kind", cell: (r) => KIND_LABELS[r.kind] },
    { id: "state", header: "State", sortKey: "state", cell: (r) => <FindingStateBadge state={r.status} /> },
    {
      id: "owasp",
      header: "OWASP",
      cell: (r) =>
        r.owasp ? (
          <abbr title={owaspLabel(r.owasp)} className="whitespace-nowrap no-underline">
            {r.owasp}
          </abbr>
        ) : (
          <span className="text-muted-foreground">None</span>
        ),
    },
    ...(app
      ? []
      : [
          {
            id: "app",
            header: "Application",
            sortKey: "app" as const,
            cell: (r: FindingRow) =>
              r.app ? (
                <Link href={`/applications/${r.app.slug}`} className="whitespace-nowrap text-primary hover:underline">
                  {r.app.name}
                </Link>
              ) : (
                <span className="text-muted-foreground">None</span>
              ),
          },
        ]),
    ...(provider
      ? []
      : [
          {
            id: "provider",
            header: "Provider",
            cell: (r: FindingRow) =>
              r.provider ? (
                <Link href={`/providers/${r.provider.slug}`} className="whitespace-nowrap text-primary hover:underline">
                  {r.provider.name}
                </Link>
              ) : (
                <span className="text-muted-foreground">None</span>
              ),
          },
        ]),
    { id: "assignee", header: "Assignee", cell: (r) => (r.assignee ? <span className="whitespace-nowrap">{r.assignee.name}</span> : <span className="text-muted-foreground">Unassigned</span>) },
    { id: "lastSeen", header: "Last seen", sortKey: "lastSeen", cell: (r) => <RelativeTime value={r.lastSeen} /> },
    { id: "sla", header: "SLA", sortKey: "due", cell: (r) => <SlaStatus sla={r.sla} /> },
  ];

  // Space on a focused row toggles its selection (the DataTable handles arrows and Enter).
  const onRowSpace = (event: KeyboardEvent<HTMLDivElement>) => {
    const row = event.target;
    if (event.key !== " " || !(row instanceof HTMLTableRowElement) || !row.hasAttribute("data-row")) return;
    const box = row.querySelector<HTMLInputElement>('input[type="checkbox"]');
    if (!box) return;
    event.preventDefault();
    box.click();
  };

  const clearFilters = () =>
    setQuery({ q: "", kind: undefined, severity: undefined, team: undefined, assignee: undefined, pastSla: undefined, owasp: undefined, ...(app ? {} : { app: undefined }), ...(provider ? {} : { provider: undefined }) });

  return (
    <div className="space-y-3">
      <StateChips counts={counts} state={query.state} pastSla={Boolean(query.pastSla)} onState={(state) => setQuery({ state })} onPastSla={(on) => setQuery({ pastSla: on ? "1" : undefined })} />

      {notice && (
        <p role={notice.ok ? "status" : "alert"} className={cn("rounded-md border px-3 py-2 text-sm", notice.ok ? "border-success-border bg-success text-success-foreground" : "border-danger-border bg-danger text-danger-foreground")}>
          {notice.text}
        </p>
      )}

      {canTriage && (
        <BulkActions
          selectedIds={[...selected]}
          pageIds={rows.map((r) => r.id)}
          onSelectPage={(on) => update((ids) => rows.forEach((r) => (on ? ids.add(r.id) : ids.delete(r.id))))}
          onClearSelection={() => update((ids) => ids.clear())}
          matching={result.data?.total}
          filter={filter}
          assignees={assignees}
          onDone={(n) => {
            setNotice(n);
            if (n.ok) {
              setSelection({ key: filterKey, ids: new Set() });
              void queryClient.invalidateQueries({ queryKey: ["findings"] });
            }
          }}
        />
      )}

      {/* Key events bubble up from the focused row; this wrapper is not itself interactive. */}
      <div onKeyDown={canTriage ? onRowSpace : undefined} role="presentation">
        <DataTable
          label={app ? `findings of ${app}` : provider ? `findings of ${provider}` : "findings"}
          columns={columns}
          {...listTableProps(result, query, setQuery)}
          rowKey={(r) => r.id}
          searchPlaceholder="Search titles"
          exportHref={`/api/v1/findings?${toSearch({ ...query, page: undefined, pageSize: undefined, format: "csv" })}`}
          filters={
            <Filters query={query} setQuery={setQuery} app={app} provider={provider} applications={applications} providers={providers} teams={teams} assignees={assignees} />
          }
          empty={
            filtered || (counts?.all ?? 0) > 0 ? (
              <EmptyState
                title={filtered ? "No finding matches these filters" : "Nothing in this state"}
                description={filtered ? "Clear the search or filters to see every finding in this state." : "Pick another state above, or All, to see the other findings."}
                action={
                  filtered ? (
                    <Button variant="outline" size="sm" onClick={clearFilters}>
                      Clear filters
                    </Button>
                  ) : (
                    <Button variant="outline" size="sm" onClick={() => setQuery({ state: "all" })}>
                      Show all findings
                    </Button>
                  )
                }
              />
            ) : (
              <EmptyState
                title={app || provider ? "No findings recorded here" : "No findings yet"}
                description={
                  <>
                    Findings come from ingesting OpenAPI specs, traffic logs and SBOMs (shadow and zombie endpoints, API keys in query strings, vulnerable SDKs, sensitive data sent to
                    unclassified hosts) and from rescoring providers (expired attestations, weak transport, provider risk). Upload on the ingest page, or from a terminal:{" "}
                    <code className="rounded bg-muted px-1 py-0.5 text-foreground">npm run sibyl -- ingest traffic &lt;file&gt; --app {app ?? "<slug>"}</code> then{" "}
                    <code className="rounded bg-muted px-1 py-0.5 text-foreground">npm run sibyl -- score --all</code>.
                  </>
                }
                action={
                  canIngest ? (
                    <Button asChild size="sm">
                      <Link href="/ingest">Upload a spec, traffic log or SBOM</Link>
                    </Button>
                  ) : undefined
                }
              />
            )
          }
        />
      </div>
    </div>
  );
}

function Filters({
  query,
  setQuery,
  app,
  provider,
  applications,
  providers,
  teams,
  assignees,
}: {
  query: FindingListQuery;
  setQuery: (patch: Partial<FindingListQuery>) => void;
  app?: string;
  provider?: string;
  applications: Option[];
  providers: Option[];
  teams: Option[];
  assignees: Assignee[];
}) {
  // A slug from a shared link that is not among the options still shows as selected.
  const withCurrent = (options: Option[], current: string | undefined) => (current && !options.some((o) => o.slug === current) ? [...options, { slug: current, name: current }] : options);
  return (
    <>
      <NativeSelect aria-label="Filter by severity" value={query.severity ?? ""} onChange={(e) => setQuery({ severity: (e.target.value || undefined) as FindingListQuery["severity"] })} wrapperClassName="w-36">
        <option value="">All severities</option>
        {SEVERITY_VALUES.map((s) => (
          <option key={s} value={s}>
            {SEVERITY_LABELS[s]}
          </option>
        ))}
      </NativeSelect>
      <NativeSelect aria-label="Filter by kind" value={query.kind ?? ""} onChange={(e) => setQuery({ kind: (e.target.value || undefined) as FindingKind | undefined })} wrapperClassName="w-52">
        <option value="">All kinds</option>
        {FINDING_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </NativeSelect>
      <NativeSelect aria-label="Filter by OWASP category" value={query.owasp ?? ""} onChange={(e) => setQuery({ owasp: (e.target.value || undefined) as OwaspCategory | undefined })} wrapperClassName="w-52">
        <option value="">All OWASP categories</option>
        {OWASP_CATEGORIES.map((c) => (
          <option key={c} value={c}>
            {c} {OWASP_API_2023[c]}
          </option>
        ))}
      </NativeSelect>
      {!app && (
        <NativeSelect aria-label="Filter by application" value={query.app ?? ""} onChange={(e) => setQuery({ app: e.target.value || undefined })} wrapperClassName="w-48">
          <option value="">All applications</option>
          {withCurrent(applications, query.app).map((a) => (
            <option key={a.slug} value={a.slug}>
              {a.name === a.slug ? a.slug : `${a.name} (${a.slug})`}
            </option>
          ))}
        </NativeSelect>
      )}
      {!provider && (
        <NativeSelect aria-label="Filter by provider" value={query.provider ?? ""} onChange={(e) => setQuery({ provider: e.target.value || undefined })} wrapperClassName="w-44">
          <option value="">All providers</option>
          {withCurrent(providers, query.provider).map((p) => (
            <option key={p.slug} value={p.slug}>
              {p.name}
            </option>
          ))}
        </NativeSelect>
      )}
      {!app && teams.length > 0 && (
        <NativeSelect aria-label="Filter by team" value={query.team ?? ""} onChange={(e) => setQuery({ team: e.target.value || undefined })} wrapperClassName="w-40">
          <option value="">All teams</option>
          {withCurrent(teams, query.team).map((t) => (
            <option key={t.slug} value={t.slug}>
              {t.name}
            </option>
          ))}
        </NativeSelect>
      )}
      <NativeSelect aria-label="Filter by assignee" value={query.assignee ?? ""} onChange={(e) => setQuery({ assignee: e.target.value || undefined })} wrapperClassName="w-44">
        <option value="">Anyone or no one</option>
        <option value="me">Assigned to me</option>
        <option value="none">Unassigned</option>
        {assignees.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
        {query.assignee && query.assignee !== "me" && query.assignee !== "none" && !assignees.some((u) => u.id === query.assignee) && <option value={query.assignee}>Another user</option>}
      </NativeSelect>
    </>
  );
}
