import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { bandOfRisk, mostSensitiveClass, type Level, type RiskBand } from "@/lib/domain/scoring/dependency-risk";
import { KEV_CAP_ID } from "@/lib/domain/scoring/sdk-vulnerabilities";
import { ACTIVE_STATES } from "@/lib/domain/triage/states";
import {
  emptySeverityCounts,
  SEVERITIES,
  type AcceptanceEvidence,
  type ApplicationEvidence,
  type DependencyEvidence,
  type FindingEvidence,
  type LintEvidence,
  type RegisterEntry,
  type ReportEvidence,
  type ReportPeriod,
  type ReportScope,
  type Severity,
  type TrendPoint,
} from "@/lib/domain/reports/evidence";
import { rowsOf } from "../db-results";
import { getSlaDays } from "../triage/settings";

// Reads one report's evidence (lib/domain/reports/evidence.ts) from the
// database: a handful of set-based queries over the applications in scope,
// never one query per application or provider, so a portfolio of thousands of
// applications reads in well under a second.

/**
 * Active findings and accepted risks listed one by one in a report (the most severe and oldest
 * findings, the acceptances expiring soonest); the counts always cover all of them, and the
 * findings queue and its CSV export list every one. Past a few hundred rows a PDF is no longer
 * read, and each listed row costs layout time.
 */
export const MAX_LISTED_FINDINGS = 200;
export const MAX_LISTED_ACCEPTANCES = 200;

export class ScopeNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScopeNotFoundError";
  }
}

export interface GatherInput {
  scope: { kind: "portfolio" } | { kind: "team"; slug: string } | { kind: "application"; slug: string };
  period: ReportPeriod;
  generatedBy: { name: string; email: string; role: string };
  now?: Date;
}

const iso = (d: Date | string | null | undefined): string | null => (d == null ? null : new Date(d).toISOString());
const num = (v: unknown): number => Number(v ?? 0);
const ACTIVE = sql.raw(ACTIVE_STATES.map((s) => `'${s}'`).join(", "));

/** The team or application a scope names (id, slug, name); throws ScopeNotFoundError when there is none. */
export async function scopeRow(db: Db, input: { kind: "team" | "application"; slug: string }): Promise<{ id: string; slug: string; name: string }> {
  const table = input.kind === "team" ? sql`teams` : sql`applications`;
  const [row] = rowsOf<{ id: string; slug: string; name: string }>(await db.execute(sql`select id, slug, name from ${table} where slug = ${input.slug}`));
  if (!row) throw new ScopeNotFoundError(`No ${input.kind} with the slug "${input.slug}".`);
  return row;
}

async function resolveScope(db: Db, input: GatherInput["scope"]): Promise<{ scope: ReportScope; appFilter: SQL }> {
  if (input.kind === "portfolio") return { scope: { kind: "portfolio" }, appFilter: sql`true` };
  const row = await scopeRow(db, input);
  return { scope: { kind: input.kind, slug: row.slug, name: row.name }, appFilter: input.kind === "team" ? sql`a.owner_team_id = ${row.id}` : sql`a.id = ${row.id}` };
}

const PAYMENT = new Set(["pci", "card_number", "payment"]);

