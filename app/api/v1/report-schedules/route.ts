import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { createSchedule, listSchedules } from "@/lib/server/reports/schedules";

/** GET /api/v1/report-schedules: weekly and monthly report schedules. */
export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/report-schedules");
  if ("response" in auth) return auth.response;
  try {
    return json({ rows: await listSchedules(await getDb(), auth.actor) });
  } catch (error) {
    return errorResponse(error);
  }
}

/** POST /api/v1/report-schedules `{framework, scope, cadence: "weekly"|"monthly"}` (ciso, secops, admin). */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/report-schedules");
  if ("response" in auth) return auth.response;
  try {
    return json(await createSchedule(await getDb(), auth.actor, await readJsonBody(request, 4 * 1024)), { status: 201 });
  } catch (error) {
    return errorResponse(error);
  }
}
