import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { getReportPdf } from "@/lib/server/dal/reports";
import { errorResponse } from "@/lib/server/http";

/** GET /api/v1/reports/{id}/pdf: the PDF as generated (404 until it is ready). */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRoute(request, "GET /api/v1/reports/[id]/pdf");
  if ("response" in auth) return auth.response;
  try {
    const report = await getReportPdf(await getDb(), auth.actor, (await params).id.slice(0, 100));
    if (!report) return jsonError(404, "report not found or not ready");
    const filename = `${report.title.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 100) || "report"}.pdf`;
    return new Response(new Uint8Array(report.pdf), {
      headers: { "content-type": "application/pdf", "content-disposition": `attachment; filename="${filename}"`, "content-length": String(report.pdf.length), "cache-control": "no-store", "x-content-type-options": "nosniff" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
