import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { listFindings, listFindingsByCursor } from "@/lib/server/dal/findings";
import { findingsCsv } from "@/lib/server/findings-csv";
import { csvResponse, errorResponse, json } from "@/lib/server/http";
import { firstValues } from "@/lib/validation/list-query";
import { findingApiQuerySchema, findingListSchema } from "@/lib/validation/findings";
import { z } from "zod";

const idsSchema = z.array(z.uuid()).max(10_000);

/**
 * GET /api/v1/findings — the triage queue. Filters: kind, severity, state
 * (a state, `active` (default) or `all`), app, provider, team, assignee (user id,
 * `me`, `none`), pastSla=1, owasp (API1…API10), q. Cursor pages: `limit` (≤ 500)
 * and the `nextCursor` of the previous answer as `cursor`. The UI's table asks
 * with `page`/`pageSize`/`sort`/`dir` instead; `format=csv` exports the current
 * filter (or `ids=a,b,…`, a selection).
 */
export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/findings");
  if ("response" in auth) return auth.response;
  try {
    const params = new URL(request.url).searchParams;
    const values = firstValues(params);
    const db = await getDb();
    if (params.get("format") === "csv") {
      const query = findingListSchema.parse({ ...values, page: 1 });
      const ids = values.ids ? idsSchema.parse(values.ids.split(",")) : null;
      const page = await listFindings(db, auth.actor, { ...query, pageSize: 10_000, ...(ids ? { state: "all" as const } : {}) }, new Date(), ids ?? undefined);
      return csvResponse(findingsCsv(page.rows), "findings.csv");
    }
    if (params.has("page")) {
      const query = findingListSchema.parse(values);
      return json(await listFindings(db, auth.actor, query));
    }
    const query = findingApiQuerySchema.parse(values);
    const { cursor, limit, ...filter } = query;
    return json(await listFindingsByCursor(db, auth.actor, filter, { cursor, limit }));
  } catch (error) {
    return errorResponse(error);
  }
}
