import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { getFinding } from "@/lib/server/dal/findings";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { updateFinding } from "@/lib/server/triage/mutations";

/** GET /api/v1/findings/{id}: the finding with its evidence, history, comments, risk acceptances and the moves this caller may make. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRoute(request, "GET /api/v1/findings/[id]");
  if ("response" in auth) return auth.response;
  try {
    return json(await getFinding(await getDb(), auth.actor, (await params).id));
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * PATCH /api/v1/findings/{id} (scope `triage`): `{state: {to, justification?,
 * notAffected?, acceptance?}, severity?, severityReason?, assigneeId?, comment?,
 * expectedVersion?}`. 400 with one message per field; 409 on a stale expectedVersion.
 */
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRoute(request, "PATCH /api/v1/findings/[id]");
  if ("response" in auth) return auth.response;
  try {
    const body = await readJsonBody(request, 64 * 1024);
    return json(await updateFinding(await getDb(), auth.actor, (await params).id, body));
  } catch (error) {
    return errorResponse(error);
  }
}
