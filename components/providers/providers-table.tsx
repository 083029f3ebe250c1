"use client";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import type { z } from "zod";
import { DataTable, listTableProps, type Column } from "@/components/data-table/data-table";
import { useUrlListState } from "@/components/data-table/use-url-list-state";
import { EmptyState } from "@/components/ui/empty-state";
import { GradeBadge } from "@/components/ui/grade-badge";
import { NativeSelect } from "@/components/ui/native-select";
import { RelativeTime } from "@/components/ui/relative-time";
import { RiskMeter } from "@/components/risk/risk-meter";
import { listQueryOptions } from "@/lib/query/lists";
import { toSearch } from "@/lib/query/fetch-json";
import type { ProviderRow } from "@/lib/server/dal/providers";
import { providerListSchema } from "@/lib/validation/lists";
import { asGrade, formatConfidence, formatScore } from "./format";

type ProviderListQuery = z.infer<typeof providerListSchema>;
type SortKey = ProviderListQuery["sort"];

const GRADE_FILTERS: { value: NonNullable<ProviderListQuery["grade"]>; label: string }[] = [
  { value: "A", label: "Grade A" },
  { value: "B", label: "Grade B" },
  { value: "C", label: "Grade C" },
  { value: "D", label: "Grade D" },
  { value: "F", label: "Grade F" },
  { value: "none", label: "Insufficient data" },
];

function GradeCell({ row }: { row: ProviderRow }) {
  const grade = asGrade(row.grade);
  if (row.score === null) return <GradeBadge grade={null} size="sm" />;
  return (
    <span className="inline-flex items-center gap-2">
      <GradeBadge grade={grade} size="sm" />
      {grade === null && <span className="text-xs text-muted-foreground">provisional {formatScore(row.score)}</span>}
    </span>
  );
}

// "Dependent apps" stays the fourth column: saved views and tests read it by position.
const columns: Column<ProviderRow, SortKey>[] = [
  {
    id: "name",
    header: "Provider",
    sortKey: "name",
    cell: (r) => (
      <Link href={`/providers/${r.slug}`} className="font-medium text-primary hover:underline">
        {r.name}
      </Link>
    ),
  },
  { id: "category", header: "Category", sortKey: "category", cell: (r) => r.category },
  {
    id: "hosts",
    header: "API hosts",
    sortKey: "hosts",
    cell: (r) => (
      <span className="font-mono text-xs" title={r.hostPatterns.join("\n")}>
        {r.hostPatterns[0] ?? ""}
        {r.hostPatterns.length > 1 ? ` +${r.hostPatterns.length - 1}` : ""}
      </span>
    ),
  },
  { id: "dependents", header: "Dependent apps", sortKey: "dependents", className: "text-right tabular-nums", cell: (r) => r.dependents },
  { id: "risk", header: "Contextual risk", sortKey: "risk", cell: (r) => (r.dependents ? <RiskMeter risk={r.risk} /> : <span className="text-muted-foreground">Not in use</span>) },
  { id: "grade", header: "Grade", sortKey: "grade", cell: (r) => <GradeCell row={r} /> },
  { id: "score", header: "Score", sortKey: "score", className: "text-right tabular-nums", cell: (r) => formatScore(r.score) },
  { id: "confidence", header: "Confidence", sortKey: "confidence", className: "text-right tabular-nums", cell: (r) => formatConfidence(r.confidence) },
  { id: "assessed", header: "Last assessed", sortKey: "assessed", cell: (r) => (r.assessedAt ? <RelativeTime value={r.assessedAt} /> : <span className="text-muted-foreground">Not assessed</span>) },
];

export function ProvidersTable({ categories }: { categories: string[] }) {
  const [query, setQuery] = useUrlListState(providerListSchema);
  const result = useQuery({ ...listQueryOptions<ProviderRow>("providers", query), placeholderData: keepPreviousData });
  const filtered = Boolean(query.q || query.category || query.grade || query.used !== "used");
  return (
    <DataTable
      label="providers"
      columns={columns}
      {...listTableProps(result, query, setQuery)}
      rowKey={(r) => r.id}
      searchPlaceholder="Search name or host"
      exportHref={`/api/v1/providers?${toSearch({ ...query, page: undefined, pageSize: undefined, format: "csv" })}`}
      filters={
        <>
          <NativeSelect aria-label="Filter by grade" value={query.grade ?? ""} onChange={(e) => setQuery({ grade: (e.target.value || undefined) as ProviderListQuery["grade"] })} wrapperClassName="w-44">
            <option value="">All grades</option>
            {GRADE_FILTERS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </NativeSelect>
          <NativeSelect aria-label="Filter by category" value={query.category ?? ""} onChange={(e) => setQuery({ category: e.target.value || undefined })} wrapperClassName="w-44">
            <option value="">All categories</option>
            {categories.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </NativeSelect>
          <NativeSelect aria-label="Filter by use" value={query.used} onChange={(e) => setQuery({ used: e.target.value as typeof query.used })} wrapperClassName="w-56">
            <option value="used">Used by an application</option>
            <option value="all">Whole catalog</option>
            <option value="unused">In the catalog, not used</option>
          </NativeSelect>
        </>
      }
      empty={
        <EmptyState
          title={filtered ? "No provider matches these filters" : "No provider is in use yet"}
          description={
            filtered
              ? "Clear the search or filters, or choose “Whole catalog” to see every provider Sibyl knows."
              : "Providers appear here once traffic logs or SBOMs show an application calling them (ingest them on the Ingest page). Choose “Whole catalog” to browse every provider Sibyl knows."
          }
        />
      }
    />
  );
}
