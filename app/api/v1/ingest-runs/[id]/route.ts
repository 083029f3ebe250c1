import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { getIngestRun } from "@/lib/server/dal/ingest-runs";
import { errorResponse, json } from "@/lib/server/http";

/** GET /api/v1/ingest-runs/{id}: one run with its counts and first errors. */
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRoute(request, "GET /api/v1/ingest-runs/[id]");
  if ("response" in auth) return auth.response;
  try {
    const run = await getIngestRun(await getDb(), auth.actor, (await params).id.slice(0, 100));
    return run ? json(run) : jsonError(404, "ingest run not found");
  } catch (error) {
    return errorResponse(error);
  }
}
