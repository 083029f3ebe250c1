import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { decisionLog } from "@/lib/server/dal/findings";
import { decisionLogCsv } from "@/lib/server/findings-csv";
import { csvResponse, errorResponse, json } from "@/lib/server/http";
import { decisionLogSchema } from "@/lib/validation/findings";
import { firstValues } from "@/lib/validation/list-query";

/** GET /api/v1/findings/decisions?from=YYYY-MM-DD&to=YYYY-MM-DD[&format=csv]: every state change in the period (who, when, from, to, justification). */
export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/findings/decisions");
  if ("response" in auth) return auth.response;
  try {
    const query = decisionLogSchema.parse(firstValues(new URL(request.url).searchParams));
    const to = new Date(query.to.getTime() + (/T/.test(new URL(request.url).searchParams.get("to") ?? "") ? 0 : 86_400_000 - 1));
    const rows = await decisionLog(await getDb(), auth.actor, { from: query.from, to });
    if (query.format === "csv") return csvResponse(decisionLogCsv(rows), `decision-log-${query.from.toISOString().slice(0, 10)}-${query.to.toISOString().slice(0, 10)}.csv`);
    return json({ from: query.from.toISOString(), to: to.toISOString(), count: rows.length, decisions: rows });
  } catch (error) {
    return errorResponse(error);
  }
}
