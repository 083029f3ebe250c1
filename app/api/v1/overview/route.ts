import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { findingsOverview } from "@/lib/server/dal/findings";
import { getOverview } from "@/lib/server/dal/overview";
import { errorResponse, json } from "@/lib/server/http";

export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/overview");
  if ("response" in auth) return auth.response;
  try {
    const db = await getDb();
    const [overview, findings] = await Promise.all([getOverview(db, auth.actor), findingsOverview(db, auth.actor)]);
    // openFindings (by severity) is kept for existing clients; `findings` holds the triage figures.
    return json({ ...overview, openFindings: findings.openBySeverity, findings });
  } catch (error) {
    return errorResponse(error);
  }
}
