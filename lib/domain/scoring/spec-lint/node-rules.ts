// The per-node OWASP rules of the lint: schema rules (string / integer / array limits, additional or
// unevaluated properties) and the rules that depend on a node's key and place (responses, headers,
// parameters, security schemes, server URLs). Functions, options and paths follow spectral-owasp-ruleset 2.0.1.

import { isObjectLike, isPlainObject, type Loc } from "./refs";
import { definedKey, isSchemaType, looseEquals, type LintState } from "./state";

// Key classes: what a node's own key (and its parent's) means to the rules.
export const OTHER = 0;
export const RESPONSES = 1;
export const PARAMETERS = 2;
export const HEADERS = 3;
export const URL = 4;
export const R429 = 5;
export const R2XX_4XX = 6;
export const SECURITY_SCHEMES = 7;

export function keyClass(key: string): number {
  switch (key) {
    case "responses":
      return RESPONSES;
    case "parameters":
      return PARAMETERS;
    case "headers":
      return HEADERS;
    case "url":
      return URL;
    case "429":
      return R429;
    case "securitySchemes":
      return SECURITY_SCHEMES;
  }
  const c = key.charCodeAt(0);
  return c === 50 || c === 52 ? R2XX_4XX : OTHER;
}

export const parentClassOf = (own: number) => (own === RESPONSES || own === PARAMETERS || own === SECURITY_SCHEMES ? own : OTHER);

/** A node's place, as the context rules see it; it is also where the node is reported. */
export interface NodeContext extends Loc {
  own: number;
  /** The key class of the parent (RESPONSES, PARAMETERS, SECURITY_SCHEMES or OTHER). */
  within: number;
  /** Depth below `$.paths` (0 = paths itself, capped at 3), -1 outside it. */
  pathsDepth: number;
  /** Depth below `$.servers` (capped at 1), -1 outside it. */
  serversDepth: number;
}

const CREDENTIAL_NAME = /^.*(client_?secret|token|access_?token|refresh_?token|id_?token|password|secret|api-?key).*$/i;
const NUMERIC_ID_NAME = /(_id|Id|-id)$/;
const ACAO = "Access-Control-Allow-Origin";
const RATE_LIMIT_HEADER_SETS = [["RateLimit"], ["RateLimit-Limit", "RateLimit-Reset"], ["X-RateLimit-Limit"], ["X-Rate-Limit-Limit"]];

/** The rules that depend on where a node sits: its key, its parent's key, its depth under paths / servers. */
export function contextRules(state: LintState, v: unknown, f: NodeContext): void {
  if (f.own === HEADERS) corsOrigin(state, v, f);
  if (f.within === RESPONSES) {
    if (f.own === R429) retryAfter(state, v, f);
    if ((f.own === R429 || f.own === R2XX_4XX) && f.pathsDepth >= 3) rateLimitHeaders(state, v, f);
  }
  if (f.own === RESPONSES && f.pathsDepth >= 1) errorResponses(state, v, f);
  if (f.within === PARAMETERS) {
    if (f.pathsDepth >= 2) numericId(state, v, f);
    credentialsInUrl(state, v, f);
  }
  if (f.within === SECURITY_SCHEMES && isPlainObject(v)) {
    if (looseEquals(v.type, "apiKey") && v.in !== undefined) {
      const at = state.child(v, f, "in");
      if (typeof at.value === "string" && /^(path|query)$/.test(at.value)) state.report("owasp:api2:2023-no-api-keys-in-url", at.loc, { value: at.value });
    }
    if (looseEquals(v.type, "http") && v.scheme !== undefined) {
      const at = state.child(v, f, "scheme");
      if (typeof at.value === "string" && /^(negotiate|oauth)$/.test(at.value)) state.report("owasp:api2:2023-auth-insecure-schemes", at.loc, { value: at.value });
    }
  }
  if (f.own === URL && f.serversDepth >= 1 && typeof v === "string" && /^http:/.test(v)) state.report("owasp:api8:2023-no-server-http", f);
}

/**
 * The rules on schema-like objects (#StringProperties, #IntegerProperties, #ArrayProperties and the
 * object rules). They need no ref resolution except for additionalProperties / unevaluatedProperties,
 * which `unconstrained` handles once refs can be followed.
 */
export function schemaRules(state: LintState, v: Record<string, unknown>, loc: Loc, withUnconstrained: boolean): boolean {
  if (isSchemaType(state, v, "string")) {
    if (!definedKey(v, "maxLength") && !definedKey(v, "enum") && !definedKey(v, "const")) state.report("owasp:api4:2023-string-limit", loc);
    if (!definedKey(v, "format") && !definedKey(v, "pattern") && !definedKey(v, "enum") && !definedKey(v, "const")) state.report("owasp:api4:2023-string-restricted", loc);
  }
  if (isSchemaType(state, v, "integer")) {
    if (state.oas31) {
      const keys = Object.keys(v);
      const count = (names: string[]) => keys.filter((k) => names.includes(k)).length;
      if (count(["minimum", "exclusiveMinimum"]) !== 1 || count(["maximum", "exclusiveMaximum"]) !== 1) state.report("owasp:api4:2023-integer-limit", loc);
    } else if (!definedKey(v, "minimum") || !definedKey(v, "maximum")) state.report("owasp:api4:2023-integer-limit-legacy", loc);
    if (!definedKey(v, "format")) state.report("owasp:api4:2023-integer-format", loc);
  }
  if (isSchemaType(state, v, "array") && !definedKey(v, "maxItems")) state.report("owasp:api4:2023-array-limit", loc);
  const objectRules = looseEquals(v.type, "object") && (state.oas31 ? v.unevaluatedProperties : v.additionalProperties);
  if (objectRules && withUnconstrained) unconstrained(state, v, loc);
  return Boolean(objectRules);
}

