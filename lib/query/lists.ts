// Query keys and options shared by server prefetch and client hooks, so a page
// hydrates with exactly the cache entry its table asks for.
import { queryOptions } from "@tanstack/react-query";
import type { Page } from "@/lib/validation/list-query";
import { fetchJson, toSearch } from "./fetch-json";

export type ListResource = "applications" | "providers" | "audit" | "users" | "endpoints" | "ingest-runs" | "findings" | "dependencies" | "reports";

export function listKey(resource: ListResource, query: Record<string, unknown>) {
  return [resource, "list", query] as const;
}

/** `Extra` types fields a list answers besides the page (e.g. the endpoints' statusCounts). */
export function listQueryOptions<T, Extra extends object = object>(resource: ListResource, query: Record<string, unknown>) {
  return queryOptions({
    queryKey: listKey(resource, query),
    queryFn: () => fetchJson<Page<T> & Extra>(`/api/v1/${resource}?${toSearch(query)}`),
  });
}