export async function gatherEvidence(db: Db, input: GatherInput): Promise<ReportEvidence> {
  const now = input.now ?? new Date();
  const { scope, appFilter } = await resolveScope(db, input.scope);
  // Raw SQL parameters are strings: postgres-js does not serialise Date objects in db.execute.
  const periodFrom = sql`${`${input.period.from}T00:00:00Z`}::timestamptz`;
  const periodEnd = sql`${new Date(Date.parse(`${input.period.to}T00:00:00Z`) + 86_400_000).toISOString()}::timestamptz`;
  const nowSql = sql`${now.toISOString()}::timestamptz`;
  const inScope = sql`(select a.id from applications a where ${appFilter})`;

  const [appRows, depRows, findingRows, countRows, periodRows, resolveRows, acceptanceRows, inventoryRows, trendRows, modelRows, sourceRows, slaDays] = await Promise.all([
    db.execute(sql`
      select a.id, a.slug, a.name, t.name as team, a.criticality, a.data_classes::text[] as data_classes, a.environment, a.lifecycle,
             (select max(d.risk) from dependencies d where d.application_id = a.id) as risk,
             (select count(*) from dependencies d where d.application_id = a.id) as dependencies
      from applications a left join teams t on t.id = a.owner_team_id
      where ${appFilter} order by a.name`),
    db.execute(sql`
      select d.application_id, d.target_kind, d.provider_id, d.likelihood, d.impact, d.risk, d.risk_band, d.data_classes, d.narrowed_data_classes,
             d.call_count, d.sources::text[] as sources, d.first_seen_at, d.last_seen_at,
             coalesce(p.name, ia.name, ta.name, d.host, '(unknown)') as target_name, p.slug as provider_slug
      from dependencies d
      left join providers p on p.id = d.provider_id
      left join internal_apis ia on ia.id = d.internal_api_id
      left join applications ta on ta.id = d.target_application_id
      where d.application_id in ${inScope}
      order by d.risk desc nulls last, d.call_count desc`),
    db.execute(sql`
      select f.id, f.kind, f.title, f.severity, f.status, f.owasp_category, a.slug as app_slug, p.slug as provider_slug, u.name as assignee, f.due_at, f.first_seen_at
      from findings f
      left join applications a on a.id = f.application_id
      left join providers p on p.id = f.provider_id
      left join users u on u.id = f.assignee_id
      where f.status in (${ACTIVE}) and (f.application_id in ${inScope} ${scope.kind === "portfolio" ? sql`or f.application_id is null` : sql``})
      order by array_position(array['critical','high','medium','low','info']::text[], f.severity::text), f.due_at nulls last, f.first_seen_at
      limit ${MAX_LISTED_FINDINGS}`),
    db.execute(sql`
      select f.status, f.severity, (f.status in (${ACTIVE}) and f.due_at < ${nowSql}) as past_sla, f.owasp_category, count(*) as n
      from findings f
      where f.application_id in ${inScope} ${scope.kind === "portfolio" ? sql`or f.application_id is null` : sql``}
      group by 1, 2, 3, 4`),
    db.execute(sql`
      select count(*) filter (where f.first_seen_at >= ${periodFrom} and f.first_seen_at < ${periodEnd}) as opened,
             count(*) filter (where f.closed_at >= ${periodFrom} and f.closed_at < ${periodEnd}) as closed
      from findings f where f.application_id in ${inScope} ${scope.kind === "portfolio" ? sql`or f.application_id is null` : sql``}`),
    db.execute(sql`
      select f.severity, avg(extract(epoch from (f.resolved_at - f.first_seen_at)) / 86400.0) as days
      from findings f
      where f.status = 'resolved' and f.resolved_at >= ${periodFrom} and f.resolved_at < ${periodEnd}
        and (f.application_id in ${inScope} ${scope.kind === "portfolio" ? sql`or f.application_id is null` : sql``})
      group by 1`),
    db.execute(sql`
      select r.finding_id, f.title, f.severity, r.owner, r.decision, r.compensating_controls, r.created_at, r.expires_at
      from risk_acceptances r join findings f on f.id = r.finding_id
      where r.ended_at is null and f.status = 'risk_accepted'
        and (f.application_id in ${inScope} ${scope.kind === "portfolio" ? sql`or f.application_id is null` : sql``})
      order by r.expires_at
      limit ${MAX_LISTED_ACCEPTANCES + 1}`),
    db.execute(sql`
      select (select count(*) from internal_apis i where i.application_id in ${inScope}) as internal_apis,
             (select count(*) from api_spec_versions v join internal_apis i on i.id = v.api_id where i.application_id in ${inScope}) as specs,
             (select count(*) from endpoints e where e.application_id in ${inScope}) as endpoints,
             (select count(*) from endpoints e where e.application_id in ${inScope} and e.status = 'documented') as documented,
             (select count(*) from endpoints e where e.application_id in ${inScope} and e.status = 'shadow') as shadow,
             (select count(*) from endpoints e where e.application_id in ${inScope} and e.status = 'zombie') as zombie,
             (select count(*) from endpoints e where e.application_id in ${inScope} and e.status = 'orphan') as orphan,
             (select count(*) from endpoints e where e.application_id in ${inScope} and e.status = 'deprecated') as deprecated,
             (select count(distinct d.host) from dependencies d where d.application_id in ${inScope} and d.target_kind = 'unclassified') as unclassified_hosts`),
    scope.kind === "portfolio"
      ? db.execute(sql`select day::text as day, mean_risk as risk, worst_risk as worst from portfolio_risk_daily where day >= ${input.period.from}::date and day <= ${input.period.to}::date order by day`)
      : db.execute(sql`
          select r.day::text as day,
                 sum(r.risk * case a.criticality when 1 then 1 when 2 then 0.8 when 3 then 0.6 else 0.4 end) / nullif(sum(case a.criticality when 1 then 1 when 2 then 0.8 when 3 then 0.6 else 0.4 end), 0) as risk,
                 max(r.risk) as worst
          from application_risk_daily r join applications a on a.id = r.application_id
          where r.application_id in ${inScope} and r.day >= ${input.period.from}::date and r.day <= ${input.period.to}::date
          group by r.day order by r.day`),
    db.execute(sql`select version, weights from scoring_models order by version desc limit 1`),
    db.execute(sql`
      select kind::text as kind, source_name as name, max(coalesce(finished_at, started_at)) as last_run_at,
             (array_agg(status::text order by started_at desc))[1] as status
      from ingest_runs where application_id in ${inScope} or application_id is null
      group by 1, 2 order by 3 desc nulls last limit 40`),
    getSlaDays(db),
  ]);

  const apps = rowsOf<{ id: string; slug: string; name: string; team: string | null; criticality: number; data_classes: string[]; environment: string; lifecycle: string; risk: number | null; dependencies: string | number }>(appRows);
  const appById = new Map(apps.map((a) => [a.id, a]));
  const deps = rowsOf<{
    application_id: string; target_kind: DependencyEvidence["targetKind"]; provider_id: string | null; likelihood: number | null; impact: number | null; risk: number | null; risk_band: string | null;
    data_classes: string[]; narrowed_data_classes: string[] | null; call_count: string | number; sources: string[]; first_seen_at: Date | null; last_seen_at: Date | null; target_name: string; provider_slug: string | null;
  }>(depRows);

  const applications: ApplicationEvidence[] = apps.map((a) => ({
    slug: a.slug,
    name: a.name,
    team: a.team,
    criticality: Number(a.criticality),
    dataClasses: a.data_classes ?? [],
    environment: a.environment,
    lifecycle: a.lifecycle,
    risk: a.risk == null ? null : Number(a.risk),
    band: a.risk == null ? null : bandOfRisk(Number(a.risk)),
    dependencies: num(a.dependencies),
  }));

  const effectiveClasses = (d: (typeof deps)[number]): string[] => {
    const app = appById.get(d.application_id);
    const declared = d.narrowed_data_classes ?? app?.data_classes ?? [];
    return [...new Set([...(d.data_classes ?? []), ...(d.target_kind === "provider" ? declared : [])])].sort();
  };

  const dependencies: DependencyEvidence[] = deps.flatMap((d) => {
    const app = appById.get(d.application_id);
    if (!app) return [];
    return {
      applicationSlug: app.slug,
      applicationName: app.name,
      criticality: Number(app.criticality),
      targetKind: d.target_kind,
      targetName: d.target_name,
      providerSlug: d.provider_slug,
      likelihood: (d.likelihood ?? null) as Level | null,
      impact: (d.impact ?? null) as Level | null,
      risk: d.risk == null ? null : Number(d.risk),
      band: (d.risk_band ?? null) as RiskBand | null,
      dataClasses: effectiveClasses(d),
      callCount: num(d.call_count),
      sources: d.sources ?? [],
    };
  });

  // The register: one row per provider in use within scope.
  const providerIds = [...new Set(deps.map((d) => d.provider_id).filter((id): id is string => Boolean(id)))];
  const register = await readRegister(db, providerIds, deps, appById, effectiveClasses, now);

  const counts = rowsOf<{ status: string; severity: Severity; past_sla: boolean; owasp_category: string | null; n: string | number }>(countRows);
  const openBySeverity = emptySeverityCounts();
  const pastSlaBySeverity = emptySeverityCounts();
  const byState: Record<string, number> = {};
  for (const c of counts) {
    byState[c.status] = (byState[c.status] ?? 0) + num(c.n);
    if ((ACTIVE_STATES as readonly string[]).includes(c.status)) {
      openBySeverity[c.severity] += num(c.n);
      if (c.past_sla) pastSlaBySeverity[c.severity] += num(c.n);
    }
  }
  const activeTotal = SEVERITIES.reduce((s, k) => s + openBySeverity[k], 0);
  const [period] = rowsOf<{ opened: string | number; closed: string | number }>(periodRows);
  const meanDaysToResolve: Partial<Record<Severity, number | null>> = {};
  for (const r of rowsOf<{ severity: Severity; days: string | number | null }>(resolveRows)) meanDaysToResolve[r.severity] = r.days == null ? null : Math.round(Number(r.days) * 10) / 10;

  const openFindings: FindingEvidence[] = rowsOf<{ id: string; kind: string; title: string; severity: Severity; status: string; owasp_category: string | null; app_slug: string | null; provider_slug: string | null; assignee: string | null; due_at: Date | null; first_seen_at: Date }>(findingRows).map((f) => ({
    id: f.id,
    kind: f.kind,
    title: f.title,
    severity: f.severity,
    state: f.status,
    owasp: f.owasp_category,
    applicationSlug: f.app_slug,
    providerSlug: f.provider_slug,
    assignee: f.assignee,
    dueAt: iso(f.due_at),
    pastSla: f.due_at != null && new Date(f.due_at) < now,
    firstSeenAt: new Date(f.first_seen_at).toISOString(),
  }));

  const acceptanceList = rowsOf<{ finding_id: string; title: string; severity: Severity; owner: string; decision: string; compensating_controls: string | null; created_at: Date; expires_at: Date }>(acceptanceRows).map((r) => ({
    findingId: r.finding_id,
    findingTitle: r.title,
    severity: r.severity,
    owner: r.owner,
    decision: r.decision,
    compensatingControls: r.compensating_controls,
    acceptedAt: new Date(r.created_at).toISOString(),
    expiresAt: new Date(r.expires_at).toISOString(),
    expired: new Date(r.expires_at) < now,
  }));
  const acceptances: AcceptanceEvidence[] = acceptanceList.slice(0, MAX_LISTED_ACCEPTANCES);
  const acceptedTotal = (byState.risk_accepted ?? 0);

  const [inv] = rowsOf<Record<string, string | number>>(inventoryRows);
  const [model] = rowsOf<{ version: number; weights: Record<string, number> }>(modelRows);
  const lint = await readLint(db, providerIds);

  return {
    scope,
    period: input.period,
    generatedAt: now.toISOString(),
    generatedBy: input.generatedBy,
    applications,
    register,
    dependencies,
    findingCounts: { openBySeverity, pastSlaBySeverity, byState, openedInPeriod: num(period?.opened), resolvedInPeriod: num(period?.closed), meanDaysToResolve },
    openFindings,
    findingsTruncated: Math.max(0, activeTotal - openFindings.length),
    acceptances,
    acceptancesTruncated: Math.max(0, acceptedTotal - acceptances.length),
    lint,
    inventory: {
      internalApis: num(inv?.internal_apis),
      specs: num(inv?.specs),
      endpoints: num(inv?.endpoints),
      documented: num(inv?.documented),
      shadow: num(inv?.shadow),
      zombie: num(inv?.zombie),
      orphan: num(inv?.orphan),
      deprecated: num(inv?.deprecated),
      unclassifiedHosts: num(inv?.unclassified_hosts),
    },
    trend: rowsOf<{ day: string; risk: string | number | null; worst: string | number | null }>(trendRows).map((r): TrendPoint => ({ day: r.day, risk: Math.round(num(r.risk) * 10) / 10, worst: Math.round(num(r.worst) * 10) / 10 })),
    methodology: {
      modelVersion: model ? `v${model.version}` : null,
      weights: Object.entries(model?.weights ?? {}).map(([factor, weight]) => ({ factor, weight: Number(weight) })).sort((a, b) => b.weight - a.weight),
      slaDays: { ...slaDays },
      sources: rowsOf<{ kind: string; name: string; last_run_at: Date | null; status: string | null }>(sourceRows).map((s) => ({ kind: s.kind, name: s.name, lastRunAt: iso(s.last_run_at), status: s.status })),
      lastRescoreAt: register.reduce<string | null>((max, r) => (r.assessedAt && (!max || r.assessedAt > max) ? r.assessedAt : max), null),
    },
  };
}

