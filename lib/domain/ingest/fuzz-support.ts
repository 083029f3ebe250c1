// Helpers for the ingest fuzz tests (not used by production code): malformed inputs generated with
// fast-check from the real fixtures in test/fixtures (truncated, bytes flipped or inserted, values of
// the wrong type, huge strings, deep nesting, invalid UTF-8, NUL bytes) and arbitrary text/bytes, and
// the check every parser must pass on them: a result or an IngestInputError whose problems are located
// by line or JSON path, never any other exception, within a time bound.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseAllDocuments, stringify as yamlStringify } from "yaml";
import { parseBackstageCatalog } from "./backstage";
import { parseCycloneDx } from "./cyclonedx";
import { parseOpenApi } from "./openapi";
import { detectTrafficFormat, parseTraffic } from "./traffic";
import { MAX_DURATION_MS, MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS } from "./traffic/common";
import { IngestInputError, type IngestProblem, type TrafficEvent, type TrafficFormat } from "./types";

export const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/", import.meta.url));
const fixture = (name: string) => readFileSync(FIXTURES + name);

export type FuzzFormat = TrafficFormat | "openapi" | "cyclonedx" | "backstage";
export const FUZZ_FORMATS: readonly FuzzFormat[] = ["har", "envoy", "nginx", "otlp", "openapi", "cyclonedx", "backstage"];

/** One generated input. `text` (when set) is what string parsers receive as is (it may hold lone surrogates). */
export interface FuzzInput {
  label: string;
  bytes: Buffer;
  text?: string;
  /** Chunk size the traffic input is streamed in. */
  chunkSize: number;
}

// ---------------------------------------------------------------- seeds

type Structure = "json" | "yaml" | "json-lines" | "text-lines";

interface Seed {
  name: string;
  bytes: Buffer;
}

const NGINX_JSON_LINES = [
  { remote_addr: "10.0.0.1", request: "GET /api/orders/7?x=1 HTTP/1.1", status: 200, request_time: "0.012", time_iso8601: "2026-11-20T10:00:00+00:00", http_host: "shop.example.com" },
  { request_method: "POST", request_uri: "https://api.stripe.com/v1/charges?key=sk_test_x", status: "201", msec: "1763632800.123", host: "api.stripe.com" },
  { request_method: "GET", uri: "/health", args: "verbose=1", status: 204, time_local: "20/Nov/2026:10:00:00 +0000" },
]
  .map((o) => JSON.stringify(o))
  .join("\n");

const SWAGGER2 = JSON.stringify({
  swagger: "2.0",
  info: { title: "Pets", version: "2" },
  basePath: "/v2",
  securityDefinitions: { key: { type: "apiKey", in: "header", name: "X-Key" } },
  paths: {
    "/pets/{id}": { parameters: [{ $ref: "#/parameters/id" }], get: { operationId: "pet", security: [{ key: [] }] }, delete: { deprecated: true } },
    "/pets": { $ref: "#/x-shared" },
  },
  parameters: { id: { name: "id", in: "path", required: true, type: "string" } },
  "x-shared": { get: {}, post: {} },
});

/** A real-world CycloneDX 1.6 SBOM cut to its first components (a few nested), so each run stays cheap. */
function smallGoof(): Buffer {
  const doc = JSON.parse(fixture("sbom/nodejs-goof.cdx.json").toString("utf8"));
  const components = (doc.components as { components?: unknown[] }[]).slice(0, 12);
  const nested = (doc.components as { components?: unknown[] }[]).find((c) => Array.isArray(c.components) && c.components.length > 0);
  if (nested) components.push({ ...nested, components: nested.components?.slice(0, 3) });
  return Buffer.from(JSON.stringify({ ...doc, components, dependencies: undefined }));
}

/** Some documents (1-based) of a multi-document YAML fixture, verbatim: YAML parsing dominates the run time. */
function someDocuments(name: string, which: number[]): Buffer {
  const docs = fixture(name).toString("utf8").split(/^---$/m);
  return Buffer.from(which.map((n) => docs[n - 1].replace(/^\n/, "")).join("---\n"));
}

/** Fewer bytes per run (the streaming JSON readers cost per byte); the pretty-printed seeds keep line structure. */
function minified(name: string, maxItems = 3): Buffer {
  return Buffer.from(JSON.stringify(trimArrays(JSON.parse(fixture(name).toString("utf8")), maxItems)));
}

