// Query-string contract shared by list pages (URL state), JSON routes and the CLI:
// page, page size, sort column, direction and a search term, all bounded.
import { z } from "zod";

export const PAGE_SIZES = [10, 25, 50, 100] as const;

export function listQuerySchema<const S extends readonly [string, ...string[]]>(sortable: S, defaultSort: S[number], defaultDir: "asc" | "desc" = "asc") {
  return z.object({
    page: z.coerce.number().int().min(1).max(100_000).catch(1),
    pageSize: z.coerce
      .number()
      .int()
      .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
      .catch(25),
    sort: z.enum(sortable).catch(defaultSort),
    dir: z.enum(["asc", "desc"]).catch(defaultDir),
    q: z.string().trim().max(200).catch("").default(""),
  });
}

export interface Page<T> {
  rows: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Reads URLSearchParams or Next's searchParams object into a plain record of first values. */
export function firstValues(params: URLSearchParams | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  if (params instanceof URLSearchParams) {
    for (const [k, v] of params) if (!(k in out)) out[k] = v;
  } else {
    for (const [k, v] of Object.entries(params)) {
      const first = Array.isArray(v) ? v[0] : v;
      if (first !== undefined) out[k] = first;
    }
  }
  return out;
}

/** Escapes LIKE wildcards in a user's search term. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
