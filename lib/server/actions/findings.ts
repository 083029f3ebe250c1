"use server";
// Triage from the findings pages. Each action is a public endpoint: it checks
// the session and `findings.triage` itself, then lets the mutation validate,
// lock the finding, write history and audit in one transaction. Field errors
// come back under the patch's own keys (`state.justification`,
// `state.acceptance.owner`, `severityReason`, …) so forms show them in place.
import { revalidatePath } from "next/cache";
import type { FindingChange, BulkResult } from "@/lib/server/triage/mutations";
import { bulkUpdateFindings, updateFinding } from "@/lib/server/triage/mutations";
import type { ActionResult } from "@/lib/validation/errors";
import { requirePageActor } from "../auth/session";
import { getDb } from "../db";
import { runAction } from "./run-action";

type ChangeResult = ActionResult<FindingChange>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

function optional(formData: FormData, name: string): string | undefined {
  return text(formData, name).trim() || undefined;
}

/** The version the form was rendered from, so a stale edit answers "reload" instead of overwriting. */
function expectedVersion(formData: FormData): number | undefined {
  const n = Number(text(formData, "expectedVersion"));
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

/** A state change as the mutation expects it; fields the target state does not use are left out. */
function stateChange(formData: FormData): Record<string, unknown> {
  const to = text(formData, "to");
  const change: Record<string, unknown> = { to: to || undefined, justification: optional(formData, "justification") };
  if (to === "not_affected") change.notAffected = optional(formData, "notAffected");
  if (to === "risk_accepted") {
    change.justification = undefined;
    change.acceptance = {
      owner: text(formData, "owner"),
      decision: text(formData, "decision"),
      compensatingControls: text(formData, "compensatingControls"),
      expiresAt: optional(formData, "expiresAt"),
    };
  }
  return change;
}

async function patchFinding(formData: FormData, patch: Record<string, unknown>, done: (change: FindingChange) => string): Promise<ChangeResult> {
  const actor = await requirePageActor("findings.triage");
  const id = text(formData, "id");
  if (!UUID.test(id)) return { ok: false, error: "No such finding" };
  const result = await runAction(async () => updateFinding(await getDb(), actor, id, { ...patch, expectedVersion: expectedVersion(formData) }));
  if (!result.ok) return result;
  // The mutation found the finding, so the id is a real finding's id.
  revalidatePath(`/findings/${id}`);
  revalidatePath("/findings");
  return { ...result, message: done(result.data) };
}

function changed(change: FindingChange, fallback: string): string {
  return change.changes.length ? `Saved: ${change.changes.join(", ")}.` : fallback;
}

export async function changeFindingStateAction(_prev: ChangeResult | null, formData: FormData): Promise<ChangeResult> {
  return patchFinding(formData, { state: stateChange(formData) }, (c) => changed(c, "Nothing changed."));
}

export async function assignFindingAction(_prev: ChangeResult | null, formData: FormData): Promise<ChangeResult> {
  const assignee = text(formData, "assigneeId");
  return patchFinding(formData, { assigneeId: assignee ? assignee : null }, (c) => changed(c, "The finding already had that assignee."));
}

export async function changeFindingSeverityAction(_prev: ChangeResult | null, formData: FormData): Promise<ChangeResult> {
  return patchFinding(formData, { severity: optional(formData, "severity"), severityReason: optional(formData, "severityReason") }, (c) => changed(c, "The finding already had that severity."));
}

export async function commentFindingAction(_prev: ChangeResult | null, formData: FormData): Promise<ChangeResult> {
  return patchFinding(formData, { comment: optional(formData, "comment") ?? "" }, () => "Comment added.");
}

/** Which findings a bulk action applies to: a selection, or every finding matching the queue's filter. */
export type BulkTarget = { ids: string[] } | { filter: Record<string, string> };

async function bulk(target: BulkTarget, action: Record<string, unknown>): Promise<ActionResult<BulkResult>> {
  const actor = await requirePageActor("findings.triage");
  const result = await runAction(async () => bulkUpdateFindings(await getDb(), actor, { ...target, action }));
  if (!result.ok) return result;
  revalidatePath("/findings");
  return { ...result, message: result.data.message };
}

export async function bulkAssignFindingsAction(target: BulkTarget, assigneeId: string | null): Promise<ActionResult<BulkResult>> {
  return bulk(target, { type: "assign", assigneeId });
}

export async function bulkChangeFindingStateAction(target: BulkTarget, formData: FormData): Promise<ActionResult<BulkResult>> {
  return bulk(target, { type: "state", change: stateChange(formData) });
}
