import { toCsv } from "@/lib/domain/export/csv";
import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { listDependencies } from "@/lib/server/dal/dependency-list";
import { csvResponse, errorResponse, json } from "@/lib/server/http";
import { firstValues } from "@/lib/validation/list-query";
import { dependencyListSchema } from "@/lib/validation/lists";

/** Application → provider dependencies with their current contextual risk and current decision (filters: likelihood, impact, band, app, provider, decision, q; with decision, unclassified hosts too). */
export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/dependencies");
  if ("response" in auth) return auth.response;
  try {
    const params = new URL(request.url).searchParams;
    const db = await getDb();
    if (params.get("format") === "csv") {
      const query = dependencyListSchema.parse({ ...firstValues(params), page: 1 });
      const page = await listDependencies(db, auth.actor, { ...query, pageSize: 10_000 });
      return csvResponse(
        toCsv(page.rows, [
          { header: "Application", value: (r) => r.appSlug },
          { header: "Criticality tier", value: (r) => r.criticality },
          { header: "Team", value: (r) => r.team },
          { header: "Provider", value: (r) => r.providerSlug },
          { header: "Host", value: (r) => (r.providerSlug ? null : r.host) },
          { header: "Known from", value: (r) => r.sources },
          { header: "Calls", value: (r) => r.calls },
          { header: "Observed data", value: (r) => r.dataClasses },
          { header: "Declared data", value: (r) => r.narrowedClasses ?? r.declaredClasses },
          { header: "Likelihood", value: (r) => r.likelihood },
          { header: "Impact", value: (r) => r.impact },
          { header: "Risk", value: (r) => r.risk },
          { header: "Band", value: (r) => r.band },
          { header: "Decision", value: (r) => r.decision },
          { header: "Decided by", value: (r) => r.policyName },
        ]),
        "dependencies.csv",
      );
    }
    return json(await listDependencies(db, auth.actor, dependencyListSchema.parse(firstValues(params))));
  } catch (error) {
    return errorResponse(error);
  }
}
