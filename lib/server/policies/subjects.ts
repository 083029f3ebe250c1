import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { KEV_CAP_ID } from "@/lib/domain/scoring/sdk-vulnerabilities";
import { callsPerDay, policyDataClasses } from "@/lib/domain/policies/subject";
import type { DecisionSubject, PolicyException } from "@/lib/domain/policies/types";
import { rowsOf } from "../db-results";

/** A provider's facts as policies read them (latest score, caps, KEV, current attestations). */
export type ProviderFacts = NonNullable<DecisionSubject["provider"]> & { id: string; hostPatterns: string[] };

export interface ApplicationFacts {
  id: string;
  facts: DecisionSubject["application"];
  /** Declared data classes (pii, pci, …). */
  declared: string[];
}

/** One stored dependency with everything a decision reads. */
export interface DependencySubject {
  dependencyId: string;
  applicationId: string;
  providerId: string | null;
  hosts: string[];
  subject: DecisionSubject;
  exception: PolicyException | null;
}

/** Latest score facts of the given providers (all providers when `ids` is null). */
export async function loadProviderFacts(db: Db, ids: string[] | null): Promise<Map<string, ProviderFacts>> {
  if (ids && !ids.length) return new Map();
  const filter = ids ? sql`where p.id = any(${`{${ids.join(",")}}`}::uuid[])` : sql``;
  const rows = rowsOf<{ id: string; slug: string; name: string; host_patterns: string[]; score: number | null; grade: string | null; confidence: number | null; factors: Record<string, number | null> | null; caps: string[] | null; attestations: string[] | null }>(
    await db.execute(sql`
      select p.id, p.slug, p.name, p.host_patterns, s.score::float8 as score, s.grade, s.confidence::float8 as confidence,
        (select json_object_agg(f->>'name', (f->>'subscore')::float8) from json_array_elements(s.factors) f) as factors,
        (select array_agg(c->>'id') from json_array_elements(s.caps) c) as caps,
        (select array_agg(distinct a.kind::text) from attestations a where a.provider_id = p.id and a.expires_on >= current_date) as attestations
      from providers p
      left join lateral (
        select ps.score, ps.grade, ps.confidence, ps.factors, ps.caps from provider_scores ps
        where ps.provider_id = p.id order by ps.computed_at desc, ps.id desc limit 1
      ) s on true
      ${filter}`),
  );
  return new Map(
    rows.map((r) => {
      const caps = r.caps ?? [];
      return [r.id, { id: r.id, slug: r.slug, name: r.name, hostPatterns: r.host_patterns, score: r.score, grade: r.grade, confidence: r.confidence, factors: r.factors ?? {}, caps, kevInSdk: caps.includes(KEV_CAP_ID), attestations: (r.attestations ?? []).sort() }];
    }),
  );
}

type ApplicationRow = { id: string; slug: string; criticality: number; team: string | null; environment: string; lifecycle: string; declared: string[] };

export async function loadApplicationFacts(db: Db, filter: { ids?: string[]; slug?: string } = {}): Promise<Map<string, ApplicationFacts>> {
  const where = filter.slug !== undefined ? sql`where a.slug = ${filter.slug}` : filter.ids ? sql`where a.id = any(${`{${filter.ids.join(",")}}`}::uuid[])` : sql``;
  const rows = rowsOf<ApplicationRow>(
    await db.execute(sql`
      select a.id, a.slug, a.criticality, t.slug as team, a.environment::text as environment, a.lifecycle::text as lifecycle, a.data_classes::text[] as declared
      from applications a left join teams t on t.id = a.owner_team_id ${where}`),
  );
  return new Map(rows.map((r) => [r.id, { id: r.id, facts: { slug: r.slug, criticality: r.criticality, team: r.team, environment: r.environment, lifecycle: r.lifecycle }, declared: r.declared ?? [] }]));
}

/** Live (not revoked, not expired) exceptions, keyed by `${applicationId}|${providerId ?? host}`. */
export async function loadExceptions(db: Db, now: Date, applicationIds?: string[]): Promise<Map<string, PolicyException>> {
  const scope = applicationIds ? sql`and application_id = any(${`{${applicationIds.join(",")}}`}::uuid[])` : sql``;
  const rows = rowsOf<{ id: string; application_id: string; provider_id: string | null; host: string | null; owner: string; justification: string; expires_at: string | Date }>(
    await db.execute(sql`select id, application_id, provider_id, host, owner, justification, expires_at from policy_exceptions where revoked_at is null and expires_at > ${now.toISOString()}::timestamptz ${scope}`),
  );
  return new Map(rows.map((r) => [exceptionKey(r.application_id, r.provider_id, r.host), { id: r.id, owner: r.owner, justification: r.justification, expiresAt: new Date(r.expires_at) }]));
}

