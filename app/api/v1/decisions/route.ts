import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDatabase } from "@/lib/server/db";
import { errorResponse, json } from "@/lib/server/http";
import { decisionPoint } from "@/lib/server/policies/decision-point";

/**
 * GET /api/v1/decisions?app=<slug>&host=<host> (token scope `read`): may this application call this host?
 * `{decision, policy, mode, reason, evidence, exception, evaluatedAt, ttlSeconds, …}` from the in-process
 * decision cache, which every policy, exception, rescore and inventory change clears (LISTEN/NOTIFY).
 */
export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/decisions");
  if ("response" in auth) return auth.response;
  try {
    const q = new URL(request.url).searchParams;
    const app = q.get("app");
    const host = q.get("host");
    if (!app || !host) return jsonError(400, "validation failed", { fieldErrors: { ...(app ? {} : { app: ["app is required"] }), ...(host ? {} : { host: ["host is required"] }) } });
    if (app.length > 120 || host.length > 300) return jsonError(400, "validation failed", { fieldErrors: { [app.length > 120 ? "app" : "host"]: ["too long"] } });
    const answer = await (await decisionPoint(await getDatabase())).decide(app, host);
    return json(answer, { headers: { "cache-control": `private, max-age=${answer.ttlSeconds}` } });
  } catch (error) {
    return errorResponse(error);
  }
}
