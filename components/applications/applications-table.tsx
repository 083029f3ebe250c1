"use client";
import Link from "next/link";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { DataTable, listTableProps, type Column } from "@/components/data-table/data-table";
import { useUrlListState } from "@/components/data-table/use-url-list-state";
import { Badge } from "@/components/ui/badge";
import { CriticalityBadge } from "@/components/ui/criticality-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { NativeSelect } from "@/components/ui/native-select";
import { listQueryOptions } from "@/lib/query/lists";
import { toSearch } from "@/lib/query/fetch-json";
import { applicationListSchema } from "@/lib/validation/lists";
import type { z } from "zod";

type SortKey = z.infer<typeof applicationListSchema>["sort"];
import type { ApplicationRow } from "@/lib/server/dal/applications";
import { DATA_CLASS_LABELS } from "./labels";

const columns: Column<ApplicationRow, SortKey>[] = [
  {
    id: "name",
    header: "Application",
    sortKey: "name",
    cell: (r) => (
      <Link href={`/applications/${r.slug}`} className="font-medium text-primary hover:underline">
        {r.name}
      </Link>
    ),
  },
  { id: "team", header: "Owner team", sortKey: "team", cell: (r) => r.team?.name ?? <span className="text-muted-foreground">Unowned</span> },
  { id: "criticality", header: "Criticality", sortKey: "criticality", cell: (r) => <CriticalityBadge tier={r.criticality as 1 | 2 | 3 | 4} /> },
  {
    id: "data",
    header: "Data classes",
    cell: (r) =>
      r.dataClasses.length ? (
        <span className="flex flex-wrap gap-1">
          {r.dataClasses.map((c) => (
            <Badge key={c} variant="outline">
              {DATA_CLASS_LABELS[c] ?? c}
            </Badge>
          ))}
        </span>
      ) : (
        <span className="text-muted-foreground">None</span>
      ),
  },
  { id: "providers", header: "Providers", sortKey: "providers", className: "text-right tabular-nums", cell: (r) => r.providerCount },
  { id: "environment", header: "Environment", sortKey: "environment", cell: (r) => r.environment },
  { id: "lifecycle", header: "Lifecycle", sortKey: "lifecycle", cell: (r) => r.lifecycle },
];

export function ApplicationsTable({ teams }: { teams: { slug: string; name: string }[] }) {
  const [query, setQuery] = useUrlListState(applicationListSchema);
  const result = useQuery({ ...listQueryOptions<ApplicationRow>("applications", query), placeholderData: keepPreviousData });
  return (
    <DataTable
      label="applications"
      columns={columns}
      {...listTableProps(result, query, setQuery)}
      rowKey={(r) => r.id}
      searchPlaceholder="Search name, slug or team"
      exportHref={`/api/v1/applications?${toSearch({ ...query, page: undefined, pageSize: undefined, format: "csv" })}`}
      filters={
        <>
          <NativeSelect aria-label="Filter by team" value={query.team ?? ""} onChange={(e) => setQuery({ team: e.target.value || undefined })} wrapperClassName="w-44">
            <option value="">All teams</option>
            {teams.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name}
              </option>
            ))}
          </NativeSelect>
          <NativeSelect
            aria-label="Filter by criticality"
            value={query.criticality ? String(query.criticality) : ""}
            onChange={(e) => setQuery({ criticality: e.target.value ? Number(e.target.value) : undefined })}
            wrapperClassName="w-36"
          >
            <option value="">All tiers</option>
            {[1, 2, 3, 4].map((t) => (
              <option key={t} value={t}>
                Tier {t}
              </option>
            ))}
          </NativeSelect>
          <NativeSelect
            aria-label="Filter by data class"
            value={query.dataClass ?? ""}
            onChange={(e) => setQuery({ dataClass: (e.target.value || undefined) as typeof query.dataClass })}
            wrapperClassName="w-40"
          >
            <option value="">All data classes</option>
            {Object.entries(DATA_CLASS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </NativeSelect>
        </>
      }
      empty={
        <EmptyState
          title={query.q || query.team || query.criticality || query.dataClass ? "No application matches these filters" : "No applications yet"}
          description={
            query.q || query.team || query.criticality || query.dataClass
              ? "Clear the search or filters to see every application."
              : "Load the demo organisation with `npm run seed -- --demo`, or ingest a Backstage catalog to register applications."
          }
        />
      }
    />
  );
}
