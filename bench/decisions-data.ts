// The data behind `npm run bench:decisions`: 4,000 applications × 50 dependencies
// (mostly on catalogue providers, some unclassified hosts), a latest score row for
// the providers (grades A–F and some ungraded), four policies applied through
// applyPolicyFile (so they are valid and audited), an admin and a `read` token.
// Everything is inserted set-based (one INSERT … SELECT FROM unnest(…) per table).
//
// The generator keeps its own knowledge of what it created (each application's
// tier and declared data, each provider's grade, each dependency's host and data)
// and derives from it, independently of the code under test, the decision every
// (application, host) pair must get: that is the truth the bench checks answers against.
//
// Run alone: `tsx --conditions=react-server bench/decisions-data.ts [--keep]` seeds
// sibyl_bench_decisions_data, prints the timings and drops it (unless --keep).
import crypto from "node:crypto";
import { performance } from "node:perf_hooks";
import postgres from "postgres";

export const APPLICATIONS = 4_000;
export const DEPENDENCIES_PER_APP = 50;
export const UNCLASSIFIED_PER_APP = 5;
export const ADMIN_EMAIL = "bench-admin@decisions.sibyl.test";

export type Action = "allow" | "alert" | "require_approval" | "quarantine";
type Grade = "A" | "B" | "C" | "D" | "F" | null;

export interface BenchApp {
  slug: string;
  tier: number;
  /** Declared data classes (the application's). */
  declared: string[];
}

export interface BenchPair {
  app: string;
  host: string;
  /** Whether the host is one of the application's stored dependencies. */
  known: boolean;
  expected: Action;
}

export interface DecisionsData {
  token: string;
  apps: BenchApp[];
  /** Every stored dependency as (app, host) with its expected decision (200,000). */
  knownPairs: BenchPair[];
  /** Hosts no provider claims and no application depends on, with the decision they must get. */
  unknownPairs: (app: BenchApp, host: string) => BenchPair;
  /** A pool of hosts unknown to Sibyl. */
  unknownHosts: string[];
  counts: { providersUsed: number; byGrade: Record<string, number>; byExpected: Record<Action, number> };
  timings: { insertSeconds: number; reevaluateSeconds: number; reevaluateAgainSeconds: number; reevaluated: number };
}

/** Deterministic PRNG (mulberry32), so the data and the request mix are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GRADE_CYCLE: Grade[] = ["F", "D", "C", "C", "B", "B", "B", "A", "A", null];
const SCORE_OF: Record<string, number> = { A: 92, B: 81, C: 68, D: 55, F: 30 };
const DECLARED_CYCLE: string[][] = [[], ["pii"], ["internal"], ["pci"], ["pii", "pci"]];

export const BENCH_POLICIES = [
  {
    name: "Quarantine grade-F providers for tier-1 applications",
    priority: 5,
    mode: "enforce",
    action: "quarantine",
    conditions: { all: [{ field: "provider.grade", op: "lte", value: "F" }, { field: "application.criticality", op: "eq", value: 1 }] },
  },
  {
    name: "Require approval for unclassified hosts from tier-1 applications",
    priority: 10,
    mode: "enforce",
    action: "require_approval",
    conditions: { all: [{ field: "dependency.target", op: "eq", value: "unclassified" }, { field: "application.criticality", op: "eq", value: 1 }] },
  },
  {
    name: "Watch SDKs with known exploited vulnerabilities",
    priority: 20,
    mode: "monitor",
    action: "quarantine",
    conditions: { all: [{ field: "provider.kevInSdk", op: "eq", value: true }] },
  },
  {
    name: "Alert on grade D or worse receiving PII",
    priority: 50,
    mode: "enforce",
    action: "alert",
    conditions: { all: [{ field: "provider.grade", op: "lte", value: "D" }, { field: "dependency.dataClasses", op: "in", value: ["pii"] }] },
  },
];

/** The decision the bench policies must give, from the generator's own facts (default action: allow). */
export function expectedDecision(tier: number, provider: { grade: Grade } | null, sendsPii: boolean): Action {
  if (provider) {
    if (provider.grade === "F" && tier === 1) return "quarantine";
    if ((provider.grade === "D" || provider.grade === "F") && sendsPii) return "alert";
    return "allow";
  }
  return tier === 1 ? "require_approval" : "allow";
}