async function readRegister(
  db: Db,
  providerIds: string[],
  deps: { application_id: string; provider_id: string | null; risk: number | null; call_count: string | number; sources: string[]; first_seen_at: Date | null; last_seen_at: Date | null; target_kind: string; data_classes: string[]; narrowed_data_classes: string[] | null }[],
  appById: Map<string, { slug: string; name: string; criticality: number; data_classes: string[] }>,
  effectiveClasses: (d: never) => string[],
  now: Date,
): Promise<RegisterEntry[]> {
  if (!providerIds.length) return [];
  const ids = sql`array[${sql.join(providerIds.map((id) => sql`${id}::uuid`), sql`, `)}]`;
  const [providerRows, attestationRows] = await Promise.all([
    db.execute(sql`
      select p.id, p.slug, p.name, p.category, p.website, s.score, s.grade, s.confidence, coalesce(s.assessed_at, s.computed_at) as assessed_at, s.caps::text as caps
      from providers p
      left join lateral (select * from provider_scores ps where ps.provider_id = p.id order by ps.computed_at desc, ps.id desc limit 1) s on true
      where p.id = any(${ids})`),
    db.execute(sql`select provider_id, kind::text as kind, issued_on::text as issued_on, expires_on::text as expires_on from attestations where provider_id = any(${ids}) order by expires_on desc`),
  ]);
  const attestationsBy = new Map<string, RegisterEntry["attestations"]>();
  const today = now.toISOString().slice(0, 10);
  for (const a of rowsOf<{ provider_id: string; kind: RegisterEntry["attestations"][number]["kind"]; issued_on: string | null; expires_on: string }>(attestationRows)) {
    const list = attestationsBy.get(a.provider_id) ?? [];
    list.push({ kind: a.kind, issuedOn: a.issued_on, expiresOn: a.expires_on, expired: a.expires_on < today });
    attestationsBy.set(a.provider_id, list);
  }
  const depsBy = new Map<string, typeof deps>();
  for (const d of deps) if (d.provider_id) depsBy.set(d.provider_id, [...(depsBy.get(d.provider_id) ?? []), d]);

  const entries = rowsOf<{ id: string; slug: string; name: string; category: string; website: string | null; score: number | null; grade: string | null; confidence: number | null; assessed_at: Date | null; caps: string | null }>(providerRows).map((p): RegisterEntry => {
    const on = depsBy.get(p.id) ?? [];
    const classes = new Set<string>();
    for (const d of on) for (const c of effectiveClasses(d as never)) classes.add(c);
    const apps = [...new Set(on.map((d) => d.application_id))].flatMap((id) => appById.get(id) ?? []);
    const caps = (p.caps ? (JSON.parse(p.caps) as { id: string }[]) : []).map((c) => c.id);
    const risks = on.map((d) => d.risk).filter((r): r is number => r != null).map(Number);
    const contextualRisk = risks.length ? Math.max(...risks) : null;
    const firstSeen = on.flatMap((d) => (d.first_seen_at ? [new Date(d.first_seen_at).toISOString()] : [])).sort();
    const lastSeen = on.flatMap((d) => (d.last_seen_at ? [new Date(d.last_seen_at).toISOString()] : [])).sort();
    return {
      providerSlug: p.slug,
      providerName: p.name,
      category: p.category,
      website: p.website,
      grade: p.grade,
      score: p.score == null ? null : Math.round(Number(p.score) * 10) / 10,
      confidence: p.confidence == null ? null : Number(p.confidence),
      assessedAt: iso(p.assessed_at),
      caps,
      dependents: apps.length,
      dependentApplications: apps.map((a) => a.name).sort(),
      dataClasses: [...classes].sort(),
      sensitivity: mostSensitiveClass(classes),
      contextualRisk,
      band: contextualRisk == null ? null : bandOfRisk(contextualRisk),
      callCount: on.reduce((s, d) => s + num(d.call_count), 0),
      sources: [...new Set(on.flatMap((d) => d.sources ?? []))].sort(),
      attestations: attestationsBy.get(p.id) ?? [],
      kevInSdk: caps.includes(KEV_CAP_ID),
      supportsCriticalApplication: apps.some((a) => Number(a.criticality) === 1),
      sendsPaymentData: [...classes].some((c) => PAYMENT.has(c)),
      firstSeenAt: firstSeen[0] ?? null,
      lastSeenAt: lastSeen.at(-1) ?? null,
    };
  });
  return entries.sort((a, b) => (b.contextualRisk ?? -1) - (a.contextualRisk ?? -1) || a.providerName.localeCompare(b.providerName));
}

