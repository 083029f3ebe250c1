// Query keys and options shared by server prefetch and client hooks, so a page
// hydrates with exactly the cache entry its table asks for.
import { queryOptions } from "@tanstack/react-query";
import type { Page } from "@/lib/validation/list-query";
import { fetchJson, toSearch } from "./fetch-json";

export type ListResource = "applications" | "providers" | "audit" | "users";

export function listKey(resource: ListResource, query: Record<string, unknown>) {
  return [resource, "list", query] as const;
}

export function listQueryOptions<T>(resource: ListResource, query: Record<string, unknown>) {
  return queryOptions({
    queryKey: listKey(resource, query),
    queryFn: () => fetchJson<Page<T>>(`/api/v1/${resource}?${toSearch(query)}`),
  });
}
