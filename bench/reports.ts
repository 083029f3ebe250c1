// npm run bench:reports -- [--apps 1000] [--providers 200] [--runs 3] [--reuse] [--keep]
// Fills a throw-away PostgreSQL database with a generated portfolio (default 1,000
// applications in 40 teams depending on 200 providers, with scores, attestations,
// 30,000 findings, acceptances and 90 days of risk roll-ups), then generates the
// ISO 27001 portfolio report through the real path (request → evidence → PDF in the
// renderer process → hashes) and times it. Goals: < 10 s per report and peak memory
// (the generating process plus the renderer process, both at their peaks) < 500 MB.
// The PDF's text is then checked against figures computed here from the generated
// rows with plain SQL (providers in use, open critical/high, past SLA, every provider
// name, the printed hash), so a fast report with wrong numbers fails too.
// Exits 1 when a goal is missed or a check fails. Figures go to bench/out/reports.json.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import type postgres from "postgres";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { syncProviderCatalog } from "@/db/seed/catalog";
import { generateReport, requestReport } from "@/lib/server/reports/generate";
import { currentModel } from "@/lib/server/scoring/model-store";
import { databaseUrl, dropDatabase, recreateDatabase } from "../test/pg-admin";

const { values } = parseArgs({ options: { apps: { type: "string" }, providers: { type: "string" }, runs: { type: "string" }, reuse: { type: "boolean" }, keep: { type: "boolean" }, measure: { type: "boolean" } } });
const APPS = Number(values.apps ?? 1000);
const PROVIDERS = Number(values.providers ?? 200);
const RUNS = Number(values.runs ?? 3);
const FINDINGS = 30 * APPS;
const GOAL_SECONDS = 10;
const GOAL_MB = 500;
const DB_NAME = `sibyl_bench_reports_${APPS}`;
const NOW = new Date("2026-11-30T12:00:00Z");