/** Keeps the first `max` items of every array: a seed needs each shape once, not every record. */
function trimArrays(v: unknown, max: number): unknown {
  if (Array.isArray(v)) return v.slice(0, max).map((x) => trimArrays(x, max));
  if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, trimArrays(x, max)]));
  return v;
}

function firstLines(name: string, n: number): Buffer {
  return Buffer.from(fixture(name).toString("utf8").split("\n").slice(0, n).join("\n") + "\n");
}

const FORMAT_SEEDS: Record<FuzzFormat, { structure: Structure; seeds: () => Seed[] }> = {
  har: {
    structure: "json",
    seeds: () => [
      { name: "traffic/security.har", bytes: fixture("traffic/security.har") },
      ...["ingest/shop-overlap.har", "traffic/typed-params.har", "traffic/auth-variants.har"].map((name) => ({ name: `${name} (first entries, minified)`, bytes: minified(name, 2) })),
    ],
  },
  envoy: { structure: "json-lines", seeds: () => [{ name: "traffic/envoy-access.log", bytes: fixture("traffic/envoy-access.log") }] },
  nginx: {
    structure: "text-lines",
    seeds: () => [
      { name: "traffic/nginx-edge-cases.log", bytes: fixture("traffic/nginx-edge-cases.log") },
      { name: "traffic/apache-combined-2000.log (first 25 lines)", bytes: firstLines("traffic/apache-combined-2000.log", 25) },
      { name: "nginx JSON lines", bytes: Buffer.from(NGINX_JSON_LINES) },
    ],
  },
  otlp: {
    structure: "json",
    seeds: () => [
      { name: "traffic/otlp-trace.json", bytes: fixture("traffic/otlp-trace.json") },
      { name: "traffic/otlp-http-spans.json (first spans, minified)", bytes: minified("traffic/otlp-http-spans.json", 4) },
    ],
  },
  openapi: {
    structure: "yaml",
    seeds: () => [
      ...["ingest/shop-v1.yaml", "ingest/stripe-provider-spec.yaml", "openapi/va.gov-confirmation.json"].map((name) => ({ name, bytes: fixture(name) })),
      { name: "swagger 2.0 with $refs", bytes: Buffer.from(SWAGGER2) },
    ],
  },
  cyclonedx: {
    structure: "json",
    seeds: () => [
      { name: "sbom/vulnerabilities-1.5.cdx.json", bytes: fixture("sbom/vulnerabilities-1.5.cdx.json") },
      { name: "sbom/nodejs-goof.cdx.json (first components, minified)", bytes: smallGoof() },
    ],
  },
  backstage: {
    structure: "yaml",
    seeds: () => [
      { name: "backstage/catalog-info.yaml (documents 1, 4, 9)", bytes: someDocuments("backstage/catalog-info.yaml", [1, 4, 9]) },
      { name: "backstage/catalog-info.yaml (documents 3, 8, 13)", bytes: someDocuments("backstage/catalog-info.yaml", [3, 8, 13]) },
      { name: "backstage/catalog-info.yaml (documents 2, 5, 10, 12)", bytes: someDocuments("backstage/catalog-info.yaml", [2, 5, 10, 12]) },
    ],
  },
};

// ---------------------------------------------------------------- structural mutation

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

interface Parsed {
  /** One value per JSON document / YAML document / JSON line. */
  docs: Json[];
  paths: { doc: number; path: Path; type: string }[];
  serialize: (docs: Json[]) => string;
}

const typeOf = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "array" : typeof v);

function enumeratePaths(docs: Json[], limit = 4000): Parsed["paths"] {
  const out: Parsed["paths"] = [];
  docs.forEach((root, doc) => {
    const stack: { value: Json; path: Path }[] = [{ value: root, path: [] }];
    while (stack.length > 0 && out.length < limit) {
      const { value, path } = stack.pop() as { value: Json; path: Path };
      out.push({ doc, path, type: typeOf(value) });
      if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
      else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
    }
  });
  return out;
}

