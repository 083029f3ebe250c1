"use server";
// SLA days per severity (admin): changing them recomputes the due dates of
// findings still being worked; audited in the same transaction.
import { revalidatePath } from "next/cache";
import type { SlaDays } from "@/lib/domain/triage/sla";
import type { ActionResult } from "@/lib/validation/errors";
import { requirePageActor } from "../auth/session";
import { getDb } from "../db";
import { setSlaDays } from "../triage/settings";
import { runAction } from "./run-action";

export async function saveSlaDaysAction(_prev: ActionResult<SlaDays> | null, formData: FormData): Promise<ActionResult<SlaDays>> {
  const actor = await requirePageActor("triage.configure");
  const input = Object.fromEntries(["critical", "high", "medium", "low"].map((s) => [s, formData.get(s) ?? ""]));
  const result = await runAction(async () => setSlaDays(await getDb(), actor, input), "SLA days saved; due dates of open findings were recomputed.");
  if (result.ok) revalidatePath("/settings/triage");
  return result;
}
