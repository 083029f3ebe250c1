import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse, json } from "@/lib/server/http";
import { deleteSchedule } from "@/lib/server/reports/schedules";

/** DELETE /api/v1/report-schedules/{id} (ciso, secops, admin). */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRoute(request, "DELETE /api/v1/report-schedules/[id]");
  if ("response" in auth) return auth.response;
  try {
    const id = (await params).id.slice(0, 100);
    if (!/^[0-9a-f-]{36}$/i.test(id)) return jsonError(404, "schedule not found");
    return json(await deleteSchedule(await getDb(), auth.actor, id));
  } catch (error) {
    return errorResponse(error);
  }
}
