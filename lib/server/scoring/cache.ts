import "server-only";

// The oracle API answers from memory for up to a minute; a rescore in this
// process drops the affected entries at once. (A rescore in another process —
// the CLI against PostgreSQL — is seen when the minute passes.)
const TTL_MS = 60_000;
const cache = new Map<string, { at: number; value: unknown }>();

export function cachedReputation<T>(key: string): T | undefined {
  const hit = cache.get(key);
  if (!hit) return undefined;
  if (Date.now() - hit.at > TTL_MS) {
    cache.delete(key);
    return undefined;
  }
  return hit.value as T;
}

export function storeReputation(key: string, providerId: string, value: unknown): void {
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { at: Date.now(), value });
  cache.set(`provider:${providerId}:keys`, { at: Date.now(), value: [...((cache.get(`provider:${providerId}:keys`)?.value as string[]) ?? []), key] });
}

export function invalidateReputationCache(providerIds: string[]): void {
  for (const id of providerIds) {
    const keys = (cache.get(`provider:${id}:keys`)?.value as string[] | undefined) ?? [];
    for (const k of keys) cache.delete(k);
    cache.delete(`provider:${id}:keys`);
  }
}
