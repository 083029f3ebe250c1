"use server";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/validation/errors";
import { requirePageActor } from "../auth/session";
import { getDb } from "../db";
import { createApiToken, revokeApiToken } from "../dal/tokens";
import { runAction } from "./run-action";

export async function createTokenAction(
  _prev: ActionResult<{ token: string; prefix: string }> | null,
  formData: FormData,
): Promise<ActionResult<{ token: string; prefix: string }>> {
  const actor = await requirePageActor("tokens.manage");
  const result = await runAction(async () => {
    const created = await createApiToken(await getDb(), actor, {
      name: formData.get("name"),
      scopes: formData.getAll("scopes"),
      expiresInDays: formData.get("expiresInDays"),
    });
    return { token: created.token, prefix: created.prefix };
  }, "Token created. Copy it now: it will not be shown again.");
  if (result.ok) revalidatePath("/settings/tokens");
  return result;
}

export async function revokeTokenAction(tokenId: string): Promise<ActionResult<undefined>> {
  const actor = await requirePageActor("tokens.manage");
  const result = await runAction(async () => {
    await revokeApiToken(await getDb(), actor, { tokenId });
    return undefined;
  }, "Token revoked.");
  if (result.ok) revalidatePath("/settings/tokens");
  return result;
}
