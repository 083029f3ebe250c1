import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse, json } from "@/lib/server/http";
import { listDecisionChanges } from "@/lib/server/policies/store";

/** GET /api/v1/decisions/history[?dependency=<id>][&app=<slug>][&limit=N]: decision changes with time and cause, newest first. */
export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/decisions/history");
  if ("response" in auth) return auth.response;
  try {
    const q = new URL(request.url).searchParams;
    const dependencyId = q.get("dependency") ?? undefined;
    if (dependencyId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(dependencyId)) return jsonError(400, "validation failed", { fieldErrors: { dependency: ["not a dependency id"] } });
    const limit = Number(q.get("limit") ?? 100);
    return json({ changes: await listDecisionChanges(await getDb(), auth.actor, { dependencyId, application: q.get("app")?.slice(0, 120) || undefined, limit: Number.isFinite(limit) ? limit : 100 }) });
  } catch (error) {
    return errorResponse(error);
  }
}
