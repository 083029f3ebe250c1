import "server-only";
import { sql } from "drizzle-orm";
import type { Db, DatabaseHandle } from "@/db/client";

/**
 * One channel tells every process (web instances, the CLI, the job worker) that
 * cached decisions or token lookups are stale. NOTIFY inside a transaction is
 * delivered when it commits, so listeners never reload before the change is visible.
 */
export const INVALIDATION_CHANNEL = "sibyl_invalidate";
/** "all": the listener reconnected, and anything may have changed while it was away. */
export type InvalidationKind = "decisions" | "tokens" | "all";

type Listener = (kind: InvalidationKind) => void;
const state = globalThis as unknown as { sibylInvalidationListeners?: Set<Listener>; sibylListening?: WeakSet<object> };
const listeners = (state.sibylInvalidationListeners ??= new Set());

export async function notifyDecisionsChanged(tx: Db, kind: InvalidationKind): Promise<void> {
  await tx.execute(sql`select pg_notify(${INVALIDATION_CHANNEL}, ${kind})`);
}

/** Calls `listener` for every invalidation (from this process or another); returns the unsubscribe. */
export function onInvalidation(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function dispatch(payload: string): void {
  const kind: InvalidationKind = payload === "tokens" ? "tokens" : payload === "all" ? "all" : "decisions";
  for (const l of listeners) l(kind);
}

/** Starts listening on the handle's driver once per process (postgres-js LISTEN on its own connection, or PGlite's). */
export async function listenForInvalidations(handle: DatabaseHandle): Promise<void> {
  const listening = (state.sibylListening ??= new WeakSet());
  const driver = handle.driver as object;
  if (listening.has(driver)) return;
  listening.add(driver);
  try {
    if (handle.kind === "postgres") {
      const client = handle.driver as { listen(channel: string, fn: (value: string) => void, onlisten?: () => void): Promise<unknown> };
      // On reconnect postgres-js listens again and calls onlisten: anything may have changed meanwhile.
      await client.listen(INVALIDATION_CHANNEL, dispatch, () => dispatch("all"));
    } else {
      const client = handle.driver as { listen(channel: string, fn: (payload: string) => void): Promise<unknown> };
      await client.listen(INVALIDATION_CHANNEL, dispatch);
    }
  } catch (error) {
    listening.delete(driver);
    throw error;
  }
}
