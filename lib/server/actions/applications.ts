"use server";
// Changes to an application from its page. Each action checks the session and
// `applications.write` itself (an action is a public endpoint); the data layer
// validates, changes and audits in one transaction.
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/validation/errors";
import { requirePageActor } from "../auth/session";
import { getDb } from "../db";
import { setDeclaredHosts } from "../dal/application-hosts";
import { runAction } from "./run-action";

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

/** Saves the application's declared own hosts (the whole list, one per line). */
export async function setDeclaredHostsAction(_prev: ActionResult<{ declaredHosts: string[] }> | null, formData: FormData): Promise<ActionResult<{ declaredHosts: string[] }>> {
  const actor = await requirePageActor("applications.write");
  const result = await runAction(async () => setDeclaredHosts(await getDb(), actor, { slug: text(formData, "slug"), hosts: text(formData, "hosts") }));
  if (!result.ok) return result;
  revalidatePath(`/applications/${result.data.slug}`);
  const n = result.data.declaredHosts.length;
  const message = !result.data.changed ? "Nothing changed." : n === 0 ? "No hosts declared: only spec hosts and the logs' own signals place traffic now." : `Saved ${n} declared host${n === 1 ? "" : "s"}; the next traffic ingest reads calls to ${n === 1 ? "it" : "them"} as inbound.`;
  return { ok: true, data: { declaredHosts: result.data.declaredHosts }, message };
}