export function exceptionKey(applicationId: string, providerId: string | null, host: string | null): string {
  return `${applicationId}|${providerId ?? `host:${host ?? ""}`}`;
}

type DependencyRow = {
  id: string;
  application_id: string;
  target_kind: "provider" | "internal_api" | "unclassified";
  provider_id: string | null;
  host: string | null;
  hosts: string[];
  observed: string[];
  narrowed: string[] | null;
  call_count: number | string;
  first_seen_at: string | Date | null;
  last_seen_at: string | Date | null;
  sources: string[] | string;
};

const NO_HOSTS: string[] = [];

/** Postgres arrays of enums may arrive as their text form ("{traffic,sbom}") on some drivers. */
function textArray(v: string[] | string | null): string[] {
  if (Array.isArray(v)) return v;
  if (!v || v === "{}") return [];
  return v.slice(1, -1).split(",");
}

/**
 * Every dependency (of the given applications, or all) with its decision subject and live exception.
 * `known`: application and provider facts the caller already holds (the decision point's snapshot),
 * so they are not read again; providers missing from it are still read.
 */
export async function loadDependencySubjects(
  db: Db,
  now: Date,
  applicationIds?: string[],
  known: { apps?: Map<string, ApplicationFacts>; providers?: Map<string, ProviderFacts> } = {},
): Promise<DependencySubject[]> {
  const scope = applicationIds ? sql`where d.application_id = any(${`{${applicationIds.join(",")}}`}::uuid[])` : sql``;
  const [depRows, apps, exceptions] = await Promise.all([
    db.execute(sql`
      select d.id, d.application_id, d.target_kind, d.provider_id, d.host, d.hosts, d.data_classes as observed, d.narrowed_data_classes as narrowed,
        d.call_count, d.first_seen_at, d.last_seen_at, d.sources::text[] as sources
      from dependencies d ${scope}`),
    known.apps ?? loadApplicationFacts(db, applicationIds ? { ids: applicationIds } : {}),
    loadExceptions(db, now, applicationIds),
  ]);
  const rows = rowsOf<DependencyRow>(depRows);
  const providerIds = [...new Set(rows.map((r) => r.provider_id).filter((id): id is string => Boolean(id)))];
  const missing = known.providers ? providerIds.filter((id) => !known.providers?.has(id)) : providerIds;
  const loaded = missing.length ? await loadProviderFacts(db, missing) : new Map<string, ProviderFacts>();
  const providers = known.providers ? { get: (id: string) => known.providers?.get(id) ?? loaded.get(id) } : loaded;
  // Subjects are read-only: one provider part per provider, one copy of each set of data classes and
  // sources, the application's id string once. The decision point keeps every loaded application's
  // subjects in memory, and a smaller live heap is less for the garbage collector to mark under load.
  const providerParts = new Map<string, NonNullable<DecisionSubject["provider"]>>();
  const interned = new Map<string, string[]>();
  const intern = (values: string[]): string[] => {
    const key = values.join(",");
    let shared = interned.get(key);
    if (!shared) interned.set(key, (shared = values));
    return shared;
  };
  const out: DependencySubject[] = [];
  for (const r of rows) {
    const app = apps.get(r.application_id);
    if (!app) continue;
    const provider = r.provider_id ? (providers.get(r.provider_id) ?? null) : null;
    let providerPart = provider ? (providerParts.get(provider.id) ?? null) : null;
    if (provider && !providerPart) providerParts.set(provider.id, (providerPart = providerSubject(provider)));
    out.push({
      dependencyId: r.id,
      applicationId: app.id,
      providerId: provider?.id ?? r.provider_id,
      hosts: r.hosts?.length ? r.hosts : NO_HOSTS,
      subject: {
        application: app.facts,
        provider: providerPart,
        dependency: {
          target: r.target_kind,
          host: r.host ?? r.hosts?.[0] ?? null,
          dataClasses: intern(policyDataClasses(r.observed ?? [], app.declared, r.narrowed)),
          callsPerDay: callsPerDay(Number(r.call_count), r.first_seen_at ? new Date(r.first_seen_at) : null, r.last_seen_at ? new Date(r.last_seen_at) : null),
          sources: intern(textArray(r.sources)),
        },
      },
      exception: exceptions.get(exceptionKey(r.application_id, r.provider_id, r.provider_id ? null : r.host)) ?? null,
    });
  }
  return out;
}

/** The provider part of a subject (without the server's id and host patterns). */
export function providerSubject(p: ProviderFacts): NonNullable<DecisionSubject["provider"]> {
  return { slug: p.slug, name: p.name, score: p.score, grade: p.grade, confidence: p.confidence, factors: p.factors, caps: p.caps, kevInSdk: p.kevInSdk, attestations: p.attestations };
}
