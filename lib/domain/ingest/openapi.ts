// Reads an OpenAPI 3.0/3.1 or Swagger 2.0 document (YAML or JSON, detected by content) into the
// operations, base paths and security schemes Sibyl inventories. Rules: the OpenAPI 3.x and Swagger 2.0
// specifications; local $refs only (never fetched); YAML alias expansion bounded against "billion laughs".

import $RefParser from "@apidevtools/json-schema-ref-parser";
import { parseDocument } from "yaml";
import { normalisePath } from "./path-template";
import {
  IngestInputError,
  type HttpMethod,
  type ParsedSpec,
  type PathParamType,
  type SecuritySchemeSummary,
  type SpecOperation,
} from "./types";

export interface ParseOpenApiOptions {
  /** Refuse larger inputs; default 20 MB. */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
const MAX_YAML_ALIASES = 1000;
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const fail = (location: string, reason: string): never => {
  throw new IngestInputError([{ location, reason }]);
};

export async function parseOpenApi(text: string, options: ParseOpenApiOptions = {}): Promise<ParsedSpec> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  checkText(text, maxBytes);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const document = /^\s*[{[]/.test(body) ? parseJsonOrFlowYaml(body) : parseYaml(body);
  if (!isObj(document)) fail("$", "not an OpenAPI or Swagger document: the top level is not a mapping");
  const doc = document as Obj;
  const specVersion = detectVersion(doc);
  const info = doc.info;
  if (!isObj(info)) return fail("$.info", "missing 'info' object (title and version are required)");
  // An empty title is valid OpenAPI (and common in the wild): it reads as "Untitled API".
  const title = typeof info.title === "string" && info.title.trim() === "" ? "Untitled API" : scalarText(info.title);
  if (!title) fail("$.info.title", "missing 'info.title'");
  const version = scalarText(info.version);
  if (!version) fail("$.info.version", "missing 'info.version'");

  let resolver: LocalRefs;
  try {
    const refs = await new $RefParser().resolve(doc as never, { resolve: { external: false, http: false, file: false } });
    resolver = new LocalRefs((ref) => refs.get(ref));
  } catch (e) {
    return fail("$", `$refs could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  const operations = readOperations(doc, specVersion, resolver);
  return {
    title: title as string,
    version: version as string,
    specVersion,
    basePaths: specVersion === "2.0" ? [basePathOf(typeof doc.basePath === "string" ? doc.basePath : "/")] : serverBasePaths(doc, resolver),
    operations,
    securitySchemes: readSecuritySchemes(specVersion === "2.0" ? doc.securityDefinitions : isObj(doc.components) ? doc.components.securitySchemes : undefined, specVersion === "2.0" ? "$.securityDefinitions" : "$.components.securitySchemes", resolver),
    document,
  };
}

// ---------------------------------------------------------------- text and syntax

function checkText(text: string, maxBytes: number): void {
  const tooBig = text.length > maxBytes || (text.length * 3 > maxBytes && new TextEncoder().encode(text).length > maxBytes);
  if (tooBig) fail("$", `input is larger than the ${formatBytes(maxBytes)} limit`);
  if (text.trim().length === 0) fail("line 1", "the input is empty");
  if (text.includes("\u0000")) fail("$", "not a text file: it contains NUL bytes (binary input?)");
  const replacement = text.match(/\uFFFD/g)?.length ?? 0;
  const controls = text.match(/[\u0001-\u0008\u000E-\u001A\u001C-\u001F]/g)?.length ?? 0;
  if (replacement + controls > Math.max(16, text.length / 200)) fail("$", "not a text file: invalid UTF-8 or binary content");
}

const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`);
const lineAt = (text: string, offset: number) => text.slice(0, Math.max(0, offset)).split("\n").length;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    let offset = -1;
    const pos = /at position (\d+)/.exec(message);
    const end = text.trimEnd().length;
    // V8 words a cut-off document several ways; an error at the very end (or in an unclosed string) is one.
    if (/Unexpected end of JSON input|Unterminated string/.test(message) || (pos && Number(pos[1]) >= end)) {
      const line = text.trimEnd().split("\n").length;
      return fail(`line ${line}`, `Unexpected end of JSON input at line ${line} (truncated file?)`);
    }
    if (pos) offset = Number(pos[1]);
    else {
      // V8 without a position: `Unexpected token '}', ..."a": }, "b"..." is not valid JSON`
      const snippet = /^Unexpected token '(.)', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(message);
      const at = snippet ? text.indexOf(snippet[2]) : -1;
      if (snippet && at >= 0) offset = at + Math.max(0, snippet[2].indexOf(snippet[1]));
    }
    const reason = message.replace(/, (?:\.\.\.)?"[\s\S]*" is not valid JSON$/, "").replace(/ in JSON at position \d+.*$/, "");
    const location = offset >= 0 ? `line ${lineAt(text, offset)}` : "$";
    return fail(location, `${reason}${offset >= 0 ? ` at ${location}` : ""} (invalid JSON)`);
  }
}

/** JSON, or YAML flow style that merely looks like JSON ("{openapi: 3.0.0, …}"); JSON's error otherwise. */
function parseJsonOrFlowYaml(text: string): unknown {
  try {
    return parseJson(text);
  } catch (jsonError) {
    if (text.length > 2 * 1024 * 1024) throw jsonError;
    const doc = parseDocument(text, { merge: true });
    if (doc.errors.length > 0) throw jsonError;
    return parseYaml(text);
  }
}

function parseYaml(text: string): unknown {
  const doc = parseDocument(text, { merge: true, prettyErrors: true });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line;
    const first = err.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    const hint = err.code === "MULTIPLE_DOCS" ? "the file holds several YAML documents" : first;
    fail(line ? `line ${line}` : "$", `YAML syntax error: ${hint}`);
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    if (e instanceof ReferenceError && /alias/i.test(e.message)) {
      return fail("$", `YAML document has too many aliases (possible YAML bomb); at most ${MAX_YAML_ALIASES} are expanded`);
    }
    return fail("$", `YAML could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A version field as text for matching and messages; never String() of a mapping, whose own toString may throw. */
function versionText(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return v === null ? "null" : Array.isArray(v) ? "(a list)" : "(a mapping)";
}

function detectVersion(doc: Obj): ParsedSpec["specVersion"] {
  if (doc.openapi !== undefined) {
    const v = typeof doc.openapi === "number" && Number.isInteger(doc.openapi) ? `${doc.openapi}.0` : versionText(doc.openapi);
    if (/^3\.0(\.|$)/.test(v)) return "3.0";
    if (/^3\.[1-9]/.test(v)) return "3.1";
    return fail("$.openapi", `unsupported OpenAPI version '${v}' (3.0, 3.1 and Swagger 2.0 are read)`);
  }
  if (doc.swagger !== undefined) {
    const v = versionText(doc.swagger);
    if (v === "2.0" || v === "2") return "2.0";
    return fail("$.swagger", `unsupported Swagger version '${v}' (only 2.0)`);
  }
  return fail("$", "not an OpenAPI or Swagger document: missing 'openapi' or 'swagger' field");
}

function scalarText(v: unknown): string | null {
  if (typeof v === "string") return v.trim() || null;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return null;
}

// ---------------------------------------------------------------- $refs

/** Follows local "#/…" refs through $RefParser's $Refs; external refs and loops are problems. */
class LocalRefs {
  constructor(private readonly get: (ref: string) => unknown) {}

  resolve(value: unknown, location: string): unknown {
    if (!isObj(value) || typeof value.$ref !== "string") return value;
    const ref = value.$ref;
    if (!ref.startsWith("#")) {
      return fail(location, `external $ref '${ref}' is not fetched: only references inside the document ("#/…") are resolved`);
    }
    let target: unknown;
    try {
      target = this.get(ref);
    } catch {
      return fail(location, `$ref '${ref}' points to nothing in this document`);
    }
    // $Refs follows chains and stops where a chain loops back on itself, returning the $ref object.
    if (isObj(target) && typeof target.$ref === "string") {
      if (!target.$ref.startsWith("#")) return this.resolve(target, location);
      return fail(location, `$ref '${ref}' loops back to itself (circular reference)`);
    }
    const { $ref: _ignored, ...siblings } = value;
    return isObj(target) && Object.keys(siblings).length > 0 ? { ...target, ...siblings } : target;
  }
}

// ---------------------------------------------------------------- operations and security

function securityNames(requirements: unknown, location: string): string[] {
  if (!Array.isArray(requirements)) return fail(location, "'security' must be a list of requirement objects");
  const names = new Set<string>();
  for (const r of requirements) if (isObj(r)) for (const name of Object.keys(r)) names.add(name);
  return [...names];
}

function readOperations(doc: Obj, specVersion: ParsedSpec["specVersion"], refs: LocalRefs): SpecOperation[] {
  const paths = doc.paths;
  if (paths === undefined) {
    if (specVersion === "3.1") return [];
    return fail("$.paths", "missing 'paths' object");
  }
  if (!isObj(paths)) return fail("$.paths", "'paths' must be a mapping of path templates");
  const docSecurity = doc.security === undefined ? [] : securityNames(doc.security, "$.security");
  const operations: SpecOperation[] = [];
  for (const [path, rawItem] of Object.entries(paths)) {
    if (path.startsWith("x-")) continue;
    const where = `$.paths.${path}`;
    const item = refs.resolve(rawItem, where);
    if (item === null || item === undefined) continue;
    if (!isObj(item)) fail(where, "a path item must be a mapping of operations");
    const pathItem = item as Obj;
    if (pathItem.parameters !== undefined) resolveParameters(pathItem.parameters, `${where}.parameters`, refs);
    const itemParams = pathParameterFacts(pathItem.parameters, refs);
    for (const method of METHODS) {
      const op = pathItem[method];
      if (op === undefined || op === null) continue;
      if (!isObj(op)) fail(`${where}.${method}`, "an operation must be a mapping");
      const operation = op as Obj;
      if (operation.parameters !== undefined) resolveParameters(operation.parameters, `${where}.${method}.parameters`, refs);
      const security = operation.security === undefined ? docSecurity : securityNames(operation.security, `${where}.${method}.security`);
      // Operation-level parameters override the path item's of the same name; only names in the path count.
      const params = Object.entries({ ...itemParams, ...pathParameterFacts(operation.parameters, refs) }).filter(([name]) => path.includes(`{${name}}`));
      const enums = params.flatMap(([name, f]) => (f.values ? [[name, f.values] as const] : []));
      // An enumeration says more than a type: a numeric parameter with an enum is matched by its values.
      const types = params.flatMap(([name, f]) => (f.type && !f.values ? [[name, f.type] as const] : []));
      operations.push({
        method: method.toUpperCase() as HttpMethod,
        path: path.startsWith("/") ? path : `/${path}`,
        deprecated: operation.deprecated === true,
        ...(typeof operation.operationId === "string" ? { operationId: operation.operationId } : {}),
        security,
        ...(enums.length ? { pathEnums: Object.fromEntries(enums) as Record<string, string[]> } : {}),
        ...(types.length ? { pathTypes: Object.fromEntries(types) as Record<string, PathParamType> } : {}),
      });
    }
  }
  return operations;
}

/**
 * What the spec says of each path parameter's values: its enumeration (null: none) and whether its schema is
 * numeric ("integer" or "number"; null: anything else, or no type).
 */
const MAX_ENUM_VALUES = 200;
interface PathParamFacts {
  values: string[] | null;
  type: PathParamType | null;
}
function pathParameterFacts(params: unknown, refs: LocalRefs): Record<string, PathParamFacts> {
  const out: Record<string, PathParamFacts> = {};
  if (!Array.isArray(params)) return out;
  for (const [i, raw] of params.entries()) {
    let p: unknown;
    try {
      p = refs.resolve(raw, `parameters[${i}]`);
    } catch {
      continue;
    }
    if (!isObj(p) || p.in !== "path" || typeof p.name !== "string") continue;
    // Swagger 2 puts the enumeration and the type on the parameter, OpenAPI 3 on its schema.
    // A schema the document cannot resolve (an external $ref) only loses what it says: never an error here.
    let schema: unknown = null;
    try {
      schema = isObj(p.schema) ? refs.resolve(p.schema, `parameters[${i}].schema`) : null;
    } catch {
      schema = null;
    }
    const values = Array.isArray(p.enum) ? p.enum : isObj(schema) && Array.isArray(schema.enum) ? schema.enum : null;
    const usable = values && values.length > 0 && values.length <= MAX_ENUM_VALUES && values.every((v) => (typeof v === "string" && v.length > 0 && v.length <= 200) || typeof v === "number");
    const declared = isObj(schema) ? schema.type : p.type;
    out[p.name] = { values: usable ? [...new Set(values.map(String))] : null, type: numericType(declared) };
  }
  return out;
}

/** "integer" or "number" (OpenAPI 3.1 also ["integer", "null"]); null for any other or a mix with non-numeric types. */
function numericType(declared: unknown): PathParamType | null {
  const types = (Array.isArray(declared) ? declared : [declared]).filter((t) => t !== "null");
  if (types.length === 0 || !types.every((t) => t === "integer" || t === "number")) return null;
  return types.includes("number") ? "number" : "integer";
}

function resolveParameters(params: unknown, location: string, refs: LocalRefs): void {
  if (!Array.isArray(params)) fail(location, "'parameters' must be a list");
  (params as unknown[]).forEach((p, i) => refs.resolve(p, `${location}[${i}]`));
}

function readSecuritySchemes(schemes: unknown, location: string, refs: LocalRefs): Record<string, SecuritySchemeSummary> {
  const out: Record<string, SecuritySchemeSummary> = {};
  if (schemes === undefined || schemes === null) return out;
  if (!isObj(schemes)) return fail(location, "security schemes must be a mapping");
  for (const [name, raw] of Object.entries(schemes)) {
    const s = refs.resolve(raw, `${location}.${name}`);
    if (!isObj(s) || typeof s.type !== "string") fail(`${location}.${name}`, "a security scheme needs a 'type'");
    const scheme = s as Obj;
    const summary: SecuritySchemeSummary = { type: scheme.type as string };
    if (typeof scheme.in === "string") summary.in = scheme.in;
    if (typeof scheme.scheme === "string") summary.scheme = scheme.scheme.toLowerCase();
    if (typeof scheme.name === "string") summary.name = scheme.name;
    out[name] = summary;
  }
  return out;
}

// ---------------------------------------------------------------- base paths

/** The path part of a server URL, normalised: "" for the root, else "/a/b". */
export function basePathOf(url: string): string {
  let p = url.trim().replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "").replace(/^\/\/[^/?#]*/, "");
  if (p === "." || p.startsWith("./")) p = p.slice(1);
  const n = normalisePath(p);
  return n === "/" ? "" : n;
}

function substituteVariables(url: string, variables: unknown): string {
  const vars = isObj(variables) ? variables : {};
  const replaced = url.replace(/\{([^{}]+)\}/g, (whole, name: string) => {
    const v = vars[name];
    if (isObj(v) && (typeof v.default === "string" || typeof v.default === "number")) return String(v.default);
    if (isObj(v) && Array.isArray(v.enum) && typeof v.enum[0] === "string") return v.enum[0];
    return whole;
  });
  // A variable without a default cannot be a literal prefix: keep the path up to it.
  const open = replaced.indexOf("{");
  return open >= 0 ? replaced.slice(0, open) : replaced;
}

function serverBasePaths(doc: Obj, refs: LocalRefs): string[] {
  const out = new Set<string>();
  const addServers = (servers: unknown) => {
    if (!Array.isArray(servers)) return;
    for (const s of servers) if (isObj(s) && typeof s.url === "string") out.add(basePathOf(substituteVariables(s.url, s.variables)));
  };
  if (Array.isArray(doc.servers) && doc.servers.length > 0) addServers(doc.servers);
  else out.add("");
  if (isObj(doc.paths)) {
    for (const [path, raw] of Object.entries(doc.paths)) {
      if (path.startsWith("x-")) continue;
      const item = refs.resolve(raw, `$.paths.${path}`);
      if (!isObj(item)) continue;
      addServers(item.servers);
      for (const m of METHODS) if (isObj(item[m])) addServers((item[m] as Obj).servers);
    }
  }
  return [...out];
}