function parseStructure(structure: Structure, bytes: Buffer): Parsed | null {
  const text = bytes.toString("utf8");
  let docs: Json[];
  let serialize: Parsed["serialize"];
  if (structure === "json") {
    docs = [JSON.parse(text)];
    serialize = (d) => JSON.stringify(d[0]);
  } else if (structure === "json-lines") {
    // lines that are not JSON (fixtures hold some on purpose) are kept verbatim and never mutated
    const lines = text.split("\n").filter((l) => l.trim() !== "");
    const raw = new Set<number>();
    docs = lines.map((l, i) => {
      try {
        return JSON.parse(l) as Json;
      } catch {
        raw.add(i);
        return l;
      }
    });
    serialize = (d) => d.map((v, i) => (raw.has(i) ? lines[i] : JSON.stringify(v))).join("\n") + "\n";
    return { docs, paths: enumeratePaths(docs).filter((p) => !raw.has(p.doc)), serialize };
  } else if (structure === "yaml") {
    if (/^\s*[{[]/.test(text)) {
      docs = [JSON.parse(text)];
      serialize = (d) => JSON.stringify(d[0]);
    } else {
      docs = parseAllDocuments(text).map((d) => (Array.isArray(d) ? null : (d.toJS() as Json)));
      serialize = (d) => d.map((v) => yamlStringify(v)).join("---\n");
    }
  } else {
    return null;
  }
  return { docs, paths: enumeratePaths(docs), serialize };
}

function setAt(root: Json, path: Path, value: Json): Json {
  if (path.length === 0) return value;
  let cur = root as Record<string | number, Json>;
  for (let i = 0; i < path.length - 1; i++) cur = cur[path[i]] as Record<string | number, Json>;
  cur[path[path.length - 1]] = value;
  return root;
}

/** Values of every JSON type, some of them hostile ($ref loops, prototype keys, huge numbers). */
const WRONG_VALUES: Json[] = [
  null,
  true,
  false,
  0,
  -1,
  1e308,
  -1e308,
  1.5,
  12345678901234567890,
  "",
  "-",
  "not the right type",
  "1e999",
  "GET / HTTP/1.1",
  "\u0000",
  "\uD800",
  "%00%ff",
  "http://",
  "../../../etc/passwd",
  [],
  [null],
  [1, "x", {}],
  {},
  { $ref: "#" },
  { $ref: "#/nowhere" },
  { $ref: "https://example.test/x.json" },
  JSON.parse('{"__proto__": {"polluted": true}}') as Json,
  { constructor: "x", toString: 1, valueOf: null },
];

const PLACEHOLDER = "FUZZPLACEHOLDER0";

/** Text of an array/object nested `depth` levels deep (never built as an object, which could not be serialised). */
function nested(depth: number, kind: "array" | "object" | "mixed"): string {
  if (kind === "array") return "[".repeat(depth) + "]".repeat(depth);
  if (kind === "object") return '{"a":'.repeat(depth) + "1" + "}".repeat(depth);
  let open = "";
  let close = "";
  for (let i = 0; i < depth; i++) {
    open += i % 2 ? '{"k":' : "[";
    close = (i % 2 ? "}" : "]") + close;
  }
  return open + "0" + close;
}

// ---------------------------------------------------------------- generators

/** Byte sequences that break text decoding or parsing: NUL, invalid/overlong/truncated UTF-8, lone surrogates, BOMs, structure. */
const NASTY: Buffer[] = [
  [0x00],
  [0x00, 0x00, 0x00, 0x00],
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xc0, 0xaf],
  [0xc3, 0x28],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf0, 0x9f, 0x98],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xef, 0xbb, 0xbf],
  [0x1f, 0x8b, 0x08],
  [0x0d],
  [0x0a],
  [0x0d, 0x0a],
  [0x1b, 0x5b, 0x32, 0x4a],
].map((b) => Buffer.from(b));
const NASTY_TEXT = ['"', "\\", "{", "}", "[", "]", ",", ":", "- ", "---\n", "&a ", "*a", "!!binary ", "? ", "|", "\t", "\\u0000", "\\ud800", "#", "%", "'", "<", "\u2028", "\ufeff"];

/** Mostly the sizes real uploads arrive in; now and then tiny chunks that split characters, CRLFs and tokens. */
const CHUNK_SIZE: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constant(65536), weight: 12 },
  { arbitrary: fc.constantFrom(1000, 4096), weight: 4 },
  { arbitrary: fc.constantFrom(1, 2, 3, 7, 64), weight: 1 },
);

