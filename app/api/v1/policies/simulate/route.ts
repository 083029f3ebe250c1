import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { simulatePolicies } from "@/lib/server/policies/store";

/**
 * POST /api/v1/policies/simulate `{policies: [...]}`: what these policies (upserted by name into the current
 * set) would decide for the current inventory and scores; nothing is saved. `?replace=1` replaces the whole set.
 */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/policies/simulate");
  if ("response" in auth) return auth.response;
  try {
    const replaceAll = new URL(request.url).searchParams.get("replace") === "1";
    return json(await simulatePolicies(await getDb(), auth.actor, await readJsonBody(request, 1024 * 1024), { replaceAll }));
  } catch (error) {
    return errorResponse(error);
  }
}
