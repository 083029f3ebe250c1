// Ground truth and traffic for bench/discovery.ts, built from the raw spec document only: the paths
// object's keys and methods, `deprecated`, path parameters and their schemas, `servers[0]`. Nothing here
// imports project code: the truth is what this generator produced, never what the product's matcher says.

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

export const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"] as const;

// ---------------------------------------------------------------- deterministic randomness

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Dice {
  constructor(readonly rng: Rng) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rng() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rng() * xs.length)];
  }
  chance(p: number): boolean {
    return this.rng() < p;
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.rng() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  }
}

// ---------------------------------------------------------------- reading a raw spec

/** Resolves a local JSON pointer ($ref "#/a/b"), following chains; other refs are left as they are. */
export function deref(doc: unknown, value: unknown, depth = 0): unknown {
  if (!isObj(value) || typeof value.$ref !== "string" || !value.$ref.startsWith("#/") || depth > 20) return value;
  let cur: unknown = doc;
  for (const raw of value.$ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    cur = isObj(cur) ? cur[key] : Array.isArray(cur) ? cur[Number(key)] : undefined;
  }
  return deref(doc, cur, depth + 1);
}

export interface RawOperation {
  /** Upper case. */
  method: string;
  /** The paths object's key, as written. */
  path: string;
  deprecated: boolean;
  /** Path parameters by name, with their schema (or the parameter itself for Swagger 2). */
  params: Map<string, Obj>;
}

/** Every operation of the paths object, in document order. */
export function rawOperations(doc: unknown): RawOperation[] {
  const out: RawOperation[] = [];
  const paths = isObj(doc) ? doc.paths : undefined;
  if (!isObj(paths)) return out;
  for (const [path, rawItem] of Object.entries(paths)) {
    const item = deref(doc, rawItem);
    if (!isObj(item)) continue;
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const m of METHODS) {
      const op = item[m];
      if (!isObj(op)) continue;
      const params = new Map<string, Obj>();
      for (const p of [...shared, ...(Array.isArray(op.parameters) ? op.parameters : [])].map((x) => deref(doc, x))) {
        if (!isObj(p) || p.in !== "path" || typeof p.name !== "string") continue;
        const schema = deref(doc, p.schema ?? p);
        params.set(p.name, isObj(schema) ? schema : {});
      }
      out.push({ method: m.toUpperCase(), path, deprecated: op.deprecated === true, params });
    }
  }
  return out;
}

export interface ServerInfo {
  /** Lower-cased host name, or null when the spec names none (relative or missing server URL). */
  host: string | null;
  /** "" or "/a/b" without a trailing slash. */
  basePath: string;
}

