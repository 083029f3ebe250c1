"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { DataTable, listTableProps, type Column } from "@/components/data-table/data-table";
import { useUrlListState } from "@/components/data-table/use-url-list-state";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { listQueryOptions } from "@/lib/query/lists";
import { toSearch } from "@/lib/query/fetch-json";
import { auditListSchema } from "@/lib/validation/lists";
import type { z } from "zod";

type SortKey = z.infer<typeof auditListSchema>["sort"];
import type { AuditRow } from "@/lib/server/dal/audit";

const columns: Column<AuditRow, SortKey>[] = [
  { id: "at", header: "When", sortKey: "at", cell: (r) => <RelativeTime value={r.at} /> },
  { id: "actor", header: "Actor", sortKey: "actor", cell: (r) => r.actor },
  { id: "action", header: "Action", sortKey: "action", cell: (r) => <code className="text-xs">{r.action}</code> },
  { id: "target", header: "Target", cell: (r) => <span className="text-xs">{r.targetType}{r.targetId ? ` ${r.targetId.slice(0, 8)}` : ""}</span> },
  {
    id: "detail",
    header: "Detail",
    cell: (r) => (
      <code className="block max-w-md truncate text-xs text-muted-foreground" title={JSON.stringify(r.detail)}>
        {JSON.stringify(r.detail)}
      </code>
    ),
  },
  { id: "ip", header: "Address", cell: (r) => <span className="text-xs">{r.ipAddress ?? "—"}</span> },
];

export function AuditTable() {
  const [query, setQuery] = useUrlListState(auditListSchema);
  const result = useQuery({ ...listQueryOptions<AuditRow>("audit", query), placeholderData: keepPreviousData });
  return (
    <DataTable
      label="audit log entries"
      columns={columns}
      {...listTableProps(result, query, setQuery)}
      rowKey={(r) => String(r.id)}
      searchPlaceholder="Search actor, action or target"
      exportHref={`/api/v1/audit?${toSearch({ ...query, page: undefined, pageSize: undefined, format: "csv" })}`}
      empty={<EmptyState title="No audit entries match" description="Changes made in Sibyl appear here as they happen." />}
    />
  );
}
