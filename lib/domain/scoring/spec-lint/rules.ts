// The catalogue of OWASP API Security Top 10 (2023) checks Sibyl runs on OpenAPI documents: names,
// severities, spec-version gating and messages are those of @stoplight/spectral-owasp-ruleset 2.0.1
// (dist/ruleset.js), so findings can be compared one to one with Spectral's.

export type OwaspCategory = "API1" | "API2" | "API3" | "API4" | "API5" | "API6" | "API7" | "API8" | "API9" | "API10";
export type LintSeverity = "error" | "warn" | "info" | "hint";
/** Spectral's formats: oas2 = Swagger 2.0, oas3 = any 3.x, oas3_0 / oas3_1 = 3.0.x / 3.1.x. */
export type SpecFormat = "oas2" | "oas3" | "oas3_0" | "oas3_1";

export interface RuleInfo {
  name: string;
  category: OwaspCategory;
  severity: LintSeverity;
  /** The rule runs when the document has one of these formats (the ruleset default is oas2 + oas3). */
  formats: readonly SpecFormat[];
  message: string;
  /** True when the rule judges the document once (servers, security schemes) rather than per operation or schema. */
  documentLevel: boolean;
}

const ANY: readonly SpecFormat[] = ["oas2", "oas3"];

function rule(name: string, severity: LintSeverity, formats: readonly SpecFormat[], message: string, documentLevel = false): RuleInfo {
  const m = /^owasp:api(\d+):2023-/.exec(name);
  const category = `API${m ? m[1] : "8"}` as OwaspCategory;
  return { name, category, severity, formats, message, documentLevel };
}

/**
 * Every rule of the 2.0.1 ruleset is implemented. Its v1 names `api2:2019-protection-global-unsafe` /
 * `-safe` became `owasp:api2:2023-write-restricted` / `-read-restricted`, which are what run here.
 */
export const RULES: readonly RuleInfo[] = [
  rule("owasp:api1:2023-no-numeric-ids", "error", ANY, "Use random IDs that cannot be guessed. UUIDs are preferred but any other random string will do."),
  rule("owasp:api2:2023-no-http-basic", "error", ANY, "Security scheme uses HTTP Basic. Use a more secure authentication method, like OAuth 2, or OpenID.", true),
  rule("owasp:api2:2023-no-api-keys-in-url", "error", ["oas3"], "API Key passed in URL: {value} must not match the pattern \"^(path|query)$\".", true),
  rule("owasp:api2:2023-no-credentials-in-url", "error", ["oas3"], "Security credentials detected in path parameter: {value}."),
  rule("owasp:api2:2023-auth-insecure-schemes", "error", ["oas3"], "Authentication scheme is considered outdated or insecure: {value}.", true),
  rule("owasp:api2:2023-jwt-best-practices", "error", ANY, "Security schemes using JWTs must explicitly declare support for RFC8725 in the description.", true),
  rule("owasp:api2:2023-short-lived-access-tokens", "error", ANY, "Authentication scheme does not appear to support refresh tokens, meaning access tokens likely do not expire.", true),
  rule("owasp:api2:2023-write-restricted", "error", ANY, "This write operation is not protected by any security scheme."),
  rule("owasp:api2:2023-read-restricted", "warn", ANY, "This read operation is not protected by any security scheme."),
  rule("owasp:api3:2023-no-additionalProperties", "warn", ["oas3_0"], "If the additionalProperties keyword is used it must be set to false."),
  rule("owasp:api3:2023-constrained-additionalProperties", "warn", ["oas3_0"], "Objects should not allow unconstrained additionalProperties."),
  rule("owasp:api3:2023-no-unevaluatedProperties", "warn", ["oas3_1"], "If the unevaluatedProperties keyword is used it must be set to false."),
  rule("owasp:api3:2023-constrained-unevaluatedProperties", "warn", ["oas3_1"], "Objects should not allow unconstrained unevaluatedProperties."),
  rule("owasp:api4:2023-rate-limit", "error", ["oas3"], "All 2XX and 4XX responses should define rate limiting headers."),
  rule("owasp:api4:2023-rate-limit-retry-after", "error", ["oas3"], "A 429 response should define a Retry-After header."),
  rule("owasp:api4:2023-rate-limit-responses-429", "warn", ANY, "Operation is missing rate limiting response in {field}."),
  rule("owasp:api4:2023-array-limit", "error", ANY, "Schema of type array must specify maxItems."),
  rule("owasp:api4:2023-string-limit", "error", ANY, "Schema of type string must specify maxLength, enum, or const."),
  rule("owasp:api4:2023-string-restricted", "warn", ANY, "Schema of type string should specify a format, pattern, enum, or const."),
  rule("owasp:api4:2023-integer-limit", "error", ["oas3_1"], "Schema of type integer must specify minimum and maximum."),
  rule("owasp:api4:2023-integer-limit-legacy", "error", ["oas2", "oas3_0"], "Schema of type integer must specify minimum and maximum."),
  rule("owasp:api4:2023-integer-format", "error", ANY, "Schema of type integer must specify format (int32 or int64)."),
  rule("owasp:api5:2023-admin-security-unique", "error", ANY, "Admin endpoint {value} has the same security requirement as a non-admin endpoint."),
  rule("owasp:api7:2023-concerning-url-parameter", "info", ANY, "Make sure to review the way this URL is handled to protect against Server Side Request Forgery."),
  rule("owasp:api8:2023-define-cors-origin", "error", ANY, "Header `Access-Control-Allow-Origin` should be defined on all responses."),
  rule("owasp:api8:2023-no-scheme-http", "error", ["oas2"], "Server schemes must not use http. Use https or wss instead.", true),
  rule("owasp:api8:2023-no-server-http", "error", ["oas3"], "Server URLs must not use http://. Use https:// or wss:// instead.", true),
  rule("owasp:api8:2023-define-error-validation", "warn", ANY, "Missing error response of either 400, 422 or 4XX."),
  rule("owasp:api8:2023-define-error-responses-401", "warn", ANY, "Operation is missing {field}."),
  rule("owasp:api8:2023-define-error-responses-500", "warn", ANY, "Operation is missing {field}."),
  rule("owasp:api9:2023-inventory-access", "error", ["oas3"], "Declare intended audience of every server by defining servers[].x-internal as true/false.", true),
  rule("owasp:api9:2023-inventory-environment", "error", ["oas3"], "Declare intended environment in server descriptions using terms like local, staging, production.", true),
];

export const RULE_BY_NAME: ReadonlyMap<string, RuleInfo> = new Map(RULES.map((r) => [r.name, r]));


/** Spectral's format predicates (@stoplight/spectral-formats), applied to the document root. */
export function detectFormats(doc: unknown): Set<SpecFormat> {
  const formats = new Set<SpecFormat>();
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return formats;
  const root = doc as Record<string, unknown>;
  if ("swagger" in root && parseInt(String(root.swagger), 10) === 2) formats.add("oas2");
  if ("openapi" in root && Number.parseInt(String(root.openapi), 10) === 3) {
    formats.add("oas3");
    const v = String(root.openapi);
    if (/^3\.0(?:\.[0-9]*)?$/.test(v)) formats.add("oas3_0");
    if (/^3\.1(?:\.[0-9]*)?$/.test(v)) formats.add("oas3_1");
  }
  return formats;
}
