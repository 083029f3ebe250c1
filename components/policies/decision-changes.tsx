"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { decisionHistoryQueryOptions, HISTORY_PAGE } from "@/lib/query/policies";
import { ActionBadge } from "./action-badge";

const MAX = 1000;

/** Decision changes, newest first, with their cause; "Show more" asks for a longer list. */
export function DecisionChanges() {
  const [limit, setLimit] = useState(HISTORY_PAGE);
  const { data, isLoading, isFetching, error } = useQuery({ ...decisionHistoryQueryOptions(limit), placeholderData: keepPreviousData });
  const rows = data?.changes ?? [];
  if (error)
    return (
      <p role="alert" className="text-sm text-danger-foreground">
        Could not load decision changes: {error.message}
      </p>
    );
  if (isLoading) return <p className="text-sm text-muted-foreground">Loading decision changes…</p>;
  if (rows.length === 0) return <EmptyState title="No decision has changed yet" description="A change appears here when a policy, an exception, a new score or an ingest moves a dependency from one decision to another." />;
  return (
    <div className="space-y-2">
      <div className="rounded-md border bg-card" aria-busy={isFetching}>
        <Table>
          <TableCaption className="sr-only">Decision changes, newest first</TableCaption>
          <TableHeader>
            <TableRow>
              <TableHead>When</TableHead>
              <TableHead>Application → target</TableHead>
              <TableHead>From → to</TableHead>
              <TableHead>Policy</TableHead>
              <TableHead>Cause</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((c) => (
              <TableRow key={c.id}>
                <TableCell>
                  <RelativeTime value={c.at} />
                </TableCell>
                <TableCell className="min-w-44 [overflow-wrap:anywhere]">
                  <span className="font-medium">{c.application}</span> → {c.target}
                </TableCell>
                <TableCell className="whitespace-nowrap">
                  <span className="inline-flex items-center gap-1">
                    {c.from ? <ActionBadge action={c.from} /> : <span className="text-xs text-muted-foreground">new</span>}
                    <span aria-hidden>→</span>
                    <span className="sr-only">to</span>
                    <ActionBadge action={c.to} />
                  </span>
                </TableCell>
                <TableCell className="max-w-64 text-xs [overflow-wrap:anywhere]">
                  {c.policy ?? <span className="text-muted-foreground">{c.mode === "default" ? "default action" : c.mode}</span>}
                  {c.reason && <span className="block text-muted-foreground">{c.reason}</span>}
                </TableCell>
                <TableCell className="max-w-72 text-xs text-muted-foreground [overflow-wrap:anywhere]">{c.cause}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      <div className="flex items-center gap-3 text-sm text-muted-foreground">
        <span>Showing the {rows.length} newest</span>
        {rows.length >= limit && limit < MAX && (
          <Button variant="outline" size="sm" disabled={isFetching} onClick={() => setLimit((l) => Math.min(MAX, l + HISTORY_PAGE * 2))}>
            {isFetching ? "Loading…" : "Show more"}
          </Button>
        )}
      </div>
    </div>
  );
}
