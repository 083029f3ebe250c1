import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { simulatePolicies } from "@/lib/server/policies/store";

/**
 * POST /api/v1/policies/simulate `{policies: [...]}`: what these policies (upserted by name into the current
 * set) would decide for the current inventory and scores; nothing is saved. `?replace=1` replaces the whole set;
 * `?exclude=<name>` leaves a stored policy out (the one an edit renames).
 */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/policies/simulate");
  if ("response" in auth) return auth.response;
  try {
    const q = new URL(request.url).searchParams;
    const exclude = q.getAll("exclude").map((n) => n.slice(0, 120)).slice(0, 50);
    return json(await simulatePolicies(await getDb(), auth.actor, await readJsonBody(request, 1024 * 1024), { replaceAll: q.get("replace") === "1", exclude }));
  } catch (error) {
    return errorResponse(error);
  }
}