/** Deterministic PRNG (mulberry32) so every run generates the same portfolio. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function generate(sql: postgres.Sql): Promise<void> {
  const rand = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const [model] = await sql<{ id: string }[]>`select id from scoring_models order by version desc limit 1`;
  const providers = await sql<{ id: string; slug: string }[]>`select id, slug from providers order by slug limit ${PROVIDERS}`;
  if (providers.length < PROVIDERS) throw new Error(`The catalog holds ${providers.length} providers; --providers ${PROVIDERS} is more.`);
  const [user] = await sql<{ id: string }[]>`insert into users (email, name, role) values ('ciso@bench.test', 'Bench CISO', 'ciso') returning id`;
  const [analyst] = await sql<{ id: string }[]>`insert into users (email, name, role) values ('secops@bench.test', 'Bench Analyst', 'secops') returning id`;
  const teams = await sql<{ id: string }[]>`insert into teams ${sql(Array.from({ length: 40 }, (_, i) => ({ slug: `team-${i}`, name: `Team ${i} <b>&amp;</b>` })))} returning id`;
  const classes = [[], ["internal"], ["pii"], ["pii", "pci"], ["phi", "pii"], ["credentials", "internal"]];
  const apps: { id: string; criticality: number }[] = [];
  for (let i = 0; i < APPS; i += 500) {
    const rows = Array.from({ length: Math.min(500, APPS - i) }, (_, j) => ({
      slug: `app-${i + j}`,
      name: i + j === 0 ? '=HYPERLINK("http://evil.test","Payroll")' : `Application ${i + j}`,
      owner_team_id: teams[(i + j) % teams.length].id,
      criticality: 1 + Math.floor(rand() * 4),
      data_classes: `{${pick(classes).join(",")}}`,
    }));
    apps.push(...(await sql<{ id: string; criticality: number }[]>`insert into applications ${sql(rows as never)} returning id, criticality`));
  }
  // Scores: a spread of grades, some low-confidence, a few capped.
  const grade = (s: number) => (s >= 90 ? "A" : s >= 80 ? "B" : s >= 70 ? "C" : s >= 60 ? "D" : "F");
  const scoreRows = providers.map((p) => {
    const score = Math.round((40 + rand() * 60) * 10) / 10;
    return { provider_id: p.id, model_id: model.id, score, grade: grade(score), confidence: Math.round((0.4 + rand() * 0.6) * 100) / 100, factors: "[]", caps: JSON.stringify(rand() < 0.05 ? [{ id: "kev-sdk", factor: "sdk_vulnerabilities", reason: "KEV", maxGrade: "F" }] : []), improvements: "[]", computed_at: new Date(NOW.getTime() - rand() * 40 * 86_400_000).toISOString() };
  });
  await sql`insert into provider_scores ${sql(scoreRows as never)}`;
  const kinds = ["soc2_type2", "iso27001", "pci_dss_aoc"];
  const attestations = providers.filter(() => rand() < 0.6).map((p) => ({ provider_id: p.id, kind: pick(kinds), expires_on: new Date(NOW.getTime() + (rand() * 600 - 120) * 86_400_000).toISOString().slice(0, 10) }));
  await sql`insert into attestations ${sql(attestations as never)}`;
  // Dependencies: every provider used by someone; 6–14 per application, skewed towards popular providers.
  const deps: Record<string, unknown>[] = [];
  for (const [i, app] of apps.entries()) {
    const n = 6 + Math.floor(rand() * 9);
    const chosen = new Set<number>([i % PROVIDERS]);
    while (chosen.size < n) chosen.add(Math.floor(Math.pow(rand(), 2) * PROVIDERS));
    for (const k of chosen) {
      const l = 1 + Math.floor(rand() * 5);
      const im = 1 + Math.floor(rand() * 5);
      const product = l * im;
      deps.push({
        application_id: app.id,
        target_kind: "provider",
        provider_id: providers[k].id,
        call_count: Math.floor(rand() * 2_000_000),
        data_classes: `{${pick([[], ["email"], ["email", "card_number"], ["jwt"]]).join(",")}}`,
        sources: `{${pick(["traffic", "sbom"])}}`,
        likelihood: l,
        impact: im,
        risk: 4 * product,
        risk_band: product <= 4 ? "low" : product <= 9 ? "medium" : product <= 16 ? "high" : "critical",
        first_seen_at: new Date(NOW.getTime() - 200 * 86_400_000).toISOString(),
        last_seen_at: new Date(NOW.getTime() - rand() * 5 * 86_400_000).toISOString(),
      });
    }
  }
  for (let i = 0; i < deps.length; i += 2000) {
    await sql`insert into dependencies ${sql(deps.slice(i, i + 2000) as never)}`;
  }
  // Findings: most resolved, a quarter active with SLA due dates, some past.
  const severities = ["critical", "high", "high", "medium", "medium", "medium", "low", "low", "info"];
  const states = ["open", "open", "in_triage", "confirmed", "resolved", "resolved", "resolved", "resolved", "false_positive", "risk_accepted"];
  const sla: Record<string, number> = { critical: 7, high: 30, medium: 90, low: 180, info: 365 };
  for (let i = 0; i < FINDINGS; i += 3000) {
    const rows = Array.from({ length: Math.min(3000, FINDINGS - i) }, (_, j) => {
      const severity = pick(severities);
      const status = pick(states);
      const first = new Date(NOW.getTime() - rand() * 200 * 86_400_000);
      const closed = ["resolved", "false_positive", "risk_accepted"].includes(status) ? new Date(Math.min(NOW.getTime(), first.getTime() + rand() * 60 * 86_400_000)) : null;
      return {
        kind: pick(["shadow_endpoint", "zombie_endpoint", "provider_risk", "weak_transport", "vulnerable_sdk"]),
        severity,
        status,
        fingerprint: `bench-${i + j}`,
        title: `Finding ${i + j} on /v1/things/{id} <img src=x>`,
        owasp_category: pick(["API9", "API10", "API8", null]),
        application_id: apps[Math.floor(rand() * apps.length)].id,
        provider_id: rand() < 0.4 ? providers[Math.floor(rand() * PROVIDERS)].id : null,
        assignee_id: rand() < 0.5 ? analyst.id : null,
        first_seen_at: first.toISOString(),
        last_seen_at: first.toISOString(),
        sla_started_at: first.toISOString(),
        due_at: new Date(first.getTime() + sla[severity] * 86_400_000).toISOString(),
        resolved_at: status === "resolved" ? (closed?.toISOString() ?? null) : null,
        closed_at: closed?.toISOString() ?? null,
        accepted_until: status === "risk_accepted" ? new Date(NOW.getTime() + 90 * 86_400_000).toISOString() : null,
      };
    });
    await sql`insert into findings ${sql(rows as never)}`;
  }
  await sql`
    insert into risk_acceptances (finding_id, owner, decision, compensating_controls, expires_at, created_by_id)
    select id, 'Bench Owner', 'Accepted until the vendor migration', 'WAF rule and monitoring', accepted_until, ${user.id}
    from findings where status = 'risk_accepted' limit 300`;
  // 90 days of portfolio roll-ups, falling slowly.
  const days = Array.from({ length: 90 }, (_, i) => ({
    day: new Date(NOW.getTime() - (89 - i) * 86_400_000).toISOString().slice(0, 10),
    applications: APPS,
    mean_risk: 50 - i * 0.1,
    worst_risk: 100,
    mean_dependency_risk: 30,
    bands: JSON.stringify({ low: 1, medium: 1, high: 1, critical: 1 }),
    application_bands: JSON.stringify({ low: 1, medium: 1, high: 1, critical: 1 }),
    heat: "[[0]]",
    computed_at: NOW.toISOString(),
  }));
  await sql`insert into portfolio_risk_daily ${sql(days as never)}`;
  await sql`analyze`;
}

interface Measured {
  seconds: number;
  /** The generating process's resident memory before it started (modules loaded, database open) and its peak growth during the generation. */
  generatorBaselineMb: number;
  generatorMaxRssMb: number;
  rendererMaxRssMb: number;
  pages: number;
  bytes: number;
  timings: Record<string, number>;
  id: string;
}

