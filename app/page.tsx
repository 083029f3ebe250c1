import { redirect } from "next/navigation";
import { requirePageAccess } from "@/lib/server/auth/session";

export const dynamic = "force-dynamic";

export default async function Home() {
  await requirePageAccess("/");
  redirect("/overview");
}
