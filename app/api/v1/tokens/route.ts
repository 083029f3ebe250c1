import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { createApiToken, listApiTokens } from "@/lib/server/dal/tokens";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";

export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/tokens");
  if ("response" in auth) return auth.response;
  try {
    return json({ rows: await listApiTokens(await getDb(), auth.actor) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** Returns the token's secret once; it cannot be read again. */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/tokens");
  if ("response" in auth) return auth.response;
  try {
    return json(await createApiToken(await getDb(), auth.actor, await readJsonBody(request)), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
