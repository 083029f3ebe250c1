import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { getApplication } from "@/lib/server/dal/applications";
import { errorResponse, json } from "@/lib/server/http";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const auth = await authorizeRoute(request, "GET /api/v1/applications/[slug]");
  if ("response" in auth) return auth.response;
  try {
    const { slug } = await params;
    const app = await getApplication(await getDb(), auth.actor, slug.slice(0, 200));
    return app ? json(app) : jsonError(404, "application not found");
  } catch (error) {
    return errorResponse(error);
  }
}
