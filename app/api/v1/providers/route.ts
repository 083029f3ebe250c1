import { toCsv } from "@/lib/domain/export/csv";
import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { listProviders } from "@/lib/server/dal/providers";
import { csvResponse, errorResponse, json } from "@/lib/server/http";
import { firstValues } from "@/lib/validation/list-query";
import { providerListSchema } from "@/lib/validation/lists";

export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/providers");
  if ("response" in auth) return auth.response;
  try {
    const params = new URL(request.url).searchParams;
    const db = await getDb();
    if (params.get("format") === "csv") {
      const query = providerListSchema.parse({ ...firstValues(params), page: 1 });
      const page = await listProviders(db, auth.actor, { ...query, pageSize: 10_000 });
      return csvResponse(
        toCsv(page.rows, [
          { header: "Id", value: (r) => r.slug },
          { header: "Name", value: (r) => r.name },
          { header: "Category", value: (r) => r.category },
          { header: "Website", value: (r) => r.website },
          { header: "Host patterns", value: (r) => r.hostPatterns },
          { header: "Dependent applications", value: (r) => r.dependents },
          { header: "Contextual risk", value: (r) => r.risk },
          { header: "Grade", value: (r) => r.grade ?? (r.score === null ? "" : "insufficient data") },
          { header: "Score", value: (r) => r.score },
          { header: "Confidence (%)", value: (r) => (r.confidence === null ? null : Math.round(r.confidence * 100)) },
          { header: "Last assessed", value: (r) => r.assessedAt },
        ]),
        "providers.csv",
      );
    }
    return json(await listProviders(db, auth.actor, providerListSchema.parse(firstValues(params))));
  } catch (error) {
    return errorResponse(error);
  }
}
