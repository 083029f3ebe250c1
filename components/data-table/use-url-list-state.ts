"use client";
import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import type { z } from "zod";
import { firstValues } from "@/lib/validation/list-query";
import { toSearch } from "@/lib/query/fetch-json";

/**
 * Filter, sort and page live in the URL so a view can be shared. Updates use the
 * history API (Next keeps useSearchParams in sync) so only the table refetches.
 */
export function useUrlListState<S extends z.ZodType<Record<string, unknown>>>(schema: S): [z.infer<S>, (patch: Partial<z.infer<S>>) => void] {
  const searchParams = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(() => schema.parse(firstValues(new URLSearchParams(searchParams.toString()))), [schema, searchParams]);
  const update = useCallback(
    (patch: Partial<z.infer<S>>) => {
      // Start from the address bar as it is now, not as it was at the last render:
      // two quick changes (kind, then application) must both land.
      const current = schema.parse(firstValues(new URLSearchParams(window.location.search)));
      const next: Record<string, unknown> = { ...current, ...patch };
      if (!("page" in patch)) next.page = 1;
      const defaults = schema.parse({});
      for (const key of Object.keys(next)) if (next[key] === (defaults as Record<string, unknown>)[key]) delete next[key];
      const search = toSearch(next);
      window.history.replaceState(null, "", search ? `${pathname}?${search}` : pathname);
    },
    [pathname, schema],
  );
  return [query, update];
}
