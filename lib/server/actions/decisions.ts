"use server";
// Connectivity decisions from the application and provider pages: quarantine a
// provider (for one application or all) or an application's unclassified host,
// and grant an exception. Each action is a public endpoint: it checks the
// session and `policies.write` itself, then lets the policy store validate,
// audit and re-decide in one transaction. Field errors come back under the
// store's keys (justification, owner, expiresAt, …) so the dialogs show them in place.
import { revalidatePath } from "next/cache";
import type { ActionResult } from "@/lib/validation/errors";
import { requirePageActor } from "../auth/session";
import { getDb } from "../db";
import { createException, quarantineTarget } from "../policies/store";
import { runAction } from "./run-action";

export type DecisionActionResult = ActionResult<{ id: string }>;

const SLUG = /^[a-z0-9][a-z0-9-]{0,119}$/;

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

function optional(formData: FormData, name: string): string | undefined {
  return text(formData, name).trim() || undefined;
}

/** The pages whose figures a decision change moves; slugs are only put in a path once the store has found them. */
function revalidateDecisionPages(application: string | undefined, provider: string | undefined): void {
  if (application && SLUG.test(application)) revalidatePath(`/applications/${application}`);
  if (provider && SLUG.test(provider)) revalidatePath(`/providers/${provider}`);
  revalidatePath("/overview");
  revalidatePath("/dependencies");
}

/** Quarantines a provider (for the form's application, or every application when it has none) or an application's unclassified host. */
export async function quarantineAction(_prev: DecisionActionResult | null, formData: FormData): Promise<DecisionActionResult> {
  const actor = await requirePageActor("policies.write");
  const input = { provider: optional(formData, "provider"), host: optional(formData, "host"), application: optional(formData, "application"), justification: text(formData, "justification") };
  const result = await runAction(async () => {
    const r = await quarantineTarget(await getDb(), actor, input);
    return { id: r.id, changed: r.decisions.changed };
  });
  if (!result.ok) return result;
  revalidateDecisionPages(input.application, input.provider);
  const changed = result.data.changed;
  return { ok: true, data: { id: result.data.id }, message: `Quarantined; ${changed} ${changed === 1 ? "decision" : "decisions"} changed.` };
}

/** Grants an exception for one application × provider (or host) until the given day (end of that day, UTC). */
export async function grantExceptionAction(_prev: DecisionActionResult | null, formData: FormData): Promise<DecisionActionResult> {
  const actor = await requirePageActor("policies.write");
  const day = text(formData, "expiresOn");
  const input = {
    application: text(formData, "application"),
    provider: optional(formData, "provider"),
    host: optional(formData, "host"),
    owner: text(formData, "owner"),
    justification: text(formData, "justification"),
    // A date field: the exception lasts through that day.
    expiresAt: /^\d{4}-\d{2}-\d{2}$/.test(day) ? `${day}T23:59:59.000Z` : day,
  };
  const result = await runAction(async () => {
    const r = await createException(await getDb(), actor, input);
    return { id: r.id };
  });
  if (!result.ok) {
    // The form's field is the day, not the instant.
    if (result.fieldErrors?.expiresAt) return { ...result, fieldErrors: { ...result.fieldErrors, expiresOn: result.fieldErrors.expiresAt } };
    return result;
  }
  revalidateDecisionPages(input.application, input.provider);
  return { ...result, message: `Exception granted until ${day}.` };
}
