import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { mergeEndpoints } from "@/lib/server/dal/endpoint-templates";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";

/** POST /api/v1/endpoints/merge {endpointIds: [...]}: merges inferred endpoints into one template. */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/endpoints/merge");
  if ("response" in auth) return auth.response;
  try {
    return json(await mergeEndpoints(await getDb(), auth.actor, await readJsonBody(request)));
  } catch (error) {
    return errorResponse(error);
  }
}