function labelled(label: string, bytes: Buffer, chunkSize: number, text?: string): FuzzInput {
  const input: FuzzInput = { label, bytes, chunkSize, ...(text !== undefined ? { text } : {}) };
  // fast-check prints counterexamples with this method: the label, not megabytes of input
  Object.defineProperty(input, fc.toStringMethod, { value: () => `${label} (${bytes.length} bytes, chunks of ${chunkSize})`, enumerable: false });
  return input;
}

function splice(seed: Buffer, at: number, remove: number, insert: Buffer): Buffer {
  const a = Math.min(at, seed.length);
  return Buffer.concat([seed.subarray(0, a), insert, seed.subarray(Math.min(seed.length, a + remove))]);
}

/** Malformed inputs of one format: mutations of its fixtures plus arbitrary bytes and text. */
export function malformedInputs(format: FuzzFormat): fc.Arbitrary<FuzzInput> {
  const { structure, seeds: load } = FORMAT_SEEDS[format];
  const seeds = load();
  const parsed = seeds.map((s) => parseStructure(structure, s.bytes));
  const seedIndex = fc.nat(seeds.length - 1);
  const chunk = CHUNK_SIZE;
  const offset = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
  const at = (seed: Buffer, o: number) => Math.floor(o * (seed.length + 1));

  const truncated = fc.tuple(seedIndex, offset, chunk).map(([i, o, c]) => {
    const s = seeds[i];
    const n = at(s.bytes, o);
    return labelled(`${s.name} truncated at byte ${n}`, s.bytes.subarray(0, n), c);
  });

  const flipped = fc.tuple(seedIndex, fc.array(fc.tuple(offset, fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }), chunk).map(([i, flips, c]) => {
    const s = seeds[i];
    const b = Buffer.from(s.bytes);
    const where: string[] = [];
    for (const [o, x] of flips) {
      const p = Math.min(b.length - 1, Math.floor(o * b.length));
      if (p < 0) continue;
      b[p] ^= x;
      where.push(`${p}^${x}`);
    }
    return labelled(`${s.name} with bytes flipped (${where.join(", ")})`, b, c);
  });

  const insertion = fc.oneof(
    fc.constantFrom(...NASTY).map((b) => ({ what: `bytes ${b.toString("hex")}`, b })),
    fc.constantFrom(...NASTY_TEXT).map((t) => ({ what: JSON.stringify(t), b: Buffer.from(t) })),
    fc.uint8Array({ minLength: 1, maxLength: 16 }).map((u) => ({ what: `random bytes ${Buffer.from(u).toString("hex")}`, b: Buffer.from(u) })),
  );
  const inserted = fc.tuple(seedIndex, fc.array(fc.tuple(offset, insertion), { minLength: 1, maxLength: 6 }), chunk).map(([i, ins, c]) => {
    const s = seeds[i];
    let b = s.bytes;
    const what: string[] = [];
    for (const [o, { what: w, b: bytes }] of ins) {
      const p = at(b, o);
      b = splice(b, p, 0, bytes);
      what.push(`${w}@${p}`);
    }
    return labelled(`${s.name} with ${what.join(", ")} inserted`, b, c);
  });

  const cut = fc.tuple(seedIndex, offset, offset, fc.boolean(), chunk).map(([i, o1, o2, dup, c]) => {
    const s = seeds[i];
    const a = at(s.bytes, Math.min(o1, o2));
    const z = at(s.bytes, Math.max(o1, o2));
    if (dup) return labelled(`${s.name} with bytes ${a}–${z} repeated at ${z}`, splice(s.bytes, z, 0, s.bytes.subarray(a, z)), c);
    return labelled(`${s.name} with bytes ${a}–${z} removed`, splice(s.bytes, a, z - a, Buffer.alloc(0)), c);
  });

  const encoded = fc.tuple(seedIndex, fc.constantFrom("utf16le", "latin1", "base64", "hex") as fc.Arbitrary<BufferEncoding>, chunk).map(([i, enc, c]) => {
    const s = seeds[i];
    const text = s.bytes.toString("utf8");
    const b = enc === "latin1" ? Buffer.from(text.replace(/[\s\S]/g, (ch) => (ch.charCodeAt(0) > 0x7e ? "\u00e9\u00ff" : ch)), "latin1") : Buffer.from(enc === "utf16le" ? Buffer.from(text, "utf16le") : Buffer.from(text).toString(enc));
    return labelled(`${s.name} re-encoded as ${enc}`, b, c);
  });

  const arbitrary = fc.oneof(
    fc.uint8Array({ maxLength: 2048 }).map((u) => labelled(`random bytes ${Buffer.from(u).toString("hex").slice(0, 80)}`, Buffer.from(u), 64)),
    fc.string({ unit: "binary", maxLength: 512 }).map((t) => labelled(`random text ${JSON.stringify(t.slice(0, 60))}`, Buffer.from(t), 7, t)),
    fc.string({ unit: fc.constantFrom("{", "}", "[", "]", '"', ":", ",", "\n", " ", "-", "a", "0", "\\", "#", "&", "*", "!"), maxLength: 400 }).map((t) =>
      labelled(`syntax soup ${JSON.stringify(t.slice(0, 60))}`, Buffer.from(t), 3, t),
    ),
    fc.jsonValue({ maxDepth: 4 }).map((v) => {
      const t = JSON.stringify(v) ?? "null";
      return labelled(`arbitrary JSON ${t.slice(0, 60)}`, Buffer.from(t), 64, t);
    }),
  );

  const lineLevel =
    structure === "text-lines" || structure === "json-lines"
      ? fc.tuple(seedIndex, fc.nat(), fc.oneof(fc.string({ unit: "binary", maxLength: 200 }), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? "")), chunk).map(([i, n, line, c]) => {
          const s = seeds[i];
          const lines = s.bytes.toString("utf8").split("\n");
          const k = n % lines.length;
          lines[k] = line;
          return labelled(`${s.name} with line ${k + 1} replaced by ${JSON.stringify(line.slice(0, 60))}`, Buffer.from(lines.join("\n")), c);
        })
      : null;

  const structural = parsed.every((p) => p === null)
    ? null
    : fc
        .tuple(
          fc.nat(seeds.length - 1).filter((i) => parsed[i] !== null),
          fc.nat(),
          fc.constantFrom(...WRONG_VALUES.map((_, k) => k)),
          chunk,
        )
        .map(([i, n, k, c]) => {
          const p = parsed[i] as Parsed;
          const target = p.paths[n % p.paths.length];
          let value = WRONG_VALUES[k];
          if (typeOf(value) === target.type) value = WRONG_VALUES[(k + 3) % WRONG_VALUES.length];
          const docs = structuredClone(p.docs);
          docs[target.doc] = setAt(docs[target.doc], target.path, value);
          return labelled(`${seeds[i].name} with ${target.type} at ${pathLabel(target)} replaced by ${JSON.stringify(value)}`, Buffer.from(p.serialize(docs)), c);
        });

  // Deep nesting and huge strings: placed at a random value of a seed (or a random byte offset of a line log).
  const bigThing = (kind: "deep" | "huge") =>
    fc
      .tuple(
        seedIndex,
        fc.nat(),
        kind === "deep" ? fc.constantFrom(1_000, 10_000) : fc.integer({ min: 1, max: 5 }),
        fc.constantFrom("array", "object", "mixed") as fc.Arbitrary<"array" | "object" | "mixed">,
        chunk,
      )
      .map(([i, n, size, shape, chunkSize]) => {
        let c = chunkSize;
        const s = seeds[i];
        const p = parsed[i];
        const bytes = kind === "huge" ? size * 1024 * 1024 : 0;
        if (kind === "huge") c = Math.max(c, 65536); // streamed as an upload would be, not byte by byte
        const json = kind === "deep" ? nested(size, shape) : JSON.stringify(hugeString(bytes, n));
        const what = kind === "deep" ? `${shape} nested ${size} levels` : `a ${size} MB string`;
        if (p === null || p.paths.length === 0) {
          const o = (n % 997) / 997;
          const raw = kind === "deep" ? json : json.slice(1, -1);
          return labelled(`${s.name} with ${what} inserted at byte ${at(s.bytes, o)}`, splice(s.bytes, at(s.bytes, o), 0, Buffer.from(raw)), c);
        }
        const target = p.paths[n % p.paths.length];
        const docs = structuredClone(p.docs);
        docs[target.doc] = setAt(docs[target.doc], target.path, PLACEHOLDER);
        const text = p.serialize(docs).replace(new RegExp(`"?${PLACEHOLDER}"?`), () => json);
        return labelled(`${s.name} with ${what} at ${pathLabel(target)}`, Buffer.from(text), c);
      });

  return fc.oneof(
    { arbitrary: truncated, weight: 700 },
    { arbitrary: flipped, weight: 700 },
    { arbitrary: inserted, weight: 700 },
    { arbitrary: cut, weight: 400 },
    { arbitrary: encoded, weight: 150 },
    { arbitrary: arbitrary, weight: 600 },
    ...(lineLevel ? [{ arbitrary: lineLevel, weight: 700 }] : []),
    ...(structural ? [{ arbitrary: structural, weight: 1000 }] : []),
    // deep nesting about 1 in 250, huge strings about 1 in 2,500 (a few MB each): keeps the run time sane
    { arbitrary: bigThing("deep"), weight: 20 },
    { arbitrary: bigThing("huge"), weight: 2 },
  );
}

