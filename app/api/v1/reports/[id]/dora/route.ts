import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { getReportContent } from "@/lib/server/dal/reports";
import { csvResponse, errorResponse, json } from "@/lib/server/http";
import { doraCsv, type DoraTable } from "@/lib/domain/reports/frameworks/dora";

/**
 * GET /api/v1/reports/{id}/dora?template=B_05.01|B_06.01|B_07.01[&format=json][&key=1]: a DORA report's
 * register-of-information table as CSV headed by the template's column codes (c0010 …). Cells
 * Sibyl cannot fill are empty and listed as gaps in the report; key=1 adds a sibyl_key column.
 */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRoute(request, "GET /api/v1/reports/[id]/dora");
  if ("response" in auth) return auth.response;
  try {
    const row = await getReportContent(await getDb(), auth.actor, (await params).id.slice(0, 100));
    const tables = (row?.content as { dora?: DoraTable[] | null } | undefined)?.dora;
    if (!row || !tables) return jsonError(404, "DORA report not found or not ready");
    const search = new URL(request.url).searchParams;
    if (search.get("format") === "json") return json({ report: row.title, tables });
    const table = tables.find((t) => t.template === (search.get("template") ?? "B_05.01"));
    if (!table) return jsonError(400, "template must be B_05.01, B_06.01 or B_07.01");
    return csvResponse(doraCsv(table, { withKey: search.get("key") === "1" }), `dora-${table.template}.csv`);
  } catch (error) {
    return errorResponse(error);
  }
}
