"use server";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/validation/errors";
import { requirePageActor } from "../auth/session";
import { getDb } from "../db";
import { mergeEndpoints, splitEndpoint } from "../dal/endpoint-templates";
import { runAction } from "./run-action";

type TemplateResult = ActionResult<{ id: string; template: string }>;

/** Merges inferred endpoints (same application, API and method) into one template. */
export async function mergeEndpointsAction(endpointIds: string[]): Promise<TemplateResult> {
  const actor = await requirePageActor("inventory.curate");
  const result = await runAction(async () => mergeEndpoints(await getDb(), actor, { endpointIds }));
  if (result.ok) {
    result.message = `Merged into ${result.data.template}.`;
    revalidatePath("/inventory");
  }
  return result;
}

/** Splits a literal value out of the parameter at 1-based segment `position` of an inferred template. */
export async function splitEndpointAction(endpointId: string, position: number, value: string): Promise<TemplateResult> {
  const actor = await requirePageActor("inventory.curate");
  const result = await runAction(async () => splitEndpoint(await getDb(), actor, { endpointId, position, value }));
  if (result.ok) {
    result.message = `Added ${result.data.template}.`;
    revalidatePath("/inventory");
  }
  return result;
}
