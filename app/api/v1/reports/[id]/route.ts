import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { getReport } from "@/lib/server/dal/reports";
import { errorResponse, json } from "@/lib/server/http";

/** GET /api/v1/reports/{id}: status, progress, hashes and size of one report. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRoute(request, "GET /api/v1/reports/[id]");
  if ("response" in auth) return auth.response;
  try {
    const report = await getReport(await getDb(), auth.actor, (await params).id.slice(0, 100));
    return report ? json(report) : jsonError(404, "report not found");
  } catch (error) {
    return errorResponse(error);
  }
}
