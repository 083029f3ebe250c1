import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { createException, listExceptions } from "@/lib/server/policies/store";

/** GET /api/v1/policy-exceptions[?app=<slug>][&ended=1]: live exceptions, soonest to expire first (with ended=1, also expired and revoked ones). */
export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/policy-exceptions");
  if ("response" in auth) return auth.response;
  try {
    const q = new URL(request.url).searchParams;
    return json({ exceptions: await listExceptions(await getDb(), auth.actor, { application: q.get("app")?.slice(0, 120) || undefined, includeEnded: q.get("ended") === "1" }) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** POST /api/v1/policy-exceptions `{application, provider | host, owner, justification, expiresAt}` (secops, admin); at most one year. */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/policy-exceptions");
  if ("response" in auth) return auth.response;
  try {
    return json(await createException(await getDb(), auth.actor, await readJsonBody(request, 8 * 1024)), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
