import { authorizeRoute } from "@/lib/server/auth/api";
import { getDatabase } from "@/lib/server/db";
import { errorResponse } from "@/lib/server/http";
import { answerDecision } from "@/lib/server/policies/decision-endpoint";

/**
 * GET /api/v1/decisions?app=<slug>&host=<host> (token scope `read`): may this application call this host?
 * `{decision, policy, mode, reason, evidence, exception, evaluatedAt, ttlSeconds, …}` from the in-process
 * decision cache, which every policy, exception, rescore and inventory change clears (LISTEN/NOTIFY).
 * `npm start` answers bearer-token calls of this route in its front process (lib/server/edge/), with the
 * same code; this handler serves session callers and `next start` alone.
 */
export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/decisions");
  if ("response" in auth) return auth.response;
  try {
    const answer = await answerDecision(await getDatabase(), new URL(request.url).searchParams);
    return new Response(answer.json, { status: answer.status, headers: { "content-type": "application/json", ...answer.headers } });
  } catch (error) {
    return errorResponse(error);
  }
}
