import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { revokeApiToken } from "@/lib/server/dal/tokens";
import { errorResponse } from "@/lib/server/http";

export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRoute(request, "DELETE /api/v1/tokens/[id]");
  if ("response" in auth) return auth.response;
  try {
    await revokeApiToken(await getDb(), auth.actor, { tokenId: (await params).id });
    return new Response(null, { status: 204 });
  } catch (error) {
    return errorResponse(error);
  }
}
