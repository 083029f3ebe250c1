import { authenticateApi, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { getProvider } from "@/lib/server/dal/providers";
import { errorResponse, json } from "@/lib/server/http";

export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const auth = await authenticateApi(request, "providers.read");
  if ("response" in auth) return auth.response;
  try {
    const { slug } = await params;
    const provider = await getProvider(await getDb(), auth.actor, slug.slice(0, 200));
    return provider ? json(provider) : jsonError(404, "provider not found");
  } catch (error) {
    return errorResponse(error);
  }
}
