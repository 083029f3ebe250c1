import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { attestations, dependencies, incidents, providers, signals } from "@/db/schema";
import { parseOrThrow, ValidationError } from "@/lib/validation/errors";
import { attestationInputSchema, authEntrySchema, clearOverrideSchema, incidentInputSchema, narrowDependencySchema, overrideInputSchema } from "@/lib/validation/reputation";
import { assertCan, type Actor } from "../actor";
import { writeAudit } from "../audit";
import { rescoreProviders } from "../scoring/rescore";
import { reevaluateAfterRescore } from "../policies/reevaluate";

async function providerId(tx: Db, slug: string): Promise<string> {
  const [row] = await tx.select({ id: providers.id }).from(providers).where(eq(providers.slug, slug));
  if (!row) throw new ValidationError({ providerSlug: ["Unknown provider"] });
  return row.id;
}

/** Each write records the evidence, audits it and rescores the provider in the same transaction. */
async function afterSignal(tx: Db, id: string) {
  const result = await rescoreProviders(tx, { providerIds: [id] });
  await reevaluateAfterRescore(tx, [id]);
  return result.scores.get(id);
}

export async function recordAttestation(db: Db, actor: Actor, input: unknown) {
  assertCan(actor, "providers.write");
  const data = parseOrThrow(attestationInputSchema, input);
  return db.transaction(async (tx) => {
    const id = await providerId(tx, data.providerSlug);
    const [row] = await tx
      .insert(attestations)
      .values({ providerId: id, kind: data.kind, issuedOn: data.issuedOn ?? null, expiresOn: data.expiresOn, evidenceUrl: data.evidenceUrl ?? null, note: data.justification, recordedById: actor.userId ?? null })
      .returning({ id: attestations.id });
    await tx.insert(signals).values({ providerId: id, factor: "compliance", source: "analyst", evidence: { attestation: data.kind, expiresOn: data.expiresOn, evidenceUrl: data.evidenceUrl ?? null }, justification: data.justification, recordedById: actor.userId ?? null });
    await writeAudit(tx, actor, { action: "provider.attestation", targetType: "provider", targetId: id, detail: { attestationId: row.id, kind: data.kind, expiresOn: data.expiresOn, justification: data.justification } });
    return afterSignal(tx, id);
  });
}

export async function recordIncident(db: Db, actor: Actor, input: unknown) {
  assertCan(actor, "providers.write");
  const data = parseOrThrow(incidentInputSchema, input);
  return db.transaction(async (tx) => {
    const id = await providerId(tx, data.providerSlug);
    const [row] = await tx
      .insert(incidents)
      .values({ providerId: id, occurredOn: data.occurredOn, severity: data.severity, breach: data.breach, description: data.description, sourceUrl: data.sourceUrl ?? null, recordedById: actor.userId ?? null })
      .returning({ id: incidents.id });
    await tx.insert(signals).values({ providerId: id, factor: "incidents", source: "analyst", evidence: { incidentId: row.id, occurredOn: data.occurredOn, severity: data.severity, breach: data.breach }, justification: data.description, recordedById: actor.userId ?? null });
    await writeAudit(tx, actor, { action: "provider.incident", targetType: "provider", targetId: id, detail: { incidentId: row.id, occurredOn: data.occurredOn, severity: data.severity, breach: data.breach } });
    return afterSignal(tx, id);
  });
}

export async function recordOverride(db: Db, actor: Actor, input: unknown) {
  assertCan(actor, "providers.write");
  const data = parseOrThrow(overrideInputSchema, input);
  return db.transaction(async (tx) => {
    const id = await providerId(tx, data.providerSlug);
    await tx.update(signals).set({ supersededAt: new Date() }).where(and(eq(signals.providerId, id), eq(signals.factor, data.factor), eq(signals.isOverride, true), isNull(signals.supersededAt)));
    await tx.insert(signals).values({ providerId: id, factor: data.factor, source: "analyst", isOverride: true, evidence: { subscore: data.subscore }, justification: data.justification, recordedById: actor.userId ?? null });
    await writeAudit(tx, actor, { action: "provider.override", targetType: "provider", targetId: id, detail: { factor: data.factor, subscore: data.subscore, justification: data.justification } });
    return afterSignal(tx, id);
  });
}

export async function clearOverride(db: Db, actor: Actor, input: unknown) {
  assertCan(actor, "providers.write");
  const data = parseOrThrow(clearOverrideSchema, input);
  return db.transaction(async (tx) => {
    const id = await providerId(tx, data.providerSlug);
    await tx.update(signals).set({ supersededAt: new Date() }).where(and(eq(signals.providerId, id), eq(signals.factor, data.factor), eq(signals.isOverride, true), isNull(signals.supersededAt)));
    await writeAudit(tx, actor, { action: "provider.override_cleared", targetType: "provider", targetId: id, detail: { factor: data.factor, justification: data.justification } });
    return afterSignal(tx, id);
  });
}

export async function recordAuthentication(db: Db, actor: Actor, input: unknown) {
  assertCan(actor, "providers.write");
  const data = parseOrThrow(authEntrySchema, input);
  return db.transaction(async (tx) => {
    const id = await providerId(tx, data.providerSlug);
    await tx.update(signals).set({ supersededAt: new Date() }).where(and(eq(signals.providerId, id), eq(signals.factor, "authentication"), eq(signals.isOverride, false), isNull(signals.supersededAt)));
    await tx.insert(signals).values({ providerId: id, factor: "authentication", source: "analyst", evidence: { methods: data.methods, shortLivedTokens: data.shortLivedTokens, keyRotation: data.keyRotation, source: "analyst" }, justification: data.justification, recordedById: actor.userId ?? null });
    await writeAudit(tx, actor, { action: "provider.authentication", targetType: "provider", targetId: id, detail: { methods: data.methods, shortLivedTokens: data.shortLivedTokens, keyRotation: data.keyRotation } });
    return afterSignal(tx, id);
  });
}

/**
 * Narrows what one dependency carries: the application's declared data classes
 * stop counting for this provider (classes observed on the edge always count).
 * Audited with the justification; the dependency's risk is recomputed at once.
 */
export async function narrowDependencyData(db: Db, actor: Actor, input: unknown) {
  assertCan(actor, "applications.write");
  const data = parseOrThrow(narrowDependencySchema, input);
  return db.transaction(async (tx) => {
    const [dep] = await tx.select({ id: dependencies.id, providerId: dependencies.providerId, applicationId: dependencies.applicationId, before: dependencies.narrowedDataClasses }).from(dependencies).where(eq(dependencies.id, data.dependencyId)).for("update");
    if (!dep) throw new ValidationError({ dependencyId: ["Unknown dependency"] });
    const classes = data.mode === "restore" ? null : [...new Set(data.classes)].sort();
    await tx
      .update(dependencies)
      .set({ narrowedDataClasses: classes, narrowedById: classes ? (actor.userId ?? null) : null, narrowedAt: classes ? new Date() : null, narrowJustification: classes ? data.justification : null, updatedAt: new Date() })
      .where(eq(dependencies.id, dep.id));
    await writeAudit(tx, actor, { action: data.mode === "restore" ? "dependency.narrowing_removed" : "dependency.narrowed", targetType: "dependency", targetId: dep.id, detail: { applicationId: dep.applicationId, providerId: dep.providerId, before: dep.before, after: classes, justification: data.justification } });
    return dep.providerId ? afterSignal(tx, dep.providerId) : undefined;
  });
}