/** OWASP design checks of the providers' specs, summed per category from their latest spec_hygiene factor. */
async function readLint(db: Db, providerIds: string[]): Promise<LintEvidence[]> {
  if (!providerIds.length) return [];
  const ids = sql`array[${sql.join(providerIds.map((id) => sql`${id}::uuid`), sql`, `)}]`;
  const rows = rowsOf<{ evidence: string | null }>(
    await db.execute(sql`
      select (select f::text from json_array_elements(s.factors) f where f->>'name' = 'spec_hygiene' limit 1) as evidence
      from providers p
      join lateral (select factors from provider_scores ps where ps.provider_id = p.id order by ps.computed_at desc, ps.id desc limit 1) s on true
      where p.id = any(${ids})`),
  );
  const by = new Map<string, LintEvidence>();
  for (const r of rows) {
    if (!r.evidence) continue;
    const factor = JSON.parse(r.evidence) as { evidence?: { byCategory?: Record<string, { findings: number }>; byRule?: Record<string, { findings: number; severity: string }> } };
    const byCategory = factor.evidence?.byCategory ?? {};
    for (const [category, v] of Object.entries(byCategory)) {
      const entry = by.get(category) ?? { owasp: category, apis: 0, findings: 0, errors: 0, warnings: 0 };
      if (v.findings > 0) entry.apis += 1;
      entry.findings += v.findings;
      by.set(category, entry);
    }
    for (const [rule, v] of Object.entries(factor.evidence?.byRule ?? {})) {
      const match = /^owasp:(api\d+):/.exec(rule);
      if (!match) continue;
      const entry = by.get(match[1].toUpperCase());
      if (!entry) continue;
      if (v.severity === "error") entry.errors += v.findings;
      else if (v.severity === "warn") entry.warnings += v.findings;
    }
  }
  return [...by.values()].sort((a, b) => Number(a.owasp.slice(3)) - Number(b.owasp.slice(3)));
}
