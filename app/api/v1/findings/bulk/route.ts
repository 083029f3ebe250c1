import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { bulkUpdateFindings } from "@/lib/server/triage/mutations";

/**
 * POST /api/v1/findings/bulk (scope `triage`): `{ids: [...]} | {filter: {…queue
 * filters}}` with `action: {type: "assign", assigneeId} | {type: "state", change:
 * {to, justification?, notAffected?, acceptance?}}`. One transaction, at most
 * 10,000 findings; answers counts and a sentence ("412 findings moved to in_triage").
 */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/findings/bulk");
  if ("response" in auth) return auth.response;
  try {
    const body = await readJsonBody(request, 1024 * 1024);
    return json(await bulkUpdateFindings(await getDb(), auth.actor, body));
  } catch (error) {
    return errorResponse(error);
  }
}
