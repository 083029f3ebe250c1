import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { splitEndpoint } from "@/lib/server/dal/endpoint-templates";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";

/**
 * POST /api/v1/endpoints/split {endpointId, position, value}: turns the parameter at
 * 1-based segment `position` of an inferred template into the literal `value`.
 */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/endpoints/split");
  if ("response" in auth) return auth.response;
  try {
    return json(await splitEndpoint(await getDb(), auth.actor, await readJsonBody(request)), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
