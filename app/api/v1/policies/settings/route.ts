import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { setDefaultAction } from "@/lib/server/policies/store";

/** POST /api/v1/policies/settings `{defaultAction}` (admin): the action when no policy matches. */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/policies/settings");
  if ("response" in auth) return auth.response;
  try {
    return json(await setDefaultAction(await getDb(), auth.actor, await readJsonBody(request, 1024)));
  } catch (error) {
    return errorResponse(error);
  }
}