/** no-additionalProperties / constrained-additionalProperties (3.0) and their unevaluatedProperties twins (3.1). */
export function unconstrained(state: LintState, v: Record<string, unknown>, loc: Loc): void {
  const keyword = state.oas31 ? "unevaluatedProperties" : "additionalProperties";
  const value = state.resolved(v[keyword]);
  if (!value) return;
  state.report(`owasp:api3:2023-no-${keyword}`, state.fieldLoc(v, loc, [keyword]));
  if (!looseEquals(value, true) && !looseEquals(value, false) && !definedKey(v, "maxProperties")) state.report(`owasp:api3:2023-constrained-${keyword}`, loc);
}

function corsOrigin(state: LintState, v: unknown, loc: Loc): void {
  if (!isObjectLike(v)) {
    if (!v) state.report("owasp:api8:2023-define-cors-origin", loc);
    return;
  }
  if (!state.get(v, [ACAO])) state.report("owasp:api8:2023-define-cors-origin", state.fieldLoc(v, loc, [ACAO]));
}

/** `$..responses[429].headers` must define Retry-After. */
function retryAfter(state: LintState, v: unknown, loc: Loc): void {
  if (!isObjectLike(v) || (v as Record<string, unknown>).headers === undefined) return;
  const headers = state.child(v, loc, "headers");
  if (isObjectLike(headers.value) && state.get(headers.value, ["Retry-After"]) === undefined) {
    state.report("owasp:api4:2023-rate-limit-retry-after", state.fieldLoc(headers.value, headers.loc, ["Retry-After"]));
  }
}

/** `$.paths[*]..responses[2xx|4xx]`: `headers` must hold exactly one of the rate-limit header sets. */
function rateLimitHeaders(state: LintState, v: unknown, loc: Loc): void {
  const rule = "owasp:api4:2023-rate-limit";
  if (!isObjectLike(v)) return state.report(rule, loc);
  const headers = state.get(v, ["headers"]);
  if (headers === undefined) return state.report(rule, state.fieldLoc(v, loc, ["headers"]));
  const at = state.child(v, loc, "headers").loc;
  if (!isPlainObject(headers)) return state.report(rule, at);
  const matching = RATE_LIMIT_HEADER_SETS.filter((set) => set.every((h) => headers[h] !== undefined)).length;
  if (matching !== 1) state.report(rule, at);
}

/** `$.paths..responses`: a 400/422/4XX response, and 401, 500 and 429 responses with content. */
function errorResponses(state: LintState, v: unknown, loc: Loc): void {
  if (!isPlainObject(v) || !(definedKey(v, "400") || definedKey(v, "422") || definedKey(v, "4XX"))) {
    state.report("owasp:api8:2023-define-error-validation", loc);
  }
  for (const [code, rule] of [["401", "owasp:api8:2023-define-error-responses-401"], ["500", "owasp:api8:2023-define-error-responses-500"], ["429", "owasp:api4:2023-rate-limit-responses-429"]] as const) {
    if (!isObjectLike(v)) {
      if (!v) state.report(rule, loc, { field: `responses[${code}]` });
      continue;
    }
    if (!state.get(v, [code])) state.report(rule, state.fieldLoc(v, loc, [code]), { field: `responses[${code}]` });
    else if (!state.get(v, [code, "content"])) state.report(rule, state.fieldLoc(v, loc, [code, "content"]), { field: `responses[${code}].content` });
  }
}

/** `$.paths..parameters[*]` named id / *_id / *Id / *-id: the schema must declare a type, and not integer. */
function numericId(state: LintState, v: unknown, loc: Loc): void {
  if (!isPlainObject(v) || !Object.prototype.hasOwnProperty.call(v, "name")) return;
  const name = state.resolved(v.name);
  if (!(name === "id" || (typeof name === "string" && NUMERIC_ID_NAME.test(name)))) return;
  if (!Object.prototype.hasOwnProperty.call(v, "schema")) return;
  const schema = state.child(v, loc, "schema");
  const s = schema.value;
  if (!isPlainObject(s) || s.type === undefined || s.type === "integer") state.report("owasp:api1:2023-no-numeric-ids", schema.loc);
}

/** `$..parameters[?(@.in matches query|path)].name` must not look like a credential. */
function credentialsInUrl(state: LintState, v: unknown, loc: Loc): void {
  if (!isObjectLike(v)) return;
  const inValue = state.resolved((v as Record<string, unknown>).in);
  if (typeof inValue !== "string" || !/query|path/.test(inValue) || (v as Record<string, unknown>).name === undefined) return;
  const name = state.child(v, loc, "name");
  if (typeof name.value === "string" && CREDENTIAL_NAME.test(name.value)) state.report("owasp:api2:2023-no-credentials-in-url", name.loc, { value: name.value });
}
