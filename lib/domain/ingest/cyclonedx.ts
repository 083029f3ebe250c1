// Decides what Sibyl keeps from a CycloneDX JSON SBOM (spec 1.4–1.6, https://cyclonedx.org/specification/overview/):
// the subject, components (nested ones too, deduplicated by purl), and the vulnerabilities section. Unusable input
// throws IngestInputError; a bad component or vulnerability is skipped and reported with its JSON path.
import { z } from "zod";
import { parsePurl } from "../catalog/match";
import { IngestInputError, type IngestProblem, type ParsedSbom, type SbomComponent } from "./types";
import type { SbomVulnerability, SbomVulnerabilityRating } from "./types";

export const SUPPORTED_CYCLONEDX_VERSIONS = ["1.4", "1.5", "1.6"] as const;
const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/** Beyond this many problems only a count is kept, so a hostile file cannot balloon the report. */
const MAX_PROBLEMS = 500;

export type ParsedCycloneDx = ParsedSbom & { problems: IngestProblem[] };

export type SdkMatcher = (purl: string) => { providerId: string; ecosystem: string; packageName: string } | null;

export type ProviderSdkHit = { providerId: string; component: SbomComponent; packageName: string; ecosystem: string };

const componentSchema = z.object({
  type: z.string().min(1),
  name: z.string().min(1),
  group: z.string().optional(),
  version: z.string().optional(),
  purl: z.string().optional(),
  "bom-ref": z.string().optional(),
});

const metadataSchema = z.object({ component: z.object({ name: z.string().optional(), version: z.string().optional() }).optional() });

const vulnerabilitySchema = z.object({
  id: z.string().min(1),
  source: z.object({ name: z.string().optional() }).optional(),
  ratings: z.array(z.unknown()).optional(),
  affects: z.array(z.unknown()).optional(),
  description: z.string().optional(),
});

const ratingSchema = z.object({
  source: z.object({ name: z.string().optional() }).optional(),
  score: z.number().optional(),
  severity: z.string().optional(),
  method: z.string().optional(),
  vector: z.string().optional(),
});

const affectSchema = z.object({ ref: z.string().min(1) });

class ProblemList {
  readonly items: IngestProblem[] = [];
  private dropped = 0;
  add(location: string, reason: string): void {
    if (this.items.length < MAX_PROBLEMS) this.items.push({ location, reason });
    else this.dropped++;
  }
  finish(): IngestProblem[] {
    if (this.dropped > 0) this.items.push({ location: "$", reason: `${this.dropped} further problems not listed` });
    return this.items;
  }
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function jsonPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_$][\w$]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = root;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Reports each zod issue as "$.path: reason", with "required" / "expected string, got number" wording. */
function reportIssues(problems: ProblemList, base: string, input: unknown, error: z.ZodError): void {
  for (const issue of error.issues) {
    const at = jsonPath(base, issue.path);
    const value = valueAt(input, issue.path);
    if (issue.code === "invalid_type") {
      problems.add(at, value === undefined ? "required" : `expected ${issue.expected}, got ${typeName(value)}`);
    } else if (issue.code === "too_small" && typeof value === "string") {
      problems.add(at, "must not be empty");
    } else {
      problems.add(at, issue.message);
    }
  }
}

/** The array at `path`, or [] with a problem when it is present but not an array. */
function arrayAt(value: unknown, path: string, problems: ProblemList): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== undefined) problems.add(path, `expected array, got ${typeName(value)}`);
  return [];
}

function emptyToNull(value: string | undefined): string | null {
  return value === undefined || value.trim() === "" ? null : value;
}

/** UTF-8 size without allocating: each half of a surrogate pair counts 2, so a pair makes 4. */
function utf8ByteLength(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) bytes += code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 1 : 2;
  }
  return bytes;
}

function refuse(location: string, reason: string): never {
  throw new IngestInputError([{ location, reason }]);
}

function lineAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

