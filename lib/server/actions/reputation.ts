"use server";
// Analyst evidence about a provider, from the provider page's forms. Each action
// checks the session and `providers.write` itself (an action is a public
// endpoint), lets the data layer validate, audit and rescore in one
// transaction, and answers with field errors or the provider's new score.
import { revalidatePath } from "next/cache";
import type { Db } from "@/db/client";
import type { ReputationScore } from "@/lib/domain/scoring/model";
import type { ActionResult } from "@/lib/validation/errors";
import type { Actor } from "../actor";
import { requirePageActor } from "../auth/session";
import { getDb } from "../db";
import { clearOverride, narrowDependencyData, recordAttestation, recordAuthentication, recordIncident, recordOverride } from "../dal/reputation-writes";
import { runAction } from "./run-action";

export interface RescoredProvider {
  score: number | null;
  grade: string | null;
  confidence: number | null;
}

type Write = (db: Db, actor: Actor, input: unknown) => Promise<ReputationScore | undefined>;

function text(formData: FormData, name: string): string {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
}

function describe(score: RescoredProvider): string {
  if (score.score === null) return "The provider still has no score (no evidence with weight).";
  const grade = score.grade ? `grade ${score.grade}` : "insufficient data";
  return `New score ${score.score} (${grade}, confidence ${Math.round((score.confidence ?? 0) * 100)}%).`;
}

async function reputationWrite(write: Write, input: Record<string, unknown>, done: string): Promise<ActionResult<RescoredProvider>> {
  const actor = await requirePageActor("providers.write");
  const result = await runAction(async () => {
    const s = await write(await getDb(), actor, input);
    return { score: s?.score ?? null, grade: s?.grade ?? null, confidence: s?.confidence ?? null };
  });
  if (!result.ok) return result;
  // The slug named an existing provider (the write checked it), so it is safe in a path.
  revalidatePath(`/providers/${String(input.providerSlug)}`);
  return { ...result, message: `${done} ${describe(result.data)}` };
}

export async function recordAttestationAction(_prev: ActionResult<RescoredProvider> | null, formData: FormData): Promise<ActionResult<RescoredProvider>> {
  return reputationWrite(
    recordAttestation,
    {
      providerSlug: text(formData, "providerSlug"),
      kind: text(formData, "kind") || undefined,
      issuedOn: text(formData, "issuedOn"),
      expiresOn: text(formData, "expiresOn"),
      evidenceUrl: text(formData, "evidenceUrl"),
      justification: text(formData, "justification"),
    },
    "Attestation recorded.",
  );
}

export async function recordIncidentAction(_prev: ActionResult<RescoredProvider> | null, formData: FormData): Promise<ActionResult<RescoredProvider>> {
  return reputationWrite(
    recordIncident,
    {
      providerSlug: text(formData, "providerSlug"),
      occurredOn: text(formData, "occurredOn"),
      severity: text(formData, "severity") || undefined,
      breach: formData.get("breach") === "on",
      description: text(formData, "description"),
      sourceUrl: text(formData, "sourceUrl"),
    },
    "Incident recorded.",
  );
}

export async function recordOverrideAction(_prev: ActionResult<RescoredProvider> | null, formData: FormData): Promise<ActionResult<RescoredProvider>> {
  const subscore = text(formData, "subscore").trim();
  return reputationWrite(
    recordOverride,
    {
      providerSlug: text(formData, "providerSlug"),
      factor: text(formData, "factor") || undefined,
      // An empty field is "no number", not 0.
      subscore: subscore === "" ? undefined : subscore,
      justification: text(formData, "justification"),
    },
    "Override recorded.",
  );
}

export async function clearOverrideAction(_prev: ActionResult<RescoredProvider> | null, formData: FormData): Promise<ActionResult<RescoredProvider>> {
  return reputationWrite(
    clearOverride,
    { providerSlug: text(formData, "providerSlug"), factor: text(formData, "factor"), justification: text(formData, "justification") },
    "Override cleared.",
  );
}

export async function recordAuthenticationAction(_prev: ActionResult<RescoredProvider> | null, formData: FormData): Promise<ActionResult<RescoredProvider>> {
  return reputationWrite(
    recordAuthentication,
    {
      providerSlug: text(formData, "providerSlug"),
      methods: formData.getAll("methods").filter((m): m is string => typeof m === "string"),
      shortLivedTokens: formData.get("shortLivedTokens") === "on",
      keyRotation: formData.get("keyRotation") === "on",
      justification: text(formData, "justification"),
    },
    "Authentication methods recorded.",
  );
}

/** Narrows (or restores) the data classes one dependency carries; the application page shows the new risk. */
export async function narrowDependencyAction(_prev: ActionResult<RescoredProvider> | null, formData: FormData): Promise<ActionResult<RescoredProvider>> {
  const actor = await requirePageActor("applications.write");
  const result = await runAction(async () => {
    const s = await narrowDependencyData(await getDb(), actor, {
      dependencyId: text(formData, "dependencyId"),
      mode: text(formData, "mode") || "narrow",
      classes: formData.getAll("classes").filter((v): v is string => typeof v === "string"),
      justification: text(formData, "justification"),
    });
    return { score: s?.score ?? null, grade: s?.grade ?? null, confidence: s?.confidence ?? null };
  });
  if (!result.ok) return result;
  const slug = text(formData, "applicationSlug");
  if (/^[a-z0-9][a-z0-9-]{0,62}$/.test(slug)) revalidatePath(`/applications/${slug}`);
  return { ...result, message: text(formData, "mode") === "restore" ? "Narrowing removed; the declared data classes count again." : "Dependency narrowed; its risk was recomputed." };
}