/** One generation, in this (fresh) process: its own peak memory is then the report's, not the data generator's. */
async function measureOnce(url: string): Promise<Measured> {
  const handle = await openDatabase({ url, dataDir: "unused" });
  try {
    const [ciso] = await (handle.driver as postgres.Sql)<{ id: string }[]>`select id from users where email = 'ciso@bench.test'`;
    // Peak resident memory so far (modules, database pool): what a running server already holds.
    const baselineMb = Math.round(process.resourceUsage().maxRSS / 1024);
    const t0 = performance.now();
    const report = await requestReport(handle.db, { userId: ciso.id, label: "ciso@bench.test", role: "ciso" }, { framework: "iso27001", scope: "portfolio" }, { now: NOW });
    const result = await generateReport(handle.db, report.id, { now: NOW });
    const seconds = (performance.now() - t0) / 1000;
    return { seconds, generatorBaselineMb: baselineMb, generatorMaxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), rendererMaxRssMb: result.rendererMaxRssMb, pages: result.pages, bytes: result.bytes, timings: result.timings, id: report.id };
  } finally {
    await handle.close();
  }
}

async function main(): Promise<number> {
  const url = databaseUrl(DB_NAME);
  if (values.measure) {
    process.stdout.write(`\n@@${JSON.stringify(await measureOnce(url))}\n`);
    return 0;
  }
  let failed = false;
  if (!values.reuse) {
    await recreateDatabase(DB_NAME);
    const handle = await openDatabase({ url, dataDir: "unused" });
    try {
      await migrateDatabase(handle);
      await syncProviderCatalog(handle.db);
      await currentModel(handle.db);
      const t0 = performance.now();
      await generate(handle.driver as postgres.Sql);
      console.log(`Generated ${APPS} applications, ${PROVIDERS} providers, ${FINDINGS} findings in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      await handle.close();
    }
  }
  const handle = await openDatabase({ url, dataDir: "unused" });
  const sql = handle.driver as postgres.Sql;
  const runs: Measured[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1], "--measure", "--apps", String(APPS), "--providers", String(PROVIDERS)], { encoding: "utf8", env: process.env, timeout: 300_000 });
      const line = child.stdout.split("\n").find((l) => l.startsWith("@@"));
      if (child.status !== 0 || !line) {
        console.error(`Run ${i + 1} failed:\n${child.stderr}`);
        failed = true;
        continue;
      }
      const m = JSON.parse(line.slice(2)) as Measured;
      runs.push(m);
      console.log(`Run ${i + 1}: ${m.seconds.toFixed(2)} s (${Object.entries(m.timings).map(([k, v]) => `${k} ${v} ms`).join(", ")}), ${m.pages} pages, ${(m.bytes / 1024).toFixed(0)} KiB; peak memory: generator ${m.generatorMaxRssMb} MB (${m.generatorBaselineMb} MB before it started, so +${m.generatorMaxRssMb - m.generatorBaselineMb} MB) + renderer ${m.rendererMaxRssMb} MB`);
    }
    if (!runs.length) return 1;

    // Check the last report's text against figures computed here from the generated rows.
    const last = runs[runs.length - 1];
    const [row] = await sql<{ pdf: Buffer; content_hash: string }[]>`select pdf, content_hash from reports where id = ${last.id}`;
    const file = path.join(os.tmpdir(), `sibyl-bench-report-${process.pid}.pdf`);
    fs.writeFileSync(file, row.pdf);
    const text = execFileSync("pdftotext", ["-raw", "-enc", "UTF-8", file, "-"], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 }).replace(/\s+/g, " ");
    fs.rmSync(file);
    const [truth] = await sql<{ providers: number; critical: number; high: number; past: number }[]>`
      select (select count(distinct provider_id)::int from dependencies) as providers,
             count(*) filter (where severity = 'critical')::int as critical,
             count(*) filter (where severity = 'high')::int as high,
             count(*) filter (where due_at < ${NOW.toISOString()}::timestamptz)::int as past
      from findings where status in ('open', 'in_triage', 'confirmed')`;
    const names = await sql<{ name: string }[]>`select distinct p.name from dependencies d join providers p on p.id = d.provider_id`;
    const plural = (n: number, one: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : `${one}s`}`;
    const checks: [string, boolean][] = [
      [`providers in use = ${truth.providers}`, text.includes(`${plural(truth.providers, "third-party provider")} in use`)],
      [`open critical ${truth.critical}, high ${truth.high}, past SLA ${truth.past}`, text.includes(`${plural(truth.critical, "critical finding")} and ${plural(truth.high, "high finding")} open; ${plural(truth.past, "finding")} past SLA.`)],
      [`all ${names.length} provider names in the register`, names.every((n) => text.includes(n.name))],
      ["the stored body hash is printed", text.includes(row.content_hash)],
      ["a hostile application name appears literally", !text.includes("=HYPERLINK") || text.includes('=HYPERLINK("http://evil.test","Payroll")')],
      ["control identifiers A.5.19 … A.8.30", ["A.5.19", "A.5.20", "A.5.21", "A.5.22", "A.5.23", "A.8.30"].every((id) => text.includes(id))],
    ];
    for (const [name, ok] of checks) {
      console.log(`${ok ? "ok  " : "FAIL"} ${name}`);
      if (!ok) failed = true;
    }

    const worst = Math.max(...runs.map((r) => r.seconds));
    const median = [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)].seconds;
    // The report's peak memory: what generating it adds to the process that asks for it, plus the renderer process at its peak.
    const peak = Math.max(...runs.map((r) => r.generatorMaxRssMb - r.generatorBaselineMb + r.rendererMaxRssMb));
    const peakWhole = Math.max(...runs.map((r) => r.generatorMaxRssMb + r.rendererMaxRssMb));
    const timeOk = median < GOAL_SECONDS;
    const memOk = peak < GOAL_MB;
    console.log(`\nPortfolio report, ${APPS} applications × ${PROVIDERS} providers: median ${median.toFixed(2)} s, worst ${worst.toFixed(2)} s (goal < ${GOAL_SECONDS} s) ${timeOk ? "ok" : "MISSED"}`);
    console.log(`Peak memory (generation's growth of the generating process + renderer process): ${peak} MB (goal < ${GOAL_MB} MB) ${memOk ? "ok" : "MISSED"}; both processes whole, baseline included: ${peakWhole} MB`);
    if (!timeOk || !memOk) failed = true;
    fs.mkdirSync(path.join("bench", "out"), { recursive: true });
    fs.writeFileSync(path.join("bench", "out", "reports.json"), JSON.stringify({ apps: APPS, providers: PROVIDERS, runs, median, worst, peakMb: peak, peakWholeMb: peakWhole, checks: Object.fromEntries(checks), at: new Date().toISOString(), cpus: os.cpus().length, load: os.loadavg() }, null, 2));
  } finally {
    await handle.close();
    if (!values.keep) await dropDatabase(DB_NAME);
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
