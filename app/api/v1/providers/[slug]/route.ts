import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { getProvider } from "@/lib/server/dal/providers";
import { errorResponse, json } from "@/lib/server/http";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const auth = await authorizeRoute(request, "GET /api/v1/providers/[slug]");
  if ("response" in auth) return auth.response;
  try {
    const { slug } = await params;
    const provider = await getProvider(await getDb(), auth.actor, slug.slice(0, 200));
    return provider ? json(provider) : jsonError(404, "provider not found");
  } catch (error) {
    return errorResponse(error);
  }
}
