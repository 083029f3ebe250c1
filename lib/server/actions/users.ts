"use server";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/validation/errors";
import type { UserDto } from "@/lib/validation/users";
import { requirePageActor } from "../auth/session";
import { getDb } from "../db";
import { createUser, setUserDisabled, updateUserRole } from "../dal/users";
import { runAction } from "./run-action";

export async function createUserAction(_prev: ActionResult<UserDto> | null, formData: FormData): Promise<ActionResult<UserDto>> {
  const actor = await requirePageActor("users.manage");
  const result = await runAction(
    async () =>
      createUser(await getDb(), actor, {
        email: formData.get("email"),
        name: formData.get("name"),
        role: formData.get("role"),
        password: formData.get("password"),
      }),
    "User created.",
  );
  if (result.ok) revalidatePath("/settings/users");
  return result;
}

export async function updateUserRoleAction(userId: string, role: string): Promise<ActionResult<UserDto>> {
  const actor = await requirePageActor("users.manage");
  const result = await runAction(async () => updateUserRole(await getDb(), actor, { userId, role }), "Role changed.");
  if (result.ok) revalidatePath("/settings/users");
  return result;
}

export async function setUserDisabledAction(userId: string, disabled: boolean): Promise<ActionResult<UserDto>> {
  const actor = await requirePageActor("users.manage");
  const result = await runAction(async () => setUserDisabled(await getDb(), actor, { userId, disabled }), disabled ? "User disabled." : "User enabled.");
  if (result.ok) revalidatePath("/settings/users");
  return result;
}
