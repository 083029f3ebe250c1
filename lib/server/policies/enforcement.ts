import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { generateArtefacts, type Artefact, type ArtefactKind, type EnforcementEntry, type EnforcementScope, type EnforcementSet } from "@/lib/domain/policies/artefacts";
import { tarGz } from "@/lib/domain/policies/artefacts/tar";
import type { PolicyAction } from "@/lib/domain/policies/types";
import { NotFoundError } from "@/lib/validation/errors";
import { assertCan, type Actor } from "../actor";
import { rowsOf } from "../db-results";

/**
 * The stored decisions of every external dependency in scope (all, one application, one provider),
 * one entry per host: the hosts it was observed on, else the provider's host patterns (an SDK-only dependency).
 */
export async function loadEnforcementSet(db: Db, actor: Actor, scope: EnforcementScope, now = new Date()): Promise<EnforcementSet> {
  assertCan(actor, "policies.read");
  if (scope.kind !== "all") {
    const table = scope.kind === "application" ? sql`applications` : sql`providers`;
    const [found] = rowsOf<{ n: number }>(await db.execute(sql`select 1 as n from ${table} where slug = ${scope.slug}`));
    if (!found) throw new NotFoundError(`No ${scope.kind} "${scope.slug}".`);
  }
  const where = scope.kind === "application" ? sql`and a.slug = ${scope.slug}` : scope.kind === "provider" ? sql`and p.slug = ${scope.slug}` : sql``;
  const rows = rowsOf<{ application: string; provider: string | null; provider_name: string | null; hosts: string[]; host: string | null; patterns: string[] | null; decision: PolicyAction; policy_name: string | null; reason: string; since: string | Date }>(
    await db.execute(sql`
      select a.slug as application, p.slug as provider, p.name as provider_name, d.hosts, d.host, p.host_patterns as patterns,
        dd.decision, dd.policy_name, dd.reason, dd.since
      from dependency_decisions dd
      join dependencies d on d.id = dd.dependency_id
      join applications a on a.id = dd.application_id
      left join providers p on p.id = d.provider_id
      where d.target_kind in ('provider', 'unclassified') ${where}`),
  );
  const entries: EnforcementEntry[] = [];
  for (const r of rows) {
    const hosts = new Set<string>([...(r.hosts ?? []), ...(r.host ? [r.host] : [])]);
    if (!hosts.size) for (const p of r.patterns ?? []) hosts.add(p);
    for (const host of hosts) {
      entries.push({ application: r.application, host, provider: r.provider, providerName: r.provider_name, decision: r.decision, policy: r.policy_name, reason: r.reason, since: new Date(r.since).toISOString() });
    }
  }
  return { generatedAt: now.toISOString(), scope, entries };
}

/** One download: the kind's file, or for OPA a bundle (.tar.gz of data.json and policy.rego). */
export function enforcementDownload(kind: ArtefactKind, set: EnforcementSet, options: { namespace?: string; appNamespace?: string } = {}): { filename: string; contentType: string; body: Buffer | string } {
  const files: Artefact[] = generateArtefacts(kind, set, options);
  const suffix = set.scope.kind === "all" ? "all" : `${set.scope.kind}-${set.scope.slug}`;
  if (files.length === 1) {
    const [f] = files;
    const dot = f.filename.lastIndexOf(".");
    return { filename: `${f.filename.slice(0, dot)}-${suffix}${f.filename.slice(dot)}`, contentType: f.contentType, body: f.body };
  }
  return { filename: `sibyl-opa-bundle-${suffix}.tar.gz`, contentType: "application/gzip", body: tarGz(files.map((f) => ({ name: f.filename, body: f.body })), Math.floor(new Date(set.generatedAt).getTime() / 1000)) };
}
