import { toCsv } from "@/lib/domain/export/csv";
import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { listAudit } from "@/lib/server/dal/audit";
import { csvResponse, errorResponse, json } from "@/lib/server/http";
import { firstValues } from "@/lib/validation/list-query";
import { auditListSchema } from "@/lib/validation/lists";

export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/audit");
  if ("response" in auth) return auth.response;
  try {
    const params = new URL(request.url).searchParams;
    const db = await getDb();
    if (params.get("format") === "csv") {
      const query = auditListSchema.parse({ ...firstValues(params), page: 1 });
      const page = await listAudit(db, auth.actor, { ...query, pageSize: 10_000 });
      return csvResponse(
        toCsv(page.rows, [
          { header: "Id", value: (r) => r.id },
          { header: "At", value: (r) => r.at },
          { header: "Actor", value: (r) => r.actor },
          { header: "Action", value: (r) => r.action },
          { header: "Target type", value: (r) => r.targetType },
          { header: "Target id", value: (r) => r.targetId },
          { header: "Detail", value: (r) => r.detail },
          { header: "Address", value: (r) => r.ipAddress },
        ]),
        "audit-log.csv",
      );
    }
    return json(await listAudit(db, auth.actor, auditListSchema.parse(firstValues(params))));
  } catch (error) {
    return errorResponse(error);
  }
}
