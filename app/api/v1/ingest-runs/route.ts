import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { listIngestRuns } from "@/lib/server/dal/ingest-runs";
import { errorResponse, json } from "@/lib/server/http";
import { firstValues } from "@/lib/validation/list-query";
import { ingestRunListSchema } from "@/lib/validation/lists";

/** GET /api/v1/ingest-runs: ingest runs, newest first, filtered by kind, status and application. */
export async function GET(request: Request) {
  const auth = await authorizeRoute(request, "GET /api/v1/ingest-runs");
  if ("response" in auth) return auth.response;
  try {
    const query = ingestRunListSchema.parse(firstValues(new URL(request.url).searchParams));
    return json(await listIngestRuns(await getDb(), auth.actor, query));
  } catch (error) {
    return errorResponse(error);
  }
}
