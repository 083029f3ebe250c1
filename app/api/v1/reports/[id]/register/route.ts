import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { getReportContent } from "@/lib/server/dal/reports";
import { csvResponse, errorResponse, json } from "@/lib/server/http";
import { REGISTER_COLUMNS, toCsv, type RegisterRow } from "@/lib/domain/reports/register";

/** GET /api/v1/reports/{id}/register?format=csv|json: the third-party register as the report holds it. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRoute(request, "GET /api/v1/reports/[id]/register");
  if ("response" in auth) return auth.response;
  try {
    const row = await getReportContent(await getDb(), auth.actor, (await params).id.slice(0, 100));
    if (!row) return jsonError(404, "report not found or not ready");
    const register = (row.content as { register: RegisterRow[] }).register;
    return new URL(request.url).searchParams.get("format") === "json" ? json({ report: row.title, register }) : csvResponse(toCsv(register, REGISTER_COLUMNS), `${row.framework}-register.csv`);
  } catch (error) {
    return errorResponse(error);
  }
}
