"use server";
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/validation/errors";
import { writeAudit } from "../audit";
import { requirePageActor } from "../auth/session";
import { getDatabase, getDb } from "../db";
import { assertSourceExists, createSource, deleteSource } from "../dal/sources";
import { queueSourcePull } from "../jobs/queue";
import { runAction } from "./run-action";

export async function createSourceAction(_prev: ActionResult<{ id: string }> | null, formData: FormData): Promise<ActionResult<{ id: string }>> {
  const actor = await requirePageActor("sources.manage");
  const result = await runAction(
    async () =>
      createSource(await getDb(), actor, {
        kind: formData.get("kind"),
        url: formData.get("url"),
        app: formData.get("app") ?? undefined,
        apiName: formData.get("apiName") ?? undefined,
        intervalMinutes: formData.get("intervalMinutes"),
      }),
    "Source registered. It is pulled within five minutes, or now with “Pull now”.",
  );
  if (result.ok) revalidatePath("/settings/sources");
  return result;
}

export async function deleteSourceAction(sourceId: string): Promise<ActionResult<undefined>> {
  const actor = await requirePageActor("sources.manage");
  const result = await runAction(async () => {
    await deleteSource(await getDb(), actor, { sourceId });
    return undefined;
  }, "Source removed.");
  if (result.ok) revalidatePath("/settings/sources");
  return result;
}

export async function pullSourceNowAction(sourceId: string): Promise<ActionResult<undefined>> {
  const actor = await requirePageActor("sources.manage");
  return runAction(async () => {
    const db = await getDb();
    const id = await assertSourceExists(db, actor, { sourceId });
    await queueSourcePull(await getDatabase(), id);
    await db.transaction((tx) => writeAudit(tx, actor, { action: "source.pull_requested", targetType: "pull_source", targetId: id }));
    return undefined;
  }, "Pull queued; the result appears here and in Ingest runs.");
}
