import "server-only";

// Two drivers, one shape: `db.execute` answers an array on postgres-js and
// `{ rows }` on PGlite; long id lists are queried in chunks to stay under the
// bind-parameter limit.

/** The rows of a raw `db.execute` result, whichever driver answered. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** Runs `query` on consecutive chunks of `ids` and concatenates the answers. */
export async function inChunks<T>(ids: string[], query: (chunk: string[]) => Promise<T[]>, size = 2000): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += size) out.push(...(await query(ids.slice(i, i + size))));
  return out;
}
