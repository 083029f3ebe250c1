"use server";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/validation/errors";
import { requirePageActor } from "../auth/session";
import { getDatabase, getDb } from "../db";
import { queueWebhookDelivery } from "../jobs/queue";
import { createWebhookEndpoint, deleteWebhookEndpoint, sendTestWebhookEvent, setWebhookEndpointEnabled } from "../webhooks/dal";
import { runAction } from "./run-action";

const PAGE = "/settings/webhooks";

export async function createWebhookEndpointAction(_prev: ActionResult<{ id: string; secret: string }> | null, formData: FormData): Promise<ActionResult<{ id: string; secret: string }>> {
  const actor = await requirePageActor("webhooks.manage");
  const result = await runAction(
    async () =>
      createWebhookEndpoint(await getDb(), actor, {
        name: formData.get("name"),
        url: formData.get("url"),
        events: formData.getAll("events"),
        secret: formData.get("secret") ?? undefined,
      }),
    "Endpoint registered. Copy the signing secret now: it is not shown again.",
  );
  if (result.ok) revalidatePath(PAGE);
  return result;
}

export async function setWebhookEndpointEnabledAction(endpointId: string, enabled: boolean): Promise<ActionResult<undefined>> {
  const actor = await requirePageActor("webhooks.manage");
  const result = await runAction(
    async () => {
      await setWebhookEndpointEnabled(await getDb(), actor, { endpointId, enabled });
      return undefined;
    },
    enabled ? "Endpoint enabled; paused deliveries resume." : "Endpoint disabled; its deliveries wait until it is enabled again.",
  );
  if (result.ok) revalidatePath(PAGE);
  return result;
}

export async function deleteWebhookEndpointAction(endpointId: string): Promise<ActionResult<undefined>> {
  const actor = await requirePageActor("webhooks.manage");
  const result = await runAction(async () => {
    await deleteWebhookEndpoint(await getDb(), actor, { endpointId });
    return undefined;
  }, "Endpoint removed with its delivery log.");
  if (result.ok) revalidatePath(PAGE);
  return result;
}

export async function sendTestWebhookAction(endpointId: string): Promise<ActionResult<undefined>> {
  const actor = await requirePageActor("webhooks.manage");
  const result = await runAction(async () => {
    await sendTestWebhookEvent(await getDb(), actor, { endpointId });
    // Best effort: the queue also sends due deliveries every minute.
    await queueWebhookDelivery(await getDatabase()).catch((error) => console.error("[webhooks] could not queue delivery", error));
    return undefined;
  }, "Test event queued; its outcome appears in the delivery log within a minute.");
  if (result.ok) revalidatePath(PAGE);
  return result;
}