/** Host and base path of the first server (OAS3 `servers[0].url`, variables at their defaults; Swagger 2 `host` + `basePath`). */
export function serverInfo(doc: unknown): ServerInfo {
  if (!isObj(doc)) return { host: null, basePath: "" };
  const cleanBase = (p: string) => {
    const s = p.replace(/\/{2,}/g, "/").replace(/\/+$/, "");
    return s === "" || s === "/" ? "" : s.startsWith("/") ? s : `/${s}`;
  };
  if (typeof doc.swagger === "string") {
    const host = typeof doc.host === "string" ? doc.host.split(":")[0].toLowerCase() || null : null;
    return { host, basePath: typeof doc.basePath === "string" ? cleanBase(doc.basePath) : "" };
  }
  const first = Array.isArray(doc.servers) ? doc.servers[0] : undefined;
  if (!isObj(first) || typeof first.url !== "string") return { host: null, basePath: "" };
  const vars = isObj(first.variables) ? first.variables : {};
  const url = first.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    return isObj(v) && typeof v.default === "string" ? v.default : whole;
  });
  const abs = /^([a-z][a-z0-9+.-]*:)?\/\/([^/?#]*)([^?#]*)/i.exec(url);
  if (abs) {
    const host = abs[2].replace(/^[^@]*@/, "").split(":")[0].toLowerCase();
    return { host: host && !host.includes("{") ? host : null, basePath: cleanBase(decodeSafe(abs[3])) };
  }
  return { host: null, basePath: cleanBase(decodeSafe(url.split(/[?#]/)[0])) };
}

export function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// ---------------------------------------------------------------- templates

/** Segments of a spec path key ("/a/{b}/" → ["a", "{b}"]); query and fragment parts are not path. */
export function templateSegments(path: string): string[] {
  return path
    .split(/[?#]/)[0]
    .split("/")
    .filter((s) => s.length > 0);
}

/**
 * Canonical form for comparing templates: "/"-joined segments, each "{name}" written "{}", literals
 * percent-decoded; no trailing slash; a query or fragment part of the key kept as written. "/users/{id}.json" and "/users/{user_id}.json" are the same.
 */
export function canonical(path: string): string {
  const segs = templateSegments(path).map((s) => decodeSafe(s.replace(/\{[^{}]*\}/g, "\u0000")).replace(/\u0000/g, "{}"));
  // A query or fragment in a spec's path key ("/{Bucket}/{Key}#uploadId", AWS style) tells operations
  // of the same path apart: kept verbatim, so such endpoints are not confused with the plain path.
  const cut = path.search(/[?#]/);
  return `/${segs.join("/")}${cut >= 0 ? path.slice(cut) : ""}`;
}

/** Whether a canonical segment is a whole parameter, a parameter with a fixed prefix or suffix, or literal. */
export function segmentKind(seg: string): "param" | "mixed" | "literal" {
  if (seg === "{}") return "param";
  return seg.includes("{}") ? "mixed" : "literal";
}

const VERSION_LIKE = /^(v\d+([._-]?\d+)*([a-z]+\d*)?|\d+(\.\d+)+|\d{4}-\d{2}-\d{2})$/i;
export const isVersionLike = (seg: string) => VERSION_LIKE.test(seg);

// ---------------------------------------------------------------- concrete values

const FIRST = "alice bob carol dave erin frank grace heidi ivan judy mallory nia oscar peggy quinn rupert sybil trent ursula victor wendy xena yusuf zoe amara bjorn chen dara emeka fatima goran hana imre jonas kemal lena mirek nadia otto priya octocat torvalds sindre gaearon".split(" ");
const LAST = "smith garcia okafor novak tanaka silva muller rossi kowalski haddad lindqvist moreau".split(" ");
const ORG = "acme globex initech umbrella hooli soylent stark wayne wonka cyberdyne tyrell aperture vandelay pied-piper".split(" ");
const THING = "frontend backend billing search payments gateway analytics mobile docs website infra platform ledger catalog".split(" ");
const REGIONS = ["eu-west-1", "eu-west-2", "eu-central-1", "us-east-1", "us-east-2", "us-west-2", "ap-southeast-1", "ap-northeast-1", "sa-east-1", "ca-central-1", "us-central1", "europe-west4", "asia-east1", "westeurope", "eastus2", "northeurope"];
const EXT = ["pdf", "csv", "png", "jpg", "txt", "zip"];

export type ValueKind = "enum" | "number" | "uuid" | "hex" | "date" | "datetime" | "email" | "boolean" | "word" | "token";

const hex = (d: Dice, n: number) => Array.from({ length: n }, () => "0123456789abcdef"[d.int(0, 15)]).join("");
const uuid = (d: Dice) => `${hex(d, 8)}-${hex(d, 4)}-4${hex(d, 3)}-${d.pick(["8", "9", "a", "b"])}${hex(d, 3)}-${hex(d, 12)}`;
const date = (d: Dice) => `20${d.int(10, 25)}-${String(d.int(1, 12)).padStart(2, "0")}-${String(d.int(1, 28)).padStart(2, "0")}`;
const base62 = (d: Dice, n: number) => Array.from({ length: n }, () => "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"[d.int(0, 61)]).join("");

/** A user name as real ones look: "octocat", "acme-corp", "jonas42", "nia_okafor". */
export function handle(d: Dice): string {
  return d.pick([() => d.pick(FIRST), () => `${d.pick(FIRST)}-${d.pick(LAST)}`, () => `${d.pick(FIRST)}${d.int(1, 99)}`, () => `${d.pick(FIRST)}_${d.pick(LAST)}`, () => `${d.pick(ORG)}-corp`])();
}

/** A project or resource name: "billing-service", "acme-web", "hooli-frontend-2". */
export function slug(d: Dice): string {
  return d.pick([() => `${d.pick(THING)}-service`, () => `${d.pick(ORG)}-${d.pick(THING)}`, () => `${d.pick(THING)}-${d.int(2, 9)}`, () => `${d.pick(ORG)}`, () => `${d.pick(ORG)}-${d.pick(THING)}-${d.pick(["prod", "staging", "dev"])}`])();
}

/**
 * A concrete value for a path parameter, from its schema and name. `plain` asks for a value without
 * ".", ":" or "@" (the parameter shares its segment with a fixed prefix or suffix).
 */
export function valueFor(d: Dice, name: string, schema: Obj, plain = false): { value: string; kind: ValueKind } {
  const en = Array.isArray(schema.enum) ? schema.enum.filter((e) => (typeof e === "string" && /^[\w.-]{1,40}$/.test(e)) || typeof e === "number") : [];
  if (en.length > 0) return { value: String(d.pick(en)), kind: "enum" };
  const n = name.toLowerCase();
  const type = schema.type;
  if (type === "integer" || type === "number") return { value: String(d.pick([d.int(1, 99), d.int(100, 99_999), d.int(100_000, 9_999_999)])), kind: "number" };
  if (schema.format === "uuid") return { value: uuid(d), kind: "uuid" };
  if (schema.format === "date" && !plain) return { value: date(d), kind: "date" };
  if (schema.format === "date-time" && !plain) return { value: `${date(d)}T${String(d.int(0, 23)).padStart(2, "0")}:${String(d.int(0, 59)).padStart(2, "0")}:00Z`, kind: "datetime" };
  if ((schema.format === "email" || /email/.test(n)) && !plain) return { value: `${d.pick(FIRST)}.${d.pick(LAST)}@example.${d.pick(["com", "org", "net"])}`, kind: "email" };
  if (type === "boolean") return { value: d.pick(["true", "false"]), kind: "boolean" };
  if (/^(api_?)?version$/.test(n)) return plain ? { value: String(d.int(1, 3)), kind: "number" } : { value: d.pick(["v1", "v2", "v3", "1.0", "2.1"]), kind: "enum" };
  if (/region|zone|location|datacenter/.test(n)) return { value: d.pick(REGIONS), kind: "word" };
  if (/user|login|owner|author|member|account|customer|person|handle|username/.test(n)) return { value: handle(d), kind: "word" };
  if (/org|team|project|workspace|repo|app|space|namespace|bucket|site|slug|name|service|cluster|environment|channel|group|board|database|table|index|queue|topic|tag|branch/.test(n))
    return { value: slug(d), kind: "word" };
  if (/file|filename|document|attachment|object|path/.test(n) && !plain) return { value: `${slug(d)}-${d.int(1, 999)}.${d.pick(EXT)}`, kind: "word" };
  if (/date|day/.test(n) && !plain) return { value: date(d), kind: "date" };
  if (/sha|hash|commit|digest|fingerprint/.test(n)) return { value: hex(d, 40), kind: "hex" };
  if (/token|secret|key|code|nonce|cursor/.test(n)) return { value: base62(d, d.int(16, 32)), kind: "token" };
  if (/id$|ids$|_id|number|num$|no$/.test(n))
    return d.pick([
      () => ({ value: String(d.int(1, 9_999_999)), kind: "number" as const }),
      () => ({ value: uuid(d), kind: "uuid" as const }),
      () => ({ value: hex(d, 24), kind: "hex" as const }),
      () => ({ value: `${d.pick(["cus", "inv", "prj", "usr", "ord"])}_${base62(d, 14)}`, kind: "token" as const }),
      () => ({ value: slug(d), kind: "word" as const }),
    ])();
  return d.pick([() => ({ value: slug(d), kind: "word" as const }), () => ({ value: handle(d), kind: "word" as const }), () => ({ value: String(d.int(1, 99_999)), kind: "number" as const })])();
}

// ---------------------------------------------------------------- traffic with truth

/** What the generator made a request for, and so what the product should report. */
export type RequestKind =
  | "documented"
  | "deprecated"
  | "removed"
  | "hidden-op"
  | "undocumented-method"
  | "literal-sibling"
  | "sub-resource"
  | "new-path";

export type TruthStatus = "documented" | "zombie" | "shadow";

export const TRUTH_OF_KIND: Record<RequestKind, TruthStatus> = {
  documented: "documented",
  deprecated: "zombie",
  removed: "zombie",
  "hidden-op": "shadow",
  "undocumented-method": "shadow",
  "literal-sibling": "shadow",
  "sub-resource": "shadow",
  "new-path": "shadow",
};

export interface GeneratedRequest {
  method: string;
  /** Path as sent, base path included, before any messiness (used for the no-spec comparison). */
  path: string;
  /** Full URL as it goes into the log: messy host case, query, trailing slash, escapes. */
  url: string;
  /** Canonical template relative to the base path: the truth. */
  truth: string;
  kind: RequestKind;
  /** Kind of generated value per parameter segment (by segment index of the truth), for error classes. */
  valueKinds: (ValueKind | null)[];
}

export interface SpecPlan {
  /** Operations documented in the first loaded version (the original minus the hidden ones). */
  versionA: RawOperation[];
  /** The second, current version: versionA minus the removed operations, with some more deprecated. */
  versionB: RawOperation[];
  hidden: RawOperation[];
  removed: RawOperation[];
  /** Operations marked deprecated in version B by the generator (on top of the spec's own). */
  markedDeprecated: RawOperation[];
}

export const opKey = (method: string, path: string) => `${method} ${canonical(path)}`;

/** Usable for traffic: no query or fragment in the path key, no nested or adjacent parameters ("{id}{format}": no concrete path tells them apart). */
export const callable = (op: RawOperation) => !/[?#]/.test(op.path) && !/\{[^{}]*\{|\}\{/.test(op.path);

/** Decides which operations are hidden (never documented), removed in version B, and newly deprecated. */
export function planSpec(ops: RawOperation[], d: Dice): SpecPlan {
  const keys = new Map<string, number>();
  for (const op of ops) keys.set(opKey(op.method, op.path), (keys.get(opKey(op.method, op.path)) ?? 0) + 1);
  // An operation hidden from the specs must be tellable from the path alone: not one that another
  // operation's template of the same method covers ("/games/32881" under "/games/{id}"). Literal
  // siblings of parameters are injected on purpose, with traffic that gives evidence (generateTraffic).
  const templates = ops.map((op) => ({ method: op.method, segs: templateSegments(canonical(op.path)) }));
  const covered = (op: RawOperation) => {
    const segs = templateSegments(canonical(op.path));
    return templates.some((t) => t.method === op.method && t.segs.length === segs.length && t.segs.join("/") !== segs.join("/") && t.segs.every((s, i) => s === segs[i] || s === "{}"));
  };
  // Nor one whose path has an identifier as a literal ("/games/32881", an example a spec wrote down):
  // any templater rightly makes that a parameter.
  const idLiteral = (op: RawOperation) => templateSegments(op.path).some((s) => !s.includes("{") && /\d/.test(s) && !isVersionLike(s) && (/^\d+$/.test(s) || (s.match(/\d/g) ?? []).length >= 3));
  const unique = (op: RawOperation) => keys.get(opKey(op.method, op.path)) === 1 && callable(op);
  const hidden = new Set<RawOperation>();
  const removed = new Set<RawOperation>();
  const marked = new Set<RawOperation>();
  if (ops.length >= 6) {
    for (const op of ops) {
      if (!unique(op)) continue;
      const r = d.rng();
      if (r < 0.04) {
        if (!covered(op) && !idLiteral(op)) hidden.add(op);
      }
      else if (r < 0.08) removed.add(op);
      else if (r < 0.12 && !op.deprecated) marked.add(op);
    }
  }
  const versionA = ops.filter((op) => !hidden.has(op));
  const versionB = versionA.filter((op) => !removed.has(op)).map((op) => (marked.has(op) ? { ...op, deprecated: true } : op));
  return { versionA, versionB, hidden: [...hidden], removed: [...removed], markedDeprecated: [...marked] };
}

/** A copy of the raw document with only `ops` left in its paths object (and those in `deprecate` marked deprecated). */
export function documentWith(doc: Obj, keep: RawOperation[], deprecate: RawOperation[] = []): Obj {
  const copy = structuredClone(doc);
  const paths = isObj(copy.paths) ? copy.paths : {};
  const kept = new Set(keep.map((op) => `${op.method} ${op.path}`));
  const dep = new Set(deprecate.map((op) => `${op.method} ${op.path}`));
  for (const [path, rawItem] of Object.entries(paths)) {
    let item = rawItem;
    if (isObj(item) && typeof item.$ref === "string") {
      item = structuredClone(deref(copy, item));
      paths[path] = item;
    }
    if (!isObj(item)) continue;
    for (const m of METHODS) {
      if (!isObj(item[m])) continue;
      const key = `${m.toUpperCase()} ${path}`;
      if (!kept.has(key)) delete item[m];
      else if (dep.has(key)) (item[m] as Obj).deprecated = true;
    }
    if (!METHODS.some((m) => isObj((item as Obj)[m]))) delete paths[path];
  }
  return copy;
}

/** Literal siblings and the method a client would use for them. */
const SIBLING_LITERALS: [string, string][] = [["bulk-delete", "POST"], ["export", "GET"], ["search-all", "GET"], ["stats", "GET"], ["batch", "POST"], ["import", "POST"], ["summary", "GET"], ["count", "GET"], ["archive-all", "POST"], ["_debug", "GET"]];
const SUB_RESOURCES = ["impersonate", "audit-log", "raw", "internal-notes", "debug", "sync-now", "flags", "export-csv"];
const AREAS = ["internal", "admin", "debug", "legacy", "ops", "backoffice", "partner", "_private"];
const NOUNS = ["exports", "ledgers", "jobs", "tenants", "snapshots", "payouts", "cohorts", "vouchers", "rebates", "shipments"];

export interface TrafficOptions {
  host: string;
  basePath: string;
  /** Most operations to call (the rest are never called: orphan or deprecated). */
  maxCalledOps: number;
  /** Requests per injected undocumented endpoint, at least. */
  shadowMinCalls: number;
}

export interface SpecTraffic {
  requests: GeneratedRequest[];
  /** Truth per endpoint key "METHOD canonical": its status. Includes endpoints never called (orphan, deprecated). */
  endpoints: Map<string, { status: "documented" | "zombie" | "shadow" | "orphan" | "deprecated"; kind: RequestKind | "not-called"; calls: number }>;
}

/** Literal segments of every template of the spec (original, all operations): generated values avoid them. */
function literalsOf(ops: RawOperation[]): Set<string> {
  const out = new Set<string>();
  for (const op of ops) for (const s of templateSegments(op.path)) if (!s.includes("{")) out.add(decodeSafe(s).toLowerCase());
  return out;
}

/**
 * Fills a template with values. Returns null when no value avoiding the spec's literals was found.
 * Whole-segment values are percent-encoded as a client would; mixed segments keep their literal parts.
 */
function fill(d: Dice, template: string, params: Map<string, Obj>, avoid: Set<string>): { path: string; kinds: (ValueKind | null)[] } | null {
  const segs = templateSegments(template);
  const out: string[] = [];
  const kinds: (ValueKind | null)[] = [];
  for (const seg of segs) {
    const names = [...seg.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]);
    if (names.length === 0) {
      out.push(seg);
      kinds.push(null);
      continue;
    }
    const whole = /^\{[^{}]*\}$/.test(seg);
    let filled: string | null = null;
    let kind: ValueKind | null = null;
    for (let attempt = 0; attempt < 8 && filled === null; attempt++) {
      let s = seg;
      let k: ValueKind | null = null;
      for (const name of names) {
        const v = valueFor(d, name, params.get(name) ?? {}, !whole);
        k ??= v.kind;
        s = s.replace(`{${name}}`, () => encodeURIComponent(v.value));
      }
      if (!avoid.has(decodeSafe(s).toLowerCase()) && s.length > 0) [filled, kind] = [s, k];
    }
    if (filled === null) return null;
    out.push(filled);
    kinds.push(kind);
  }
  return { path: `/${out.join("/")}`, kinds };
}

/** Messy variants of one request as clients and proxies send them. */
function messyUrl(d: Dice, host: string, path: string): string {
  let h = host;
  if (d.chance(0.15)) h = host.replace(/[a-z]/g, (c) => (d.chance(0.5) ? c.toUpperCase() : c));
  let p = path;
  // Unreserved characters escaped needlessly ("acme%2Dcorp"), as some clients do.
  if (d.chance(0.05)) p = p.replace(/-/g, "%2D");
  if (d.chance(0.03)) p = p.replace(/^\//, "//");
  if (d.chance(0.1) && p !== "/") p = `${p}/`;
  const q = d.chance(0.4) ? `?${d.pick(["page=2&per_page=50", "limit=20", "fields=id,name", "q=acme%20corp", "expand=items&sort=-created", "api_key=redacted"])}` : "";
  const port = d.chance(0.05) ? ":443" : "";
  return `https://${h}${port}${p}${q}`;
}

/** Zipf-like call counts: a few operations called a lot, many a handful of times, some once. */
function callsForRank(d: Dice, rank: number): number {
  if (d.chance(0.1)) return 1;
  return 1 + Math.floor(30 / Math.pow(rank + 1, 0.8)) + d.int(0, 2);
}

/**
 * Traffic for one spec plan: documented, deprecated and removed operations called with concrete values,
 * hidden operations, undocumented methods, literal siblings of parameters, sub-resources under
 * parameters and new paths under an internal area. Truth templates are relative to the base path.
 */
export function generateTraffic(d: Dice, allOps: RawOperation[], plan: SpecPlan, opts: TrafficOptions): SpecTraffic {
  const avoid = literalsOf(allOps);
  const requests: GeneratedRequest[] = [];
  const endpoints: SpecTraffic["endpoints"] = new Map();
  const removedKeys = new Set(plan.removed.map((op) => opKey(op.method, op.path)));
  const hiddenKeys = new Set(plan.hidden.map((op) => opKey(op.method, op.path)));
  const currentDeprecated = new Map(plan.versionB.map((op) => [opKey(op.method, op.path), op.deprecated]));
  const documentedPaths = new Set(allOps.filter((op) => !hiddenKeys.has(opKey(op.method, op.path))).map((op) => canonical(op.path)));

  // Every documented endpoint, called or not: its status when not called.
  for (const op of plan.versionA) {
    const key = opKey(op.method, op.path);
    if (endpoints.has(key)) continue;
    const deprecated = removedKeys.has(key) || currentDeprecated.get(key) === true;
    endpoints.set(key, { status: deprecated ? "deprecated" : "orphan", kind: "not-called", calls: 0 });
  }

  const emit = (method: string, truthTemplate: string, concrete: { path: string; kinds: (ValueKind | null)[] }, kind: RequestKind, n: number, params: Map<string, Obj>, template: string) => {
    const key = `${method} ${truthTemplate}`;
    for (let i = 0; i < n; i++) {
      const c = i === 0 ? concrete : fill(d, template, params, avoid);
      if (!c) continue;
      const full = `${opts.basePath}${c.path === "/" && opts.basePath ? "" : c.path}` || "/";
      requests.push({ method, path: full, url: messyUrl(d, opts.host, full), truth: truthTemplate, kind, valueKinds: c.kinds });
      const e = endpoints.get(key);
      const status = TRUTH_OF_KIND[kind];
      if (e && e.calls > 0) e.calls++;
      else endpoints.set(key, { status, kind, calls: 1 });
    }
  };

  // Documented, deprecated, removed and hidden operations.
  const callableOps = d.shuffle([...plan.versionA, ...plan.hidden].filter(callable));
  const mustCall = callableOps.filter((op) => hiddenKeys.has(opKey(op.method, op.path)) || removedKeys.has(opKey(op.method, op.path)) || currentDeprecated.get(opKey(op.method, op.path)));
  const others = callableOps.filter((op) => !mustCall.includes(op));
  const toCall = [...mustCall.filter((op) => hiddenKeys.has(opKey(op.method, op.path)) || d.chance(0.8)), ...others.slice(0, Math.max(0, opts.maxCalledOps - mustCall.length))];
  d.shuffle(toCall);
  toCall.forEach((op, rank) => {
    const key = opKey(op.method, op.path);
    const kind: RequestKind = hiddenKeys.has(key) ? "hidden-op" : removedKeys.has(key) ? "removed" : currentDeprecated.get(key) ? "deprecated" : "documented";
    const first = fill(d, op.path, op.params, avoid);
    if (!first) return;
    const n = kind === "hidden-op" ? Math.max(opts.shadowMinCalls, callsForRank(d, rank)) : callsForRank(d, rank);
    emit(op.method, canonical(op.path), first, kind, n, op.params, op.path);
  });

  const current = plan.versionB.filter(callable);
  const withParam = current.filter((op) => templateSegments(op.path).some((s) => /^\{[^{}]*\}$/.test(s)));

  // A literal sibling of a parameter: "/projects/bulk-delete" next to "/projects/{project_gid}".
  if (withParam.length > 0) {
    const op = d.pick(withParam);
    const segs = templateSegments(op.path);
    const last = segs.map((s, i) => (/^\{[^{}]*\}$/.test(s) ? i : -1)).filter((i) => i >= 0).pop() as number;
    const [literal, method] = SIBLING_LITERALS.find(([l]) => !avoid.has(l) && d.chance(0.3)) ?? SIBLING_LITERALS[0];
    const template = `/${[...segs.slice(0, last), literal].join("/")}`;
    const first = fill(d, template, op.params, avoid);
    if (first && !documentedPaths.has(canonical(template))) emit(method, canonical(template), first, "literal-sibling", d.int(opts.shadowMinCalls, 30), op.params, template);
  }
  // A sub-resource under a parameter: "/users/{id}/impersonate".
  if (withParam.length > 0) {
    const op = d.pick(withParam);
    const segs = templateSegments(op.path);
    const cut = segs.map((s, i) => (/^\{[^{}]*\}$/.test(s) ? i : -1)).filter((i) => i >= 0).pop() as number;
    const sub = d.pick(SUB_RESOURCES.filter((s) => !avoid.has(s)));
    const template = `/${[...segs.slice(0, cut + 1), sub].join("/")}`;
    const first = sub ? fill(d, template, op.params, avoid) : null;
    if (first && !documentedPaths.has(canonical(template))) emit(d.pick(["GET", "POST"]), canonical(template), first, "sub-resource", d.int(opts.shadowMinCalls, 30), op.params, template);
  }
  // An undocumented method on a documented path.
  if (current.length > 0) {
    const op = d.pick(current);
    const has = new Set(allOps.filter((o) => canonical(o.path) === canonical(op.path)).map((o) => o.method));
    const method = ["DELETE", "PUT", "PATCH", "POST", "GET"].find((m) => !has.has(m));
    const first = method ? fill(d, op.path, op.params, avoid) : null;
    if (method && first) emit(method, canonical(op.path), first, "undocumented-method", d.int(Math.ceil(opts.shadowMinCalls / 2), 15), op.params, op.path);
  }
  // New paths under an internal area, with typed and word-like identifiers.
  const area = d.pick(AREAS.filter((a) => !avoid.has(a)));
  if (area) {
    for (const noun of d.shuffle(NOUNS.filter((n) => !avoid.has(n))).slice(0, 2)) {
      const idName = d.pick(["id", "name", "owner", "region", "reference"]);
      const shape = d.int(0, 2);
      const template = shape === 0 ? `/${area}/${noun}` : shape === 1 ? `/${area}/${noun}/{${idName}}` : `/${area}/${noun}/{${idName}}/retry`;
      const params = new Map<string, Obj>([[idName, {}]]);
      const first = fill(d, template, params, avoid);
      if (first) emit(d.pick(["GET", "GET", "POST", "PUT", "DELETE"]), canonical(template), first, "new-path", d.int(opts.shadowMinCalls, 40), params, template);
    }
  }
  // Interleave requests of all endpoints, as real logs are.
  d.shuffle(requests);
  return { requests, endpoints };
}
