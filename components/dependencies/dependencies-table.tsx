"use client";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { DataTable, listTableProps, type Column } from "@/components/data-table/data-table";
import { useUrlListState } from "@/components/data-table/use-url-list-state";
import { DataSent } from "@/components/risk/data-sent";
import { RiskMeter } from "@/components/risk/risk-meter";
import { CriticalityBadge, type CriticalityTier } from "@/components/ui/criticality-badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { X } from "lucide-react";
import { NativeSelect } from "@/components/ui/native-select";
import { DecisionBadge } from "@/components/decisions/decision-badge";
import { ACTION_LABELS, POLICY_ACTIONS } from "@/lib/domain/policies/types";
import { listQueryOptions } from "@/lib/query/lists";
import { toSearch } from "@/lib/query/fetch-json";
import type { DependencyListRow } from "@/lib/server/dal/dependency-list";
import { dependencyListSchema } from "@/lib/validation/lists";

type Query = z.infer<typeof dependencyListSchema>;
type SortKey = Query["sort"];
const asTier = (n: number): CriticalityTier => (n === 1 || n === 2 || n === 3 || n === 4 ? n : 3);
const LEVEL_OPTIONS = [1, 2, 3, 4, 5];

const columns: Column<DependencyListRow, SortKey>[] = [
  {
    id: "app",
    header: "Application",
    sortKey: "app",
    cell: (r) => (
      <Link href={`/applications/${r.appSlug}#risk`} className="font-medium text-primary hover:underline">
        {r.appName}
      </Link>
    ),
  },
  { id: "criticality", header: "Criticality", sortKey: "criticality", cell: (r) => <CriticalityBadge tier={asTier(r.criticality)} /> },
  {
    id: "provider",
    header: "Provider",
    sortKey: "provider",
    cell: (r) =>
      r.providerSlug ? (
        <Link href={`/providers/${r.providerSlug}`} className="text-primary hover:underline">
          {r.providerName}
        </Link>
      ) : (
        <span className="font-mono text-xs" title="Unclassified host">
          {r.host ?? "internal API"}
        </span>
      ),
  },
  {
    id: "decision",
    header: "Decision",
    cell: (r) =>
      r.decision ? (
        <div className="flex flex-col items-start gap-0.5">
          <DecisionBadge action={r.decision} />
          <span className="max-w-44 truncate text-xs text-muted-foreground" title={r.policyName ?? undefined}>
            {r.decisionMode === "exception" ? "exception" : r.decisionMode === "default" || !r.policyName ? "default" : r.policyName}
          </span>
        </div>
      ) : (
        <span className="text-xs text-muted-foreground">—</span>
      ),
  },
  { id: "data", header: "Data", cell: (r) => <DataSent observed={r.dataClasses} declared={r.declaredClasses} narrowed={r.narrowedClasses} /> },
  { id: "sources", header: "Known from", cell: (r) => r.sources.join(", ") },
  { id: "calls", header: "Calls", sortKey: "calls", className: "text-right tabular-nums", cell: (r) => r.calls.toLocaleString("en") },
  { id: "risk", header: "Contextual risk", sortKey: "risk", cell: (r) => <RiskMeter risk={r.risk} band={r.band} likelihood={r.likelihood} impact={r.impact} /> },
];

export function DependenciesTable() {
  const [query, setQuery] = useUrlListState(dependencyListSchema);
  const result = useQuery({ ...listQueryOptions<DependencyListRow>("dependencies", query), placeholderData: keepPreviousData });
  const filtered = Boolean(query.q || query.likelihood || query.impact || query.band || query.app || query.provider || query.decision);
  return (
    <DataTable
      label="dependencies"
      columns={columns}
      {...listTableProps(result, query, setQuery)}
      rowKey={(r) => r.id}
      searchPlaceholder="Search application or provider"
      exportHref={`/api/v1/dependencies?${toSearch({ ...query, page: undefined, pageSize: undefined, format: "csv" })}`}
      filters={
        <>
          {query.provider && (
            <Button variant="outline" size="sm" onClick={() => setQuery({ provider: undefined })} aria-label={`Remove the filter: provider ${query.provider}`}>
              Provider: {query.provider} <X aria-hidden className="size-3.5" />
            </Button>
          )}
          {query.app && (
            <Button variant="outline" size="sm" onClick={() => setQuery({ app: undefined })} aria-label={`Remove the filter: application ${query.app}`}>
              Application: {query.app} <X aria-hidden className="size-3.5" />
            </Button>
          )}
          <NativeSelect aria-label="Filter by decision" value={query.decision ?? ""} onChange={(e) => setQuery({ decision: (e.target.value || undefined) as Query["decision"] })} wrapperClassName="w-44">
            <option value="">All decisions</option>
            {[...POLICY_ACTIONS].reverse().map((a) => (
              <option key={a} value={a}>
                {ACTION_LABELS[a]}
              </option>
            ))}
          </NativeSelect>
          <NativeSelect aria-label="Filter by band" value={query.band ?? ""} onChange={(e) => setQuery({ band: (e.target.value || undefined) as Query["band"] })} wrapperClassName="w-36">
            <option value="">All bands</option>
            <option value="critical">Critical</option>
            <option value="high">High</option>
            <option value="medium">Medium</option>
            <option value="low">Low</option>
          </NativeSelect>
          <NativeSelect aria-label="Filter by likelihood" value={query.likelihood ?? ""} onChange={(e) => setQuery({ likelihood: e.target.value ? Number(e.target.value) : undefined })} wrapperClassName="w-36">
            <option value="">Any likelihood</option>
            {LEVEL_OPTIONS.map((l) => (
              <option key={l} value={l}>
                Likelihood {l}
              </option>
            ))}
          </NativeSelect>
          <NativeSelect aria-label="Filter by impact" value={query.impact ?? ""} onChange={(e) => setQuery({ impact: e.target.value ? Number(e.target.value) : undefined })} wrapperClassName="w-32">
            <option value="">Any impact</option>
            {LEVEL_OPTIONS.map((l) => (
              <option key={l} value={l}>
                Impact {l}
              </option>
            ))}
          </NativeSelect>
        </>
      }
      empty={
        <EmptyState
          title={filtered ? "No dependency matches these filters" : "No provider dependency yet"}
          description={filtered ? "Clear the search or filters to see every dependency." : "Dependencies appear when traffic, SBOMs or catalogs show an application calling a provider; risks once providers are scored."}
        />
      }
    />
  );
}