/** Whether a catalogue pattern covers a host (exact, or a wildcard's strict subdomain). */
function covers(pattern: string, host: string): boolean {
  return pattern.startsWith("*.") ? host.endsWith(pattern.slice(1)) : pattern === host;
}

/**
 * Seeds an empty, migrated database with the catalogue synced (the caller does
 * that) and returns what it created. `log` receives progress lines.
 */
export async function generateDecisionsData(url: string, log: (line: string) => void = console.log): Promise<DecisionsData> {
  const { openDatabase } = await import("@/db/client");
  const { applyPolicyFile } = await import("@/lib/server/policies/store");
  const { reevaluateDecisions } = await import("@/lib/server/policies/reevaluate");
  const { generateApiToken } = await import("@/lib/domain/auth/api-token");
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  const handle = await openDatabase({ url, dataDir: "unused" });
  const random = rng(20_260_501);
  const t0 = performance.now();
  try {
    // Admin, token (hashed), scoring model.
    const [admin] = await sql<{ id: string }[]>`insert into users (email, name, role) values (${ADMIN_EMAIL}, 'Bench admin', 'admin') returning id`;
    const { token, prefix, hash } = generateApiToken();
    await sql`insert into api_tokens (name, prefix, token_hash, scopes, created_by_id) values ('bench-decisions', ${prefix}, ${hash}, '{read}', ${admin.id})`;
    const [model] = await sql<{ id: string }[]>`
      insert into scoring_models (version, weights, note) values (coalesce((select max(version) from scoring_models), 0) + 1, '{"transport": 1}', 'bench:decisions')
      returning id`;

    // Providers with a host no other provider claims (the catalogue's wildcards may nest), grades by slug order.
    const providers = await sql<{ id: string; slug: string; host_patterns: string[] }[]>`select id, slug, host_patterns from providers order by slug`;
    const allPatterns = providers.flatMap((p) => p.host_patterns.map((pattern) => ({ owner: p.id, pattern })));
    const claimedOnlyBy = (host: string, owner: string) => allPatterns.every((x) => x.owner === owner || !covers(x.pattern, host));
    const usable: { id: string; slug: string; host: string; grade: Grade }[] = [];
    for (const p of providers) {
      const candidates = [...p.host_patterns.filter((h) => !h.startsWith("*.")), ...p.host_patterns.filter((h) => h.startsWith("*.")).map((h) => `bench-api.${h.slice(2)}`)];
      const host = candidates.find((h) => /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/.test(h) && claimedOnlyBy(h, p.id) && p.host_patterns.some((x) => covers(x, h)));
      if (host) usable.push({ id: p.id, slug: p.slug, host, grade: GRADE_CYCLE[usable.length % GRADE_CYCLE.length] });
    }
    const perApp = DEPENDENCIES_PER_APP - UNCLASSIFIED_PER_APP;
    if (usable.length < perApp) throw new Error(`only ${usable.length} catalogue providers have an unambiguous host; need ${perApp}`);
    const byGrade: Record<string, number> = {};
    for (const p of usable) byGrade[p.grade ?? "ungraded"] = (byGrade[p.grade ?? "ungraded"] ?? 0) + 1;
    const factors = (score: number) => JSON.stringify(["transport", "http_hygiene", "authentication", "incidents"].map((name, i) => ({ name, subscore: Math.max(0, Math.min(100, score + (i - 1.5) * 6)), weight: 0.25, evidence: {} })));
    await sql`
      insert into provider_scores (provider_id, model_id, score, grade, confidence, factors, caps, computed_at, assessed_at)
      select p, ${model.id}::uuid, s, g, c, f::json, cp::json, now(), now()
      from unnest(${sql.array(usable.map((p) => p.id))}::uuid[], ${sql.array(usable.map((p) => (p.grade ? SCORE_OF[p.grade] : 50)))}::float8[],
        ${sql.array(usable.map((p) => p.grade ?? "NULL"))}::text[], ${sql.array(usable.map((p) => (p.grade ? 0.9 : 0.2)))}::float8[],
        ${sql.array(usable.map((p) => factors(p.grade ? SCORE_OF[p.grade] : 50)))}::text[],
        ${sql.array(usable.map((p) => (p.grade === "F" ? '[{"id":"expired-certificate","grade":"F"}]' : "[]")))}::text[]) as t(p, s, g0, c, f, cp),
        lateral (select nullif(g0, 'NULL') as g) gg`;

    // Teams and applications.
    const teamIds = Array.from({ length: 40 }, () => crypto.randomUUID());
    await sql`insert into teams (id, slug, name) select id, 'bench-team-' || n, 'Bench team ' || n from unnest(${sql.array(teamIds)}::uuid[]) with ordinality as t(id, n)`;
    const apps: (BenchApp & { id: string })[] = Array.from({ length: APPLICATIONS }, (_, i) => ({
      id: crypto.randomUUID(),
      slug: `bench-app-${String(i + 1).padStart(4, "0")}`,
      tier: (i % 4) + 1,
      declared: DECLARED_CYCLE[Math.floor(i / 4) % DECLARED_CYCLE.length],
    }));
    await sql`
      insert into applications (id, slug, name, owner_team_id, criticality, data_classes)
      select id, slug, 'Bench ' || slug, team, tier, dc::data_class[]
      from unnest(${sql.array(apps.map((a) => a.id))}::uuid[], ${sql.array(apps.map((a) => a.slug))}::text[], ${sql.array(apps.map((_, i) => teamIds[i % teamIds.length]))}::uuid[],
        ${sql.array(apps.map((a) => a.tier))}::int[], ${sql.array(apps.map((a) => `{${a.declared.join(",")}}`))}::text[]) as t(id, slug, team, tier, dc)`;

    // Dependencies: 45 distinct providers per application (a stride through the usable ones), 5 unclassified hosts.
    const dep = { app: [] as string[], kind: [] as string[], provider: [] as (string | null)[], host: [] as string[], pii: [] as boolean[], calls: [] as number[] };
    const knownPairs: BenchPair[] = [];
    const byExpected: Record<Action, number> = { allow: 0, alert: 0, require_approval: 0, quarantine: 0 };
    apps.forEach((a, i) => {
      const start = Math.floor(random() * usable.length);
      const declaresPii = a.declared.includes("pii");
      for (let j = 0; j < DEPENDENCIES_PER_APP; j++) {
        const edgePii = random() < 0.2;
        const provider = j < perApp ? usable[(start + j) % usable.length] : null;
        const host = provider ? provider.host : `svc-${j - perApp}.app-${i + 1}.corp-bench.internal`;
        dep.app.push(a.id);
        dep.kind.push(provider ? "provider" : "unclassified");
        dep.provider.push(provider?.id ?? null);
        dep.host.push(host);
        dep.pii.push(edgePii);
        dep.calls.push(1 + Math.floor(random() * 100_000));
        const expected = expectedDecision(a.tier, provider, declaresPii || edgePii);
        byExpected[expected] += 1;
        knownPairs.push({ app: a.slug, host, known: true, expected });
      }
    });
    await sql`
      insert into dependencies (application_id, target_kind, provider_id, host, hosts, call_count, data_classes, sources, first_seen_at, last_seen_at)
      select app, kind::dependency_target, provider, host, array[host], calls, case when pii then '{pii}'::text[] else '{}'::text[] end, '{traffic}'::dependency_source[],
        now() - interval '30 days', now() - interval '1 hour'
      from unnest(${sql.array(dep.app)}::uuid[], ${sql.array(dep.kind)}::text[], ${sql.array(dep.provider as string[])}::uuid[], ${sql.array(dep.host)}::text[],
        ${sql.array(dep.calls)}::bigint[], ${sql.array(dep.pii)}::boolean[]) as t(app, kind, provider, host, calls, pii)`;
    await sql`ANALYZE`;
    const insertSeconds = (performance.now() - t0) / 1000;
    log(`Inserted ${usable.length} provider scores, ${apps.length.toLocaleString("en")} applications and ${dep.app.length.toLocaleString("en")} dependencies in ${insertSeconds.toFixed(1)} s.`);

    // Policies through the product's own path (validated, audited); then one full re-evaluation, timed.
    const actor = { userId: admin.id, label: ADMIN_EMAIL, role: "admin" as const };
    // applyPolicyFile re-evaluates every dependency in its transaction: the first evaluation (all 200,000 decisions written).
    const tApply = performance.now();
    const applied = await applyPolicyFile(handle.db, actor, { policies: BENCH_POLICIES });
    const reevaluateSeconds = (performance.now() - tApply) / 1000;
    log(`applyPolicyFile (${applied.created.length} policies created) re-evaluated ${applied.decisions.evaluated.toLocaleString("en")} dependencies in ${reevaluateSeconds.toFixed(1)} s (first evaluation: every decision, history row and finding written).`);
    const tAgain = performance.now();
    const again = await reevaluateDecisions(handle.db, "bench:decisions");
    const reevaluateAgainSeconds = (performance.now() - tAgain) / 1000;
    log(`reevaluateDecisions re-evaluated ${again.evaluated.toLocaleString("en")} dependencies in ${reevaluateAgainSeconds.toFixed(1)} s (nothing changed: ${again.changed} changes).`);
    const byDecision = Object.fromEntries(Object.entries(applied.decisions.byDecision));
    for (const k of Object.keys(byExpected) as Action[]) {
      if (byDecision[k] !== byExpected[k]) throw new Error(`re-evaluation decided ${JSON.stringify(byDecision)}, the generator expects ${JSON.stringify(byExpected)}`);
    }

    const unknownHosts = Array.from({ length: 2_000 }, (_, i) => `h${i}-${Math.floor(random() * 1e9).toString(36)}.unknown-bench.example.org`);
    if (unknownHosts.some((h) => allPatterns.some((x) => covers(x.pattern, h)))) throw new Error("an unknown bench host is claimed by a catalogue provider");
    return {
      token,
      apps: apps.map(({ slug, tier, declared }) => ({ slug, tier, declared })),
      knownPairs,
      unknownHosts,
      unknownPairs: (app, host) => ({ app: app.slug, host, known: false, expected: expectedDecision(app.tier, null, false) }),
      counts: { providersUsed: usable.length, byGrade, byExpected },
      timings: { insertSeconds, reevaluateSeconds, reevaluateAgainSeconds, reevaluated: again.evaluated },
    };
  } finally {
    await sql.end({ timeout: 5 });
    await handle.close();
  }
}

/** Creates the database, migrates it and syncs the provider catalogue. */
export async function prepareDatabase(name: string): Promise<string> {
  const { recreateDatabase } = await import("../test/pg-admin");
  const { openDatabase } = await import("@/db/client");
  const { migrateDatabase } = await import("@/db/migrate");
  const { syncProviderCatalog } = await import("@/db/seed/catalog");
  const url = await recreateDatabase(name);
  const handle = await openDatabase({ url, dataDir: "unused" });
  try {
    await migrateDatabase(handle);
    await syncProviderCatalog(handle.db);
  } finally {
    await handle.close();
  }
  return url;
}

if (process.argv[1] && /decisions-data\.ts$/.test(process.argv[1])) {
  const name = "sibyl_bench_decisions_data";
  (async () => {
    const t = performance.now();
    const url = await prepareDatabase(name);
    console.log(`Migrated and synced the catalogue in ${((performance.now() - t) / 1000).toFixed(1)} s.`);
    const data = await generateDecisionsData(url);
    console.log(JSON.stringify(data.counts), JSON.stringify(data.timings));
    if (!process.argv.includes("--keep")) await (await import("../test/pg-admin")).dropDatabase(name);
  })().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
