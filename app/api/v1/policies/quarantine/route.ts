import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { quarantineTarget } from "@/lib/server/policies/store";

/**
 * POST /api/v1/policies/quarantine `{provider | host, application?, justification}` (secops, admin): quarantines a
 * provider (everywhere, or for one application) or an application's unclassified host in one step, as a
 * priority-0 enforce policy; decisions change at once.
 */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/policies/quarantine");
  if ("response" in auth) return auth.response;
  try {
    return json(await quarantineTarget(await getDb(), auth.actor, await readJsonBody(request, 8 * 1024)), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
