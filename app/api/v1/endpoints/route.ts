import { toCsv } from "@/lib/domain/export/csv";
import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { listEndpoints } from "@/lib/server/dal/endpoints";
import { csvResponse, errorResponse, json } from "@/lib/server/http";
import { firstValues } from "@/lib/validation/list-query";
import { endpointListSchema } from "@/lib/validation/lists";

/** GET /api/v1/endpoints: every endpoint across applications, with counts per status; `?format=csv` exports the current filter. */
export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/endpoints");
  if ("response" in auth) return auth.response;
  try {
    const params = new URL(request.url).searchParams;
    const db = await getDb();
    if (params.get("format") === "csv") {
      const query = endpointListSchema.parse({ ...firstValues(params), page: 1 });
      const page = await listEndpoints(db, auth.actor, { ...query, pageSize: 10_000 });
      return csvResponse(
        toCsv(page.rows, [
          { header: "Application", value: (r) => r.app.slug },
          { header: "API", value: (r) => r.api },
          { header: "Method", value: (r) => r.method },
          { header: "Path", value: (r) => r.path },
          { header: "Status", value: (r) => r.status },
          { header: "Rule", value: (r) => r.statusRule },
          { header: "Inferred", value: (r) => (r.inferred ? "yes" : "no") },
          { header: "Confidence", value: (r) => r.confidence },
          { header: "Calls", value: (r) => r.calls },
          { header: "First seen", value: (r) => r.firstSeen },
          { header: "Last seen", value: (r) => r.lastSeen },
        ]),
        "endpoints.csv",
      );
    }
    return json(await listEndpoints(db, auth.actor, endpointListSchema.parse(firstValues(params))));
  } catch (error) {
    return errorResponse(error);
  }
}
