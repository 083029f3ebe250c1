import { redirect } from "next/navigation";
import { actorCan } from "@/lib/server/actor";
import { requirePageActor } from "@/lib/server/auth/session";
import { forbidden } from "next/navigation";

export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  const actor = await requirePageActor();
  if (actorCan(actor, "users.manage")) redirect("/settings/users");
  if (actorCan(actor, "tokens.manage")) redirect("/settings/tokens");
  forbidden();
}
