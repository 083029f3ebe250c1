import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse, json } from "@/lib/server/http";
import { revokeException } from "@/lib/server/policies/store";

/** DELETE /api/v1/policy-exceptions/{id} (secops, admin): revokes it; the decisions it covered are re-evaluated. */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRoute(request, "DELETE /api/v1/policy-exceptions/[id]");
  if ("response" in auth) return auth.response;
  try {
    const id = (await params).id;
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return jsonError(404, "exception not found");
    return json(await revokeException(await getDb(), auth.actor, id));
  } catch (error) {
    return errorResponse(error);
  }
}
