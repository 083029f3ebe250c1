import "server-only";
import { parseDocument } from "yaml";
import { z } from "zod";
import type { DatabaseHandle } from "@/db/client";
import { normalizeHost } from "@/lib/domain/catalog/match";
import { parseCycloneDx } from "@/lib/domain/ingest/cyclonedx";
import { specHosts } from "@/lib/domain/ingest/spec-hosts";
import type { GateInputError, GateItem, GateResult } from "@/lib/domain/policies/gate/types";
import { NotFoundError, ValidationError, parseOrThrow } from "@/lib/validation/errors";
import { assertCan, type Actor } from "../actor";
import { writeAudit } from "../audit";
import { loadProviderIndex } from "../ingest/catalog-cache";
import { decisionPoint, type DecisionAnswer } from "./decision-point";
import { gateExitCode, gateSummary } from "@/lib/domain/policies/gate/result";

/** Largest SBOM or spec the gate reads (the CLI and the route refuse bigger ones). */
export const MAX_GATE_FILE_BYTES = 10 * 1024 * 1024;

const fileSchema = z.object({ name: z.string().trim().min(1).max(300), text: z.string().max(MAX_GATE_FILE_BYTES, `files are at most ${MAX_GATE_FILE_BYTES / 1024 / 1024} MiB`) }).strict();
export const gateInputSchema = z
  .object({
    app: z.string().trim().min(1, "app is required").max(120),
    hosts: z.array(z.string().trim().min(1).max(300)).max(1000).default([]),
    sbom: fileSchema.optional(),
    openapi: fileSchema.optional(),
  })
  .strict();
export type GateInput = z.input<typeof gateInputSchema>;

function lineOf(text: string, needle: string): number | undefined {
  const i = text.indexOf(needle);
  if (i < 0) return undefined;
  let line = 1;
  for (let k = 0; k < i; k += 1) if (text.charCodeAt(k) === 10) line += 1;
  return line;
}

const itemOf = (a: DecisionAnswer, origin: GateItem["origin"], evidence: string | null, location: GateItem["location"]): GateItem => ({
  target: a.providerName ?? a.host,
  provider: a.provider,
  host: a.host || null,
  origin,
  evidence,
  location,
  decision: { decision: a.decision, policy: a.policy, mode: a.mode, reason: a.reason, evidence: a.evidence, exception: a.exception, overridden: a.overridden, monitored: a.monitored },
});

/**
 * The CI gate: the application's known dependencies plus those an SBOM's SDKs,
 * a list of hosts or an OpenAPI spec's servers imply (which need not be in the
 * inventory yet), each decided by the current policies. Bad files are reported
 * as input errors (exit 1) with their location; nothing is stored but the audit entry.
 */
export async function runGate(handle: DatabaseHandle, actor: Actor, rawInput: unknown, now = new Date()): Promise<GateResult> {
  assertCan(actor, "policies.read");
  const input = parseOrThrow(gateInputSchema, rawInput);
  const point = await decisionPoint(handle);
  const inputErrors: GateInputError[] = [];
  let known: DecisionAnswer[];
  try {
    known = await point.applicationDecisions(input.app, now);
  } catch (error) {
    if (error instanceof NotFoundError) throw new ValidationError({ app: [`No application "${input.app}" in Sibyl: ingest its SBOM or traffic first, or check the slug.`] });
    throw error;
  }
  const items: GateItem[] = known.map((a) => itemOf(a, "inventory", null, null));
  const seen = new Set(known.map((a) => a.provider ?? `host:${a.host}`));
  const add = (a: DecisionAnswer, origin: GateItem["origin"], evidence: string | null, location: GateItem["location"]) => {
    const key = a.provider ?? `host:${a.host}`;
    if (seen.has(key)) return;
    seen.add(key);
    items.push(itemOf(a, origin, evidence, location));
  };

  if (input.sbom) {
    const parsed = parseCycloneDx(input.sbom.text, { maxBytes: MAX_GATE_FILE_BYTES });
    for (const p of parsed.problems) inputErrors.push({ file: input.sbom.name, location: p.location, reason: p.reason });
    const index = await loadProviderIndex(handle.db);
    for (const component of parsed.components) {
      if (!component.purl) continue;
      const m = index.matchPurl(component.purl);
      if (!m) continue;
      add(await point.decideProvider(input.app, m.providerId, now), "sbom", component.purl, { file: input.sbom.name, line: lineOf(input.sbom.text, component.purl) });
    }
  }
  for (const raw of input.hosts) {
    const host = normalizeHost(raw);
    if (!host) {
      inputErrors.push({ file: "--hosts", location: raw.slice(0, 100), reason: "not a DNS name or IPv4 address" });
      continue;
    }
    add(await point.decide(input.app, host, now), "hosts", null, null);
  }
  if (input.openapi) {
    const doc = parseDocument(input.openapi.text, { prettyErrors: false, uniqueKeys: false });
    if (doc.errors.length) {
      for (const e of doc.errors.slice(0, 20)) inputErrors.push({ file: input.openapi.name, location: `line ${e.linePos?.[0]?.line ?? "?"}`, reason: e.message.split("\n")[0] });
    } else {
      const document = doc.toJS({ maxAliasCount: 100 }) as unknown;
      const hosts = specHosts(document);
      if (!hosts.length) inputErrors.push({ file: input.openapi.name, location: "servers", reason: "the spec names no server host (servers[].url or host)" });
      for (const host of hosts) add(await point.decide(input.app, host, now), "openapi", host, { file: input.openapi.name, line: lineOf(input.openapi.text, host) });
    }
  }
  const result: GateResult = { application: input.app, evaluatedAt: now.toISOString(), items, ...(inputErrors.length ? { inputErrors } : {}) };
  const summary = gateSummary(result);
  await handle.db.transaction((tx) =>
    writeAudit(tx, actor, { action: "policy.gate", targetType: "application", targetId: input.app, detail: { exitCode: gateExitCode(result), summary, sbom: input.sbom?.name ?? null, openapi: input.openapi?.name ?? null, hosts: input.hosts.slice(0, 20) } }),
  );
  return result;
}
