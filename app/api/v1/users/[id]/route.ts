import { z } from "zod";
import { authorizeRoute } from "@/lib/server/auth/api";
import { getDb } from "@/lib/server/db";
import { setUserDisabled, updateUserRole } from "@/lib/server/dal/users";
import { errorResponse, json, readJsonBody } from "@/lib/server/http";
import { parseOrThrow } from "@/lib/validation/errors";
import { roleSchema } from "@/lib/validation/users";

const patchSchema = z
  .object({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .strict()
  .refine((b) => b.role !== undefined || b.disabled !== undefined, "Send role and/or disabled");

export async function PATCH(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const auth = await authorizeRoute(request, "PATCH /api/v1/users/[id]");
  if ("response" in auth) return auth.response;
  try {
    const { id } = await params;
    const body = parseOrThrow(patchSchema, await readJsonBody(request));
    const db = await getDb();
    let user = body.role !== undefined ? await updateUserRole(db, auth.actor, { userId: id, role: body.role }) : undefined;
    if (body.disabled !== undefined) user = await setUserDisabled(db, auth.actor, { userId: id, disabled: body.disabled });
    return json(user);
  } catch (error) {
    return errorResponse(error);
  }
}
