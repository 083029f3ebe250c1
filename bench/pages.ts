// npm run bench:pages -- [--scale 100] [--runs 50] [--port 3301] [--reuse] [--keep] [--explain]
// Times the main pages as a signed-in user sees them: the demo organisation at
// --scale N (default 100: 4,000 applications) in a throw-away PostgreSQL
// database, the production build in .next served by `next start`, and N runs
// per page of a full GET (server render, body read to the end) after warm-ups.
// Goal: p95 < 300 ms per page; the Overview is the acceptance criterion. Then
// the same data functions (the DAL calls the pages make) are timed in-process,
// so a regression can be located. Exits 1 when a goal is missed, a request
// answers anything but 200, or a run throws. Figures go to bench/out/pages.json.
//
// Run `next build` first (the bench serves whatever build .next holds).
// --reuse: keep using the database a previous run left (--keep) when it holds the
// demo at the same scale, instead of seeding again (seeding --scale 100 takes a
// long while). --explain: EXPLAIN (ANALYZE, BUFFERS) every Overview statement.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";

const { values } = parseArgs({
  options: {
    scale: { type: "string" },
    runs: { type: "string" },
    port: { type: "string" },
    reuse: { type: "boolean" },
    keep: { type: "boolean" },
    explain: { type: "boolean" },
  },
});
const SCALE = Number(values.scale ?? 100);
const RUNS = Number(values.runs ?? 50);
const PORT = Number(values.port ?? 3301);
const WARMUPS = 5;
const GOAL_MS = 300;
/** One database per scale, so a --reuse of one never reseeds another. */
const DB_NAME = `sibyl_bench_pages_${SCALE}`;
const ROLE = "ciso";
const EMAIL = `${ROLE}@demo.sibyl.test`;
const PASSWORD = `demo-${ROLE}-password`;
if (!Number.isInteger(SCALE) || SCALE < 1 || SCALE > 1000) throw new Error("--scale must be a whole number from 1 to 1000");
if (!Number.isInteger(RUNS) || RUNS < 20) throw new Error("--runs must be an integer ≥ 20");
if (!Number.isInteger(PORT) || PORT < 1024 || PORT > 65535) throw new Error("--port must be a port number ≥ 1024");

const ROOT = path.resolve(__dirname, "..");
// Quick password hashes for the demo users (the seed's only hashing); the server verifies whatever cost was used.
process.env.SIBYL_BCRYPT_COST ??= "4";

// ---------------------------------------------------------------------------

interface Result {
  name: string;
  kind: "http" | "dal";
  runs: number;
  p50: number;
  p95: number;
  max: number;
  bytes?: number;
  error?: string;
  pass: boolean;
  /** Only the HTTP figures carry the goal; the DAL figures locate where the time goes. */
  goal: boolean;
}

function percentile(sorted: number[], p: number): number {
  const idx = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, idx)];
}

function summarise(name: string, kind: Result["kind"], times: number[], error: string | undefined, goal: boolean, bytes?: number): Result {
  const sorted = [...times].sort((a, b) => a - b);
  const p95 = percentile(sorted, 95);
  return {
    name,
    kind,
    runs: times.length,
    p50: percentile(sorted, 50),
    p95,
    max: sorted.at(-1) ?? NaN,
    bytes,
    error,
    goal,
    pass: !error && times.length === RUNS && (!goal || p95 < GOAL_MS),
  };
}

function log(r: Result): void {
  const tag = r.goal ? (r.pass ? "PASS" : "FAIL") : r.error ? "ERR " : "    ";
  console.log(`${tag}  ${r.kind === "http" ? "GET " : "DAL "}${r.name}: p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms, max ${r.max.toFixed(1)} ms${r.error ? `  ERROR ${r.error}` : ""}`);
}

async function databaseExists(): Promise<boolean> {
  const { withAdmin } = await import("../test/pg-admin");
  return withAdmin(async (sql) => (await sql`SELECT 1 FROM pg_database WHERE datname = ${DB_NAME}`).length > 0);
}

