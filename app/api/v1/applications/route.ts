import { toCsv } from "@/lib/domain/export/csv";
import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { listApplications } from "@/lib/server/dal/applications";
import { csvResponse, errorResponse, json } from "@/lib/server/http";
import { firstValues } from "@/lib/validation/list-query";
import { applicationListSchema } from "@/lib/validation/lists";

export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/applications");
  if ("response" in auth) return auth.response;
  try {
    const params = new URL(request.url).searchParams;
    const db = await getDb();
    if (params.get("format") === "csv") {
      const query = applicationListSchema.parse({ ...firstValues(params), page: 1 });
      const page = await listApplications(db, auth.actor, { ...query, pageSize: 10_000 });
      return csvResponse(
        toCsv(page.rows, [
          { header: "Slug", value: (r) => r.slug },
          { header: "Name", value: (r) => r.name },
          { header: "Team", value: (r) => r.team?.name },
          { header: "Criticality tier", value: (r) => r.criticality },
          { header: "Data classes", value: (r) => r.dataClasses },
          { header: "Environment", value: (r) => r.environment },
          { header: "Lifecycle", value: (r) => r.lifecycle },
          { header: "Providers", value: (r) => r.providerCount },
        ]),
        "applications.csv",
      );
    }
    return json(await listApplications(db, auth.actor, applicationListSchema.parse(firstValues(params))));
  } catch (error) {
    return errorResponse(error);
  }
}
