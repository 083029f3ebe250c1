import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { getReportContent } from "@/lib/server/dal/reports";
import { csvResponse, errorResponse, json } from "@/lib/server/http";
import { CONTROL_COLUMNS, toCsv, type ControlRow } from "@/lib/domain/reports/register";
import type { FrameworkAssessment } from "@/lib/domain/reports/controls";

/** GET /api/v1/reports/{id}/controls?format=csv|json: the control table as the report holds it. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRoute(request, "GET /api/v1/reports/[id]/controls");
  if ("response" in auth) return auth.response;
  try {
    const row = await getReportContent(await getDb(), auth.actor, (await params).id.slice(0, 100));
    if (!row) return jsonError(404, "report not found or not ready");
    const content = row.content as { assessment: FrameworkAssessment; controls: ControlRow[] };
    return new URL(request.url).searchParams.get("format") === "json" ? json({ report: row.title, ...content.assessment }) : csvResponse(toCsv(content.controls, CONTROL_COLUMNS), `${row.framework}-controls.csv`);
  } catch (error) {
    return errorResponse(error);
  }
}