/** The demo flag of the database, if it holds the demo organisation. */
async function demoScale(url: string): Promise<number | null> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ value: { loaded?: boolean; scale?: number } }[]>`SELECT value FROM app_settings WHERE key = 'demo'`;
    return rows[0]?.value.loaded ? Number(rows[0].value.scale ?? 1) : null;
  } catch {
    return null;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

function freePort(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

/** `next start` on the build in .next, against the bench database; resolves once /sign-in answers. */
async function startServer(url: string): Promise<{ child: ChildProcess; output: () => string }> {
  if (!(await freePort(PORT))) throw new Error(`Port ${PORT} is in use; pass --port <free port>`);
  let out = "";
  const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    AUTH_SECRET: crypto.randomBytes(32).toString("hex"),
    AUTH_TRUST_HOST: "true",
    AUTH_URL: `http://127.0.0.1:${PORT}`,
    NEXT_TELEMETRY_DISABLED: "1",
    // No background workers: the figures are the pages' own, not a rescore running beside them.
    SIBYL_JOBS: "off",
  };
  delete env.SIBYL_ADMIN_EMAIL;
  delete env.SIBYL_ADMIN_PASSWORD;
  const child = spawn(process.execPath, [nextBin, "start", "-p", String(PORT), "-H", "127.0.0.1"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr?.on("data", (c: Buffer) => (out += c.toString()));
  const deadline = Date.now() + 60_000;
  let last = "no answer";
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${out}`);
    try {
      const res = await fetch(`http://127.0.0.1:${PORT}/sign-in`, { redirect: "manual" });
      await res.arrayBuffer();
      if (res.status === 200) return { child, output: () => out };
      last = `HTTP ${res.status}`;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stopServer(child);
      throw new Error(`next start did not answer GET /sign-in with 200 within 60 s (${last}):\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** Cookies from Set-Cookie headers into a jar. */
function absorb(jar: Map<string, string>, res: Response): void {
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair.indexOf("=");
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}
const cookieHeader = (jar: Map<string, string>) => [...jar].map(([k, v]) => `${k}=${v}`).join("; ");

/** Signs in through Auth.js's credentials endpoint (CSRF token, then the callback) and returns the session cookies. */
async function signIn(base: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  absorb(jar, csrfRes);
  const { csrfToken } = (await csrfRes.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ email: EMAIL, password: PASSWORD, csrfToken, callbackUrl: `${base}/overview` }).toString(),
  });
  absorb(jar, res);
  await res.arrayBuffer();
  const session = await fetch(`${base}/api/auth/session`, { headers: { cookie: cookieHeader(jar) } });
  const body = (await session.json()) as { user?: { email?: string } } | null;
  if (body?.user?.email !== EMAIL) throw new Error(`Sign-in as ${EMAIL} failed (callback answered ${res.status} → ${res.headers.get("location")})`);
  return cookieHeader(jar);
}

async function main(): Promise<boolean> {
  const buildId = (() => {
    try {
      return fs.readFileSync(path.join(ROOT, ".next", "BUILD_ID"), "utf8").trim();
    } catch {
      return null;
    }
  })();
  if (!buildId) {
    console.error("There is no production build in .next: run `next build` (npm run build) first.");
    return true;
  }

  const { databaseUrl, dropDatabase, recreateDatabase } = await import("../test/pg-admin");
  const { openDatabase } = await import("@/db/client");
  const { migrateDatabase } = await import("@/db/migrate");
  const { syncProviderCatalog } = await import("@/db/seed/catalog");
  const { seedDemo } = await import("@/db/seed/demo");

  // 1. The database: reused when asked for and it holds the demo at this scale, else seeded afresh.
  let url = databaseUrl(DB_NAME);
  let seedSeconds: number | null = null;
  const reusable = values.reuse && (await databaseExists()) && (await demoScale(url)) === SCALE;
  if (values.reuse && !reusable) console.log(`--reuse: ${DB_NAME} does not hold the demo at --scale ${SCALE}; seeding it afresh.`);
  if (reusable) {
    console.log(`Reusing ${DB_NAME} (demo at --scale ${SCALE}).`);
    const handle = await openDatabase({ url, dataDir: "unused" });
    try {
      await migrateDatabase(handle); // a no-op unless the schema moved on since the seed
    } finally {
      await handle.close();
    }
  } else {
    url = await recreateDatabase(DB_NAME);
    const handle = await openDatabase({ url, dataDir: "unused" });
    try {
      await migrateDatabase(handle);
      await syncProviderCatalog(handle.db);
      console.log(`Seeding the demo organisation at --scale ${SCALE} (${(40 * SCALE).toLocaleString("en")} applications); this takes a while…`);
      const t0 = performance.now();
      let lastPct = -1;
      const result = await seedDemo(handle.db, {
        scale: SCALE,
        onProgress: (done, total) => {
          const pct = Math.floor((done / total) * 20) * 5;
          if (pct !== lastPct) {
            lastPct = pct;
            console.log(`  ${done.toLocaleString("en")}/${total.toLocaleString("en")} applications ingested (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
          }
        },
      });
      seedSeconds = (performance.now() - t0) / 1000;
      console.log(`Seeded in ${seedSeconds.toFixed(0)} s: ${result.teams} teams, ${result.applications} applications, ${result.dependencies} dependencies (scoring history included).`);
    } finally {
      await handle.close();
    }
  }

  const admin = postgres(url, { max: 4, onnotice: () => {} });
  const handle = await openDatabase({ url, dataDir: "unused" });
  let server: { child: ChildProcess; output: () => string } | null = null;
  let failed = false;
  try {
    // A settled install: autovacuum has run (visibility map set, statistics fresh).
    console.log("VACUUM (ANALYZE)…");
    await admin`VACUUM (ANALYZE)`;
    const [shape] = await admin<Record<string, string>[]>`
      SELECT (SELECT count(*) FROM applications) AS applications, (SELECT count(*) FROM teams) AS teams,
        (SELECT count(*) FROM dependencies) AS dependencies, (SELECT count(*) FROM endpoints) AS endpoints,
        (SELECT count(*) FROM findings) AS findings, (SELECT count(*) FROM provider_scores) AS provider_scores,
        (SELECT count(*) FROM dependency_risks) AS dependency_risks,
        (SELECT count(*) FROM application_risk_daily) AS application_risk_daily, (SELECT count(*) FROM portfolio_risk_daily) AS portfolio_risk_daily,
        pg_size_pretty(pg_database_size(current_database())) AS database_size`;
    console.log("Data:", shape);

    // The worst cases for the detail pages: the application with the most dependencies, the provider with the most dependents.
    const [bigApp] = await admin<{ slug: string; n: number }[]>`
      SELECT a.slug, count(*)::int AS n FROM dependencies d JOIN applications a ON a.id = d.application_id GROUP BY a.slug ORDER BY n DESC, a.slug LIMIT 1`;
    const [bigProvider] = await admin<{ slug: string; n: number }[]>`
      SELECT p.slug, count(*)::int AS n FROM dependencies d JOIN providers p ON p.id = d.provider_id GROUP BY p.slug ORDER BY n DESC, p.slug LIMIT 1`;
    const [user] = await admin<{ id: string; role: string }[]>`SELECT id, role FROM users WHERE email = ${EMAIL}`;
    if (!bigApp || !bigProvider || !user) throw new Error(`${DB_NAME} holds no demo data (no dependencies or no ${EMAIL})`);

    // 2. HTTP: the production server, signed in as the demo CISO.
    console.log(`Starting next start on port ${PORT} (build ${buildId})…`);
    server = await startServer(url);
    const base = `http://127.0.0.1:${PORT}`;
    const cookie = await signIn(base);
    console.log(`Signed in as ${EMAIL}.`);

    const pages: [string, string][] = [
      ["/overview", "/overview"],
      ["/applications", "/applications"],
      ["/providers", "/providers"],
      ["/dependencies", "/dependencies"],
      ["/findings", "/findings"],
      [`/applications/[slug] (${bigApp.slug}, ${bigApp.n} dependencies)`, `/applications/${bigApp.slug}`],
      [`/providers/[slug] (${bigProvider.slug}, ${bigProvider.n} dependents)`, `/providers/${bigProvider.slug}`],
    ];
    const loadBefore = os.loadavg()[0];
    const results: Result[] = [];
    for (const [name, pathname] of pages) {
      const times: number[] = [];
      let error: string | undefined;
      let bytes = 0;
      const once = async () => {
        const start = performance.now();
        const res = await fetch(base + pathname, { headers: { cookie }, redirect: "manual" });
        const body = await res.arrayBuffer();
        const ms = performance.now() - start;
        if (res.status !== 200) throw new Error(`GET ${pathname} answered ${res.status}${res.headers.get("location") ? ` → ${res.headers.get("location")}` : ""}`);
        bytes = body.byteLength;
        return ms;
      };
      try {
        for (let i = 0; i < WARMUPS; i++) await once();
        for (let i = 0; i < RUNS; i++) times.push(await once());
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const r = summarise(name, "http", times, error, true, bytes);
      results.push(r);
      log(r);
    }
    await stopServer(server.child);
    server = null;

    // 3. In-process: the data functions behind the pages, to locate where the time goes.
    const { getOverview } = await import("@/lib/server/dal/overview");
    const { getReputationOverview, getApplicationRisk, getProviderReputation } = await import("@/lib/server/dal/reputation");
    const { findingsOverview, listFindings } = await import("@/lib/server/dal/findings");
    const { listApplications } = await import("@/lib/server/dal/applications");
    const { listProviders } = await import("@/lib/server/dal/providers");
    const { listDependencies } = await import("@/lib/server/dal/dependency-list");
    const { applicationListSchema, dependencyListSchema, providerListSchema } = await import("@/lib/validation/lists");
    const { findingListSchema } = await import("@/lib/validation/findings");
    const schema = await import("@/db/schema");
    type Db = typeof handle.db;
    const db = handle.db;
    const actor = { userId: user.id, label: EMAIL, role: user.role as "ciso" };
    const dal: [string, (on: Db) => Promise<unknown>][] = [
      ["overview: getOverview", (on) => getOverview(on, actor)],
      ["overview: getReputationOverview", (on) => getReputationOverview(on, actor)],
      ["overview: findingsOverview", (on) => findingsOverview(on, actor)],
      ["overview: all three (as the page)", (on) => Promise.all([getOverview(on, actor), getReputationOverview(on, actor), findingsOverview(on, actor)])],
      ["listApplications", (on) => listApplications(on, actor, applicationListSchema.parse({}))],
      ["listProviders", (on) => listProviders(on, actor, providerListSchema.parse({}))],
      ["listDependencies", (on) => listDependencies(on, actor, dependencyListSchema.parse({}))],
      ["listFindings", (on) => listFindings(on, actor, findingListSchema.parse({}))],
      [`getApplicationRisk (${bigApp.slug})`, (on) => getApplicationRisk(on, actor, bigApp.slug)],
      [`getProviderReputation (${bigProvider.slug})`, (on) => getProviderReputation(on, actor, bigProvider.slug)],
    ];
    for (const [name, fn] of dal) {
      const times: number[] = [];
      let error: string | undefined;
      try {
        for (let i = 0; i < WARMUPS; i++) await fn(db);
        for (let i = 0; i < RUNS; i++) {
          const start = performance.now();
          await fn(db);
          times.push(performance.now() - start);
        }
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const r = summarise(name, "dal", times, error, false);
      results.push(r);
      log(r);
    }

    // --explain, or when the Overview misses: the plans of every Overview statement.
    const overviewFailed = results.some((r) => r.kind === "http" && r.name === "/overview" && !r.pass);
    if (values.explain || overviewFailed) {
      const captured: { query: string; params: unknown[] }[] = [];
      const logged = drizzle(handle.driver as postgres.Sql, { schema, casing: "snake_case", logger: { logQuery: (query, params) => captured.push({ query, params }) } }) as unknown as Db;
      await dal[3][1](logged);
      for (const c of captured) {
        const plan = await admin.unsafe(`EXPLAIN (ANALYZE, BUFFERS) ${c.query}`, c.params as never[]);
        console.log(`\n--- EXPLAIN (ANALYZE, BUFFERS):\n${c.query}\n${plan.map((p) => p["QUERY PLAN"]).join("\n")}`);
      }
    }

    const load = `load average ${loadBefore.toFixed(1)} → ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;
    const num = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : "—").padStart(8);
    console.log(`\nPages at --scale ${SCALE} (${shape.applications} applications), ${RUNS} runs each after ${WARMUPS} warm-ups, goal p95 < ${GOAL_MS} ms for every GET (${load})`);
    console.log(`${"".padEnd(62)} ${"p50 ms".padStart(8)} ${"p95 ms".padStart(8)} ${"max ms".padStart(8)} ${"HTML KB".padStart(8)}  result`);
    for (const r of results) {
      const kb = r.bytes === undefined ? "" : Math.round(r.bytes / 1024).toLocaleString("en");
      console.log(`${`${r.kind === "http" ? "GET " : "DAL "}${r.name}`.padEnd(62)} ${num(r.p50)} ${num(r.p95)} ${num(r.max)} ${kb.padStart(8)}  ${r.goal ? (r.pass ? "PASS" : "FAIL") : r.error ? "ERROR" : "(locates)"}`);
    }
    failed = results.some((r) => !r.pass);
    fs.mkdirSync(path.join(ROOT, "bench/out"), { recursive: true });
    fs.writeFileSync(
      path.join(ROOT, "bench/out", "pages.json"),
      JSON.stringify({ scale: SCALE, runs: RUNS, warmups: WARMUPS, goalMs: GOAL_MS, role: ROLE, buildId, reused: Boolean(reusable), seedSeconds, load, shape, results }, null, 2),
    );
    console.log(failed ? "\nFAIL: at least one page misses p95 < 300 ms or a request failed" : "\nPASS: every page answers in p95 < 300 ms");
  } catch (e) {
    if (server) console.error(`--- next start output:\n${server.output()}`);
    throw e;
  } finally {
    if (server) await stopServer(server.child);
    await admin.end({ timeout: 5 });
    await handle.close();
    if (!values.keep) await dropDatabase(DB_NAME);
  }
  return failed;
}

main().then(
  (failed) => process.exit(failed ? 1 : 0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
