import { z } from "zod";
import { authorizeRoute, jsonError } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { deletePolicy, savePolicy } from "@/lib/server/policies/store";
import { parseOrThrow } from "@/lib/validation/errors";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const patchSchema = z.object({ version: z.number().int().positive(), policy: z.unknown() }).strict();

/** PATCH /api/v1/policies/{id} `{version, policy}` (secops, admin): saves one policy; 409 when it changed since `version`. */
export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRoute(request, "PATCH /api/v1/policies/[id]");
  if ("response" in auth) return auth.response;
  try {
    const id = (await params).id;
    if (!UUID.test(id)) return jsonError(404, "policy not found");
    const body = parseOrThrow(patchSchema, await readJsonBody(request, 256 * 1024));
    return json(await savePolicy(await getDb(), auth.actor, { id, version: body.version, policy: body.policy }));
  } catch (error) {
    return errorResponse(error);
  }
}

/** DELETE /api/v1/policies/{id} (secops, admin). */
export async function DELETE(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRoute(request, "DELETE /api/v1/policies/[id]");
  if ("response" in auth) return auth.response;
  try {
    const id = (await params).id;
    if (!UUID.test(id)) return jsonError(404, "policy not found");
    return json(await deletePolicy(await getDb(), auth.actor, id));
  } catch (error) {
    return errorResponse(error);
  }
}
