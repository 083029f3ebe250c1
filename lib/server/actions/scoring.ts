"use server";
// The scoring model's settings: a new version of the weights, and a rescore of
// every provider with the current version. Both need `scoring.write` and both
// leave an audit row in the transaction that makes the change.
import { revalidatePath } from "next/cache";
import { FACTORS } from "@/lib/domain/scoring/types";
import type { ActionResult } from "@/lib/validation/errors";
import { writeAudit } from "../audit";
import { requirePageActor } from "../auth/session";
import { getDb } from "../db";
import { createModelVersion } from "../scoring/model-store";
import { rescoreProviders } from "../scoring/rescore";
import { reevaluateAfterRescore } from "../policies/reevaluate";
import { runAction } from "./run-action";

export async function createModelVersionAction(_prev: ActionResult<{ version: number }> | null, formData: FormData): Promise<ActionResult<{ version: number }>> {
  const actor = await requirePageActor("scoring.write");
  const weights = Object.fromEntries(
    FACTORS.map((f) => {
      const value = formData.get(`weight-${f}`);
      // An empty field is "no number" (an error), not a silent 0.
      return [f, typeof value === "string" && value.trim() !== "" ? value : undefined];
    }),
  );
  const missing = FACTORS.filter((f) => weights[f] === undefined);
  if (missing.length) return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: Object.fromEntries(missing.map((f) => [`weights.${f}`, ["Enter a weight (0 leaves the factor out)"]])) };
  const result = await runAction(async () => {
    const model = await createModelVersion(await getDb(), actor, { weights, note: formData.get("note") ?? "" });
    return { version: model.version };
  });
  if (!result.ok) return result;
  revalidatePath("/settings/scoring");
  revalidatePath("/providers/methodology");
  return { ...result, message: `Model version ${result.data.version} saved. Existing scores keep the version they used until you rescore.` };
}

export async function rescoreAllAction(): Promise<ActionResult<{ providers: number; dependencies: number; modelVersion: number }>> {
  const actor = await requirePageActor("scoring.write");
  const result = await runAction(async () =>
    (await getDb()).transaction(async (tx) => {
      const r = await rescoreProviders(tx);
      await reevaluateAfterRescore(tx, undefined, { actor });
      const scored = r.scores.size;
      await writeAudit(tx, actor, { action: "scoring.rescore_all", targetType: "scoring_model", detail: { modelVersion: r.modelVersion, providers: r.providers, scored, dependencies: r.dependencies } });
      return { providers: scored, dependencies: r.dependencies, modelVersion: r.modelVersion };
    }),
  );
  if (!result.ok) return result;
  revalidatePath("/settings/scoring");
  return { ...result, message: `Rescored ${result.data.providers} providers and ${result.data.dependencies} dependencies with model version ${result.data.modelVersion}.` };
}