function pathLabel(t: { doc: number; path: Path }): string {
  return `${t.doc > 0 ? `document ${t.doc + 1} ` : ""}$${t.path.map((k) => (typeof k === "number" ? `[${k}]` : `.${k}`)).join("")}`;
}

function hugeString(bytes: number, n: number): string {
  const alphabet = ["x", "é", "/a", "%41", "\u0000", '\\"'];
  const unit = alphabet[n % alphabet.length];
  return unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)));
}

// ---------------------------------------------------------------- the property

/** Where a problem may be located: a line, a byte offset, a JSON path, a YAML document line, or the whole input. */
export const LOCATION = /^(?:line \d+(?:, column \d+)?|byte \d+|\$(?:[.[].*)?|document \d+(?: \(line \d+\)|: \$.*)|span \d+|input|upload)$/s;

export interface FuzzOutcome {
  refused: boolean;
  problems: IngestProblem[];
  ms: number;
}

export class FuzzFailure extends Error {}

/** Classifies what a parser did with `input`: a result with located problems, or a located refusal; anything else throws FuzzFailure. */
export async function expectGraceful(label: string, run: () => Promise<IngestProblem[]>, boundMs: number): Promise<FuzzOutcome> {
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FuzzFailure(`${label}: no answer within ${boundMs} ms (hang?)`)), boundMs * 3);
  });
  let outcome: FuzzOutcome;
  try {
    outcome = { refused: false, problems: await Promise.race([run(), deadline]), ms: 0 };
  } catch (error) {
    if (error instanceof FuzzFailure) throw error;
    if (!(error instanceof IngestInputError)) {
      const e = error as Error;
      throw new FuzzFailure(`${label}: unexpected ${e?.name ?? typeof error}: ${e?.message ?? String(error)}\n${e?.stack ?? ""}`);
    }
    if (error.problems.length === 0) throw new FuzzFailure(`${label}: refused without any problem`);
    outcome = { refused: true, problems: error.problems, ms: 0 };
  } finally {
    clearTimeout(timer);
  }
  outcome.ms = performance.now() - start;
  if (outcome.ms > boundMs) throw new FuzzFailure(`${label}: took ${Math.round(outcome.ms)} ms (bound ${boundMs} ms)`);
  for (const p of outcome.problems) {
    if (typeof p.location !== "string" || !LOCATION.test(p.location)) throw new FuzzFailure(`${label}: problem without a line or path: ${JSON.stringify(p).slice(0, 300)}`);
    if (typeof p.reason !== "string" || p.reason.trim().length < 5) throw new FuzzFailure(`${label}: problem without a reason: ${JSON.stringify(p).slice(0, 300)}`);
  }
  return outcome;
}

