import { redirect } from "next/navigation";
import { actorCan } from "@/lib/server/actor";
import { requirePageAccess } from "@/lib/server/auth/session";

export const dynamic = "force-dynamic";

/** Opens the first settings page the caller may use; 403 for roles with none of them. */
export default async function SettingsPage() {
  const actor = await requirePageAccess("/settings");
  redirect(actorCan(actor, "users.manage") ? "/settings/users" : "/settings/tokens");
}
