"use client";
import { ArrowDown, ArrowUp, ArrowUpDown, ChevronLeft, ChevronRight, Download, Search } from "lucide-react";
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { PAGE_SIZES, type Page } from "@/lib/validation/list-query";
import { cn } from "@/lib/utils";

export interface Column<T, S extends string = string> {
  id: string;
  header: string;
  /** The server-side sort key, when the column is sortable. */
  sortKey?: S;
  className?: string;
  cell: (row: T) => ReactNode;
}

export interface ListState<S extends string = string> {
  page: number;
  pageSize: number;
  sort: S;
  dir: "asc" | "desc";
  q: string;
}

interface DataTableProps<T, S extends string> {
  label: string;
  columns: Column<T, S>[];
  data: Page<T> | undefined;
  state: ListState<S>;
  onChange: (patch: Partial<ListState<S>>) => void;
  rowKey: (row: T) => string;
  isLoading: boolean;
  isFetching: boolean;
  error: Error | null;
  searchPlaceholder?: string;
  exportHref?: string;
  filters?: ReactNode;
  empty: ReactNode;
}

/** The DataTable props a list page takes from its query and its URL state (every list wires them the same way). */
export function listTableProps<T, S extends string>(
  result: { data: Page<T> | undefined; isLoading: boolean; isFetching: boolean; error: Error | null },
  state: ListState<S>,
  onChange: (patch: Partial<ListState<S>>) => void,
): Pick<DataTableProps<T, S>, "data" | "state" | "onChange" | "isLoading" | "isFetching" | "error"> {
  return { data: result.data, state, onChange, isLoading: result.isLoading, isFetching: result.isFetching, error: result.error };
}

export function DataTable<T, S extends string>(props: DataTableProps<T, S>) {
  const { label, columns, data, state, onChange, rowKey, isLoading, isFetching, error, searchPlaceholder, exportHref, filters, empty } = props;
  const [search, setSearch] = useState(state.q);
  const bodyRef = useRef<HTMLTableSectionElement>(null);

  // Debounced search: typing updates the URL (and the query) after a pause.
  useEffect(() => {
    if (search === state.q) return;
    const t = setTimeout(() => onChange({ q: search }), 300);
    return () => clearTimeout(t);
  }, [search, state.q, onChange]);

  const total = data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / state.pageSize));
  const from = total === 0 ? 0 : (state.page - 1) * state.pageSize + 1;
  const to = Math.min(total, state.page * state.pageSize);

  // Arrow keys move between rows; Enter follows the row's first link.
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>) => {
    const rows = Array.from(bodyRef.current?.querySelectorAll<HTMLTableRowElement>("tr[data-row]") ?? []);
    const index = rows.indexOf(event.currentTarget);
    if (event.key === "ArrowDown") rows[index + 1]?.focus();
    else if (event.key === "ArrowUp") rows[index - 1]?.focus();
    else if (event.key === "Enter" && event.target === event.currentTarget) event.currentTarget.querySelector("a")?.click();
    else return;
    event.preventDefault();
  };

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative">
          <Search className="pointer-events-none absolute left-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input
            type="search"
            aria-label={`Search ${label}`}
            placeholder={searchPlaceholder ?? "Search…"}
            value={search}
            maxLength={200}
            onChange={(e) => setSearch(e.target.value)}
            className="w-64 pl-8"
          />
        </div>
        {filters}
        <div className="ml-auto flex items-center gap-2 text-sm text-muted-foreground">
          <span aria-live="polite" data-testid="row-count">
            {isLoading ? "Loading…" : `${total.toLocaleString("en")} ${total === 1 ? "row" : "rows"}`}
          </span>
          {exportHref && (
            <Button asChild variant="outline" size="sm">
              <a href={exportHref} download>
                <Download className="size-4" aria-hidden />
                CSV
              </a>
            </Button>
          )}
        </div>
      </div>

      {error ? (
        <p role="alert" className="rounded-md border border-danger-border bg-danger px-3 py-2 text-sm text-danger-foreground">
          Could not load {label}: {error.message}
        </p>
      ) : (
        <div className={cn("rounded-md border bg-card transition-opacity", isFetching && !isLoading && "opacity-70")} aria-busy={isFetching}>
          <Table containerClassName="max-h-[70vh]">
            <TableCaption className="sr-only">{label}</TableCaption>
            <TableHeader>
              <TableRow>
                {columns.map((col) => {
                  const sorted = col.sortKey && state.sort === col.sortKey ? state.dir : null;
                  return (
                    <TableHead key={col.id} className={col.className} aria-sort={sorted ? (sorted === "asc" ? "ascending" : "descending") : undefined}>
                      {col.sortKey ? (
                        <button
                          type="button"
                          className="inline-flex items-center gap-1 font-medium hover:text-foreground"
                          onClick={() => onChange({ sort: col.sortKey, dir: sorted === "asc" ? "desc" : "asc" })}
                        >
                          {col.header}
                          {sorted === "asc" ? <ArrowUp className="size-3.5" aria-hidden /> : sorted === "desc" ? <ArrowDown className="size-3.5" aria-hidden /> : <ArrowUpDown className="size-3.5 opacity-40" aria-hidden />}
                          <span className="sr-only">{sorted ? `, sorted ${sorted === "asc" ? "ascending" : "descending"}` : ", sortable"}</span>
                        </button>
                      ) : (
                        col.header
                      )}
                    </TableHead>
                  );
                })}
              </TableRow>
            </TableHeader>
            <TableBody ref={bodyRef}>
              {isLoading
                ? Array.from({ length: 5 }, (_, i) => (
                    <TableRow key={i}>
                      {columns.map((col) => (
                        <TableCell key={col.id}>
                          <Skeleton className="h-4 w-full" />
                        </TableCell>
                      ))}
                    </TableRow>
                  ))
                : data?.rows.map((row) => (
                    <TableRow key={rowKey(row)} data-row tabIndex={0} onKeyDown={onKeyDown} className="focus-visible:bg-accent">
                      {columns.map((col) => (
                        <TableCell key={col.id} className={col.className}>
                          {col.cell(row)}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
            </TableBody>
          </Table>
          {!isLoading && data && data.rows.length === 0 && <div className="p-6">{empty}</div>}
        </div>
      )}

      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <span className="text-muted-foreground">
          {total > 0 ? `Showing ${from.toLocaleString("en")}–${to.toLocaleString("en")} of ${total.toLocaleString("en")}` : ""}
        </span>
        <div className="flex items-center gap-2">
          <label className="flex items-center gap-1 text-muted-foreground">
            Rows per page
            <NativeSelect value={String(state.pageSize)} onChange={(e) => onChange({ pageSize: Number(e.target.value) })} aria-label="Rows per page">
              {PAGE_SIZES.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </NativeSelect>
          </label>
          <Button variant="outline" size="sm" disabled={state.page <= 1} onClick={() => onChange({ page: state.page - 1 })} aria-label="Previous page">
            <ChevronLeft className="size-4" aria-hidden />
          </Button>
          <span>
            Page {state.page} of {pages}
          </span>
          <Button variant="outline" size="sm" disabled={state.page >= pages} onClick={() => onChange({ page: state.page + 1 })} aria-label="Next page">
            <ChevronRight className="size-4" aria-hidden />
          </Button>
        </div>
      </div>
    </div>
  );
}
