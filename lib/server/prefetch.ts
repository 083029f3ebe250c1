import "server-only";
import { QueryClient, dehydrate, type DehydratedState } from "@tanstack/react-query";
import { listKey, type ListResource } from "@/lib/query/lists";

/** Runs a list query on the server under the same key the client table uses, for hydration. */
export async function prefetchList(resource: ListResource, query: Record<string, unknown>, load: () => Promise<unknown>): Promise<DehydratedState> {
  const client = new QueryClient();
  await client.prefetchQuery({ queryKey: listKey(resource, query), queryFn: load });
  return dehydrate(client);
}