// ---------------------------------------------------------------- the parsers under test

async function* chunks(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

const METHOD = /^[A-Z][A-Z0-9_-]{0,31}$/;

/** What every event must look like, whatever the input: usable as-is by the ingest pipeline (dates, numbers). */
export function eventDefect(e: TrafficEvent): string | null {
  if (e.direction !== "inbound" && e.direction !== "outbound") return "direction";
  if (!METHOD.test(e.method)) return `method ${JSON.stringify(e.method)}`;
  if (typeof e.path !== "string" || e.path === "") return "empty path";
  if (e.host !== null && (typeof e.host !== "string" || e.host === "" || e.host !== e.host.toLowerCase())) return `host ${JSON.stringify(e.host)}`;
  if (e.query !== null && typeof e.query !== "string") return "query";
  if (e.status !== null && !(Number.isInteger(e.status) && e.status >= 100 && e.status <= 599)) return `status ${e.status}`;
  if (e.durationMs !== null && !(Number.isFinite(e.durationMs) && e.durationMs >= 0 && e.durationMs <= MAX_DURATION_MS)) return `durationMs ${e.durationMs}`;
  if (e.timestamp !== null && !(Number.isFinite(e.timestamp) && e.timestamp >= MIN_TIMESTAMP_MS && e.timestamp <= MAX_TIMESTAMP_MS)) {
    return `timestamp ${e.timestamp} (PostgreSQL cannot store it)`;
  }
  if (typeof e.location !== "string" || !LOCATION.test(e.location)) return `location ${JSON.stringify(e.location)}`;
  return null;
}

/** Runs the parser of `format` on `input`; returns the problems it reported (throws what the parser throws). */
export async function runParser(format: FuzzFormat, input: FuzzInput): Promise<IngestProblem[]> {
  const text = () => input.text ?? input.bytes.toString("utf8");
  switch (format) {
    case "openapi": {
      const spec = await parseOpenApi(text());
      if (typeof spec.title !== "string" || typeof spec.version !== "string") throw new FuzzFailure(`${input.label}: spec without title/version`);
      for (const op of spec.operations) if (!op.path.startsWith("/")) throw new FuzzFailure(`${input.label}: operation path ${op.path}`);
      return [];
    }
    case "cyclonedx": {
      const sbom = parseCycloneDx(text());
      for (const c of sbom.components) if (typeof c.name !== "string" || c.name === "") throw new FuzzFailure(`${input.label}: component without name`);
      return sbom.problems;
    }
    case "backstage":
      return parseBackstageCatalog(text()).problems;
    default: {
      const bytes = input.text !== undefined ? Buffer.from(input.text) : input.bytes;
      const detected = detectTrafficFormat(bytes);
      if (detected !== null && !FUZZ_FORMATS.includes(detected)) throw new FuzzFailure(`${input.label}: detected ${detected}`);
      const problems: IngestProblem[] = [];
      let last = -1;
      for await (const batch of parseTraffic(chunks(bytes, input.chunkSize), format)) {
        for (const e of batch.events) {
          const defect = eventDefect(e);
          if (defect) throw new FuzzFailure(`${input.label}: event at ${e.location} has a bad ${defect}`);
        }
        problems.push(...batch.problems);
        last = batch.bytesRead;
      }
      if (last !== bytes.length) {
        throw new FuzzFailure(`${input.label}: the last batch says ${last} bytes were read, the input has ${bytes.length}`);
      }
      return problems;
    }
  }
}

// ---------------------------------------------------------------- the test, shared by the fuzz-*.test.ts files

const RUNS = Number(process.env.SIBYL_FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.SIBYL_FUZZ_SEED ?? 20261125);
/** Per input; generous for a busy 2-core CI machine (typical inputs take a few milliseconds). */
const BOUND_MS = 2_000;
/** Per input of more than 1 MB (the huge-string inputs, 1–5 MB). */
const HUGE_BOUND_MS = 6_000;

/**
 * One test per format: RUNS (default 10,000; SIBYL_FUZZ_RUNS overrides, SIBYL_FUZZ_SEED changes the seed)
 * malformed inputs, each answered with a result or a located IngestInputError within its time bound.
 */
export function describeFuzz(formats: readonly FuzzFormat[]): void {
  describe.each(formats)("%s parser on malformed input", (format) => {
    it(`survives ${RUNS.toLocaleString("en")} generated inputs: a result or a located refusal, in bounded time`, { timeout: 600_000 }, async () => {
      const seen = { refused: 0, reported: 0, clean: 0 };
      await fc.assert(
        fc.asyncProperty(malformedInputs(format), async (input) => {
          const bound = input.bytes.length > 1024 * 1024 ? HUGE_BOUND_MS : BOUND_MS;
          const outcome = await expectGraceful(input.label, () => runParser(format, input), bound);
          if (outcome.refused) seen.refused++;
          else if (outcome.problems.length > 0) seen.reported++;
          else seen.clean++;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      // The generator must really produce bad input: most of it is refused or reported as problems.
      expect(seen.refused + seen.reported + seen.clean).toBe(RUNS);
      expect(seen.refused + seen.reported).toBeGreaterThan(RUNS / 2);
      expect(seen.refused).toBeGreaterThan(0);
    });
  });
}
