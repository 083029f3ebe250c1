import { authorizeRoute } from "@/lib/server/auth/api";
import { getDatabase } from "@/lib/server/db";
import { listReports } from "@/lib/server/dal/reports";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { queueReport } from "@/lib/server/jobs/queue";
import { requestReport } from "@/lib/server/reports/generate";
import { firstValues } from "@/lib/validation/list-query";
import { reportListSchema } from "@/lib/validation/lists";

/** GET /api/v1/reports: generated reports, newest first, filtered by framework and status. */
export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/reports");
  if ("response" in auth) return auth.response;
  try {
    const query = reportListSchema.parse(firstValues(new URL(request.url).searchParams));
    return json(await listReports((await getDatabase()).db, auth.actor, query));
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * POST /api/v1/reports `{framework, scope?: "portfolio"|"team:<slug>"|"app:<slug>", from?, to?}`
 * (ciso, secops, admin): records the request and queues its generation; 202 with the report's id.
 * Poll GET /api/v1/reports/{id} for progress, then GET /api/v1/reports/{id}/pdf.
 */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /api/v1/reports");
  if ("response" in auth) return auth.response;
  try {
    const handle = await getDatabase();
    const report = await requestReport(handle.db, auth.actor, await readJsonBody(request, 4 * 1024));
    await queueReport(handle, report.id);
    return json({ ...report, links: { self: `/api/v1/reports/${report.id}`, pdf: `/api/v1/reports/${report.id}/pdf` } }, { status: 202 });
  } catch (error) {
    return errorResponse(error);
  }
}