type JsonFault = { offset: number; truncated: boolean; reason: string };
type Expect = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "comma-or-close" | "end";
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Returns the offset after the string starting at text[start] === '"', or what is wrong with it. */
function scanJsonString(text: string, start: number, ended: JsonFault): number | JsonFault {
  for (let j = start + 1; j < text.length; j++) {
    const c = text[j];
    if (c === '"') return j + 1;
    if (c < " ") return { offset: j, truncated: false, reason: "unescaped control character in string" };
    if (c !== "\\") continue;
    const e = text[j + 1];
    if (e === undefined) break;
    if (e === "u") {
      const hex = text.slice(j + 2, j + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) j += 5;
      else if (j + 6 > text.length && /^[0-9a-fA-F]*$/.test(hex)) break;
      else return { offset: j, truncated: false, reason: "invalid \\u escape in string" };
    } else if ('"\\/bfnrt'.includes(e)) j++;
    else return { offset: j, truncated: false, reason: `invalid escape \\${e} in string` };
  }
  return ended;
}

/**
 * Finds where JSON text goes wrong (Node's JSON.parse messages often carry no position). Run only after
 * JSON.parse has failed; iterative, so deep nesting cannot overflow the stack. Returns null if it finds no fault.
 */
function locateJsonFault(text: string): JsonFault | null {
  const n = text.length;
  const stack: string[] = [];
  const ended: JsonFault = { offset: n, truncated: true, reason: "truncated JSON: the input ends before the document is complete" };
  const at = (offset: number, reason: string): JsonFault => ({ offset, truncated: false, reason });
  const afterValue = (): Expect => (stack.length > 0 ? "comma-or-close" : "end");
  let expect: Expect = "value";
  let i = 0;
  for (;;) {
    while (i < n && " \t\n\r".includes(text[i])) i++;
    if (i >= n) return expect === "end" ? null : ended;
    const c = text[i];
    const shown = JSON.stringify(c);
    const close = stack[stack.length - 1] === "{" ? "}" : "]";
    if (expect === "end") return at(i, `unexpected ${shown} after the end of the JSON document`);
    if (expect === "colon") {
      if (c !== ":") return at(i, `expected ':' after a property name, found ${shown}`);
      i++;
      expect = "value";
      continue;
    }
    if (c === close && (expect === "comma-or-close" || expect === "value-or-close" || expect === "key-or-close")) {
      i++;
      stack.pop();
      expect = afterValue();
      continue;
    }
    if (expect === "comma-or-close") {
      if (c !== ",") return at(i, `expected ',' or '${close}', found ${shown}`);
      i++;
      expect = close === "}" ? "key" : "value";
      continue;
    }
    const wantKey: boolean = expect === "key" || expect === "key-or-close";
    if (wantKey && c !== '"') return at(i, `expected a property name in double quotes, found ${shown}`);
    if (c === '"') {
      const end = scanJsonString(text, i, ended);
      if (typeof end !== "number") return end;
      i = end;
      expect = wantKey ? "colon" : afterValue();
    } else if (c === "{" || c === "[") {
      stack.push(c);
      i++;
      expect = c === "{" ? "key-or-close" : "value-or-close";
    } else if (c === "-" || (c >= "0" && c <= "9")) {
      JSON_NUMBER.lastIndex = i;
      const m = JSON_NUMBER.exec(text);
      if (!m) return i + 1 >= n ? ended : at(i, "invalid number");
      i += m[0].length;
      expect = afterValue();
    } else {
      const literal = ["true", "false", "null"].find((l) => l[0] === c);
      if (literal === undefined) return at(i, `unexpected ${shown} where a JSON value was expected`);
      if (!text.startsWith(literal, i)) {
        return n - i < literal.length && literal.startsWith(text.slice(i)) ? ended : at(i, `unexpected ${shown} where a JSON value was expected`);
      }
      i += literal.length;
      expect = afterValue();
    }
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof RangeError) refuse("$", "JSON is nested too deeply to read");
    const found = locateJsonFault(text);
    if (!found) refuse("$", `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    // A truncated file is reported at its last non-blank line, which is where an editor shows the cut.
    const { line, column } = lineAt(text, found.truncated ? text.trimEnd().length : found.offset);
    if (found.truncated) refuse(`line ${line}`, found.reason);
    refuse(`line ${line}, column ${column}`, `not valid JSON: ${found.reason}`);
  }
}

/** Decoded binary shows NUL bytes, U+FFFD replacement characters or C0 control characters early on. */
function looksBinary(text: string): boolean {
  const end = Math.min(text.length, 4096);
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c)) return true;
  }
  return false;
}

/** Refuses input that is empty, too large, binary (gzip, zip, ...), XML, or not JSON at all. */
function checkText(text: string, maxBytes: number): string {
  if (typeof text !== "string") refuse("$", "expected text");
  if (text.length > maxBytes || (text.length * 3 > maxBytes && utf8ByteLength(text) > maxBytes)) {
    refuse("$", `input is larger than the ${Math.round(maxBytes / 1024 / 1024)} MB limit`);
  }
  const body = text.replace(/^\uFEFF/, "");
  if (looksBinary(body)) refuse("$", "input is binary (for example a gzip or zip archive), not CycloneDX JSON text");
  const trimmed = body.trimStart();
  if (trimmed.length === 0) refuse("$", "input is empty");
  if (trimmed.startsWith("<")) refuse("$", "input looks like XML; Sibyl reads CycloneDX JSON only (export the SBOM as JSON)");
  return body;
}

function checkHeader(doc: unknown): { specVersion: string; root: Record<string, unknown> } {
  if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
    refuse("$", `not a CycloneDX document: expected a JSON object, got ${typeName(doc)}`);
  }
  const root = doc as Record<string, unknown>;
  if (root.bomFormat === undefined) {
    if ("spdxVersion" in root) refuse("$.spdxVersion", "this is an SPDX document; Sibyl reads CycloneDX JSON");
    refuse("$.bomFormat", "not a CycloneDX document: bomFormat is missing");
  }
  if (root.bomFormat !== "CycloneDX") {
    refuse("$.bomFormat", `not a CycloneDX document: expected "CycloneDX", got ${JSON.stringify(root.bomFormat)}`);
  }
  const specVersion = root.specVersion;
  if (specVersion === undefined) refuse("$.specVersion", "required");
  if (typeof specVersion !== "string") refuse("$.specVersion", `expected string, got ${typeName(specVersion)}`);
  if (!(SUPPORTED_CYCLONEDX_VERSIONS as readonly string[]).includes(specVersion)) {
    refuse("$.specVersion", `unsupported CycloneDX version ${JSON.stringify(specVersion)} (Sibyl reads ${SUPPORTED_CYCLONEDX_VERSIONS.join(", ")})`);
  }
  return { specVersion, root };
}

/** refAliases: bom-ref of a dropped duplicate -> bom-ref of the component kept in its place. */
type Collected = { components: SbomComponent[]; refAliases: Map<string, string> };

/** Walks components and their nested components (pre-order, iteratively), validating and deduplicating. */
function collectComponents(list: unknown, problems: ProblemList): Collected {
  const components: SbomComponent[] = [];
  const refAliases = new Map<string, string>();
  const byKey = new Map<string, SbomComponent>();
  const stack: { value: unknown; path: string }[] = [];
  const pushAll = (items: unknown[], base: string) => {
    for (let k = items.length - 1; k >= 0; k--) stack.push({ value: items[k], path: `${base}[${k}]` });
  };
  pushAll(arrayAt(list, "$.components", problems), "$.components");

  for (let entry = stack.pop(); entry !== undefined; entry = stack.pop()) {
    const { value, path } = entry;
    const nested = value !== null && typeof value === "object" ? (value as Record<string, unknown>).components : undefined;
    pushAll(arrayAt(nested, `${path}.components`, problems), `${path}.components`);

    const parsed = componentSchema.safeParse(value);
    if (!parsed.success) {
      reportIssues(problems, path, value, parsed.error);
      continue;
    }
    const c = parsed.data;
    let purl = emptyToNull(c.purl);
    if (purl !== null && parsePurl(purl) === null) {
      problems.add(`${path}.purl`, `not a valid Package URL: ${JSON.stringify(purl.slice(0, 200))}`);
      purl = null;
    }
    const component: SbomComponent = {
      bomRef: emptyToNull(c["bom-ref"]),
      name: c.name,
      group: emptyToNull(c.group),
      version: emptyToNull(c.version),
      purl,
      type: c.type,
    };
    const key = purl !== null ? `purl\u0000${purl}` : `nv\u0000${component.group ?? ""}\u0000${component.name}\u0000${component.version ?? ""}`;
    const kept = byKey.get(key);
    if (kept === undefined) {
      byKey.set(key, component);
      components.push(component);
    } else if (component.bomRef !== null) {
      if (kept.bomRef === null) kept.bomRef = component.bomRef;
      else if (kept.bomRef !== component.bomRef) refAliases.set(component.bomRef, kept.bomRef);
    }
  }
  return { components, refAliases };
}

function collectVulnerabilities(list: unknown, refAliases: Map<string, string>, problems: ProblemList): SbomVulnerability[] {
  const out: SbomVulnerability[] = [];
  arrayAt(list, "$.vulnerabilities", problems).forEach((value, index) => {
    const path = `$.vulnerabilities[${index}]`;
    const parsed = vulnerabilitySchema.safeParse(value);
    if (!parsed.success) return reportIssues(problems, path, value, parsed.error);
    const v = parsed.data;
    const ratings: SbomVulnerabilityRating[] = [];
    (v.ratings ?? []).forEach((raw, k) => {
      const r = ratingSchema.safeParse(raw);
      if (!r.success) return reportIssues(problems, `${path}.ratings[${k}]`, raw, r.error);
      const { source, score, severity, method, vector } = r.data;
      const level = emptyToNull(severity)?.toLowerCase() ?? null;
      ratings.push({ source: emptyToNull(source?.name), score: score ?? null, severity: level, method: emptyToNull(method), vector: emptyToNull(vector) });
    });
    const affects = new Set<string>();
    (v.affects ?? []).forEach((raw, k) => {
      const a = affectSchema.safeParse(raw);
      if (!a.success) return reportIssues(problems, `${path}.affects[${k}]`, raw, a.error);
      affects.add(refAliases.get(a.data.ref) ?? a.data.ref);
    });
    out.push({ id: v.id, source: emptyToNull(v.source?.name), ratings, affects: [...affects], description: emptyToNull(v.description) });
  });
  return out;
}

function readSubject(metadata: unknown, problems: ProblemList): ParsedSbom["subject"] {
  const parsed = metadataSchema.optional().safeParse(metadata);
  if (!parsed.success) reportIssues(problems, "$.metadata", metadata, parsed.error);
  const subject = parsed.data?.component;
  return subject ? { name: emptyToNull(subject.name), version: emptyToNull(subject.version) } : null;
}

/** Parses a CycloneDX JSON SBOM. Throws IngestInputError when the input cannot be used at all. */
export function parseCycloneDx(text: string, options: { maxBytes?: number } = {}): ParsedCycloneDx {
  const body = checkText(text, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const { specVersion, root } = checkHeader(parseJson(body));
  const problems = new ProblemList();

  let serialNumber: string | null = null;
  if (typeof root.serialNumber === "string") serialNumber = emptyToNull(root.serialNumber);
  else if (root.serialNumber !== undefined) problems.add("$.serialNumber", `expected string, got ${typeName(root.serialNumber)}`);

  const subject = readSubject(root.metadata, problems);
  const { components, refAliases } = collectComponents(root.components, problems);
  const vulnerabilities = collectVulnerabilities(root.vulnerabilities, refAliases, problems);
  return { specVersion, serialNumber, subject, components, vulnerabilities, problems: problems.finish() };
}

/** Components that are a catalogued provider's SDK, e.g. `pkg:npm/stripe@14.0.0` -> stripe. */
export function findProviderSdks(sbom: ParsedSbom, matcher: SdkMatcher): ProviderSdkHit[] {
  const hits: ProviderSdkHit[] = [];
  for (const component of sbom.components) {
    if (component.purl === null) continue;
    const match = matcher(component.purl);
    if (match) hits.push({ providerId: match.providerId, component, packageName: match.packageName, ecosystem: match.ecosystem });
  }
  return hits;
}
