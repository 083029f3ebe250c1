// Builders for the spec-lint unit tests: minimal OpenAPI 3.0 / 3.1 and Swagger 2.0 documents, and
// shorthands to read findings back as "rule → dotted paths". Test support only (no production caller).

import { lintOpenApiSecurity, type LintResult } from "./index";

type Obj = Record<string, unknown>;

/** An OpenAPI 3.0.3 document with the given parts merged over a bare skeleton. */
export function oas3(parts: Obj = {}, version = "3.0.3"): Obj {
  return { openapi: version, info: { title: "t", version: "1" }, paths: {}, ...parts };
}

export function swagger2(parts: Obj = {}): Obj {
  return { swagger: "2.0", info: { title: "t", version: "1" }, paths: {}, ...parts };
}

/** A document whose only content is one schema under components.schemas.S (not used by any operation). */
export function withSchema(schema: unknown, version = "3.0.3"): Obj {
  return oas3({ components: { schemas: { S: schema } } }, version);
}

const header = (): Obj => ({ description: "h", schema: { type: "integer", format: "int32", minimum: 0, maximum: 100 } });

/** Headers every 2XX / 4XX response needs: a rate-limit header and CORS. */
export const limitedHeaders = (extra: Obj = {}): Obj => ({ "X-RateLimit-Limit": header(), "Access-Control-Allow-Origin": header(), ...extra });

/** A fully compliant response set for one operation (so only the rule under test fires). */
export const goodResponses = (): Obj => ({
  "200": { description: "ok", headers: limitedHeaders() },
  "400": { description: "bad", headers: limitedHeaders(), content: { "application/json": {} } },
  "401": { description: "unauthorised", headers: limitedHeaders(), content: { "application/json": {} } },
  "429": { description: "slow down", headers: limitedHeaders({ "Retry-After": header() }), content: { "application/json": {} } },
  "500": { description: "oops", content: { "application/json": {} } },
});

/** A compliant GET operation (secured, full responses) to extend in a test. */
export const goodOperation = (extra: Obj = {}): Obj => ({ security: [{ key: [] }], responses: goodResponses(), ...extra });

export function lint(doc: unknown, maxFindings?: number): LintResult {
  return lintOpenApiSecurity(doc, maxFindings === undefined ? {} : { maxFindings });
}

/** Dotted paths of one rule's findings (short rule names: "api4:2023-string-limit"), sorted. */
export function pathsOf(result: LintResult, rule: string): string[] {
  const name = rule.startsWith("owasp:") ? rule : `owasp:${rule}`;
  return result.findings
    .filter((f) => f.rule === name)
    .map((f) => f.path.join("."))
    .sort();
}

/** Every rule → paths, for whole-result assertions. */
export function byRule(result: LintResult): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of result.findings) (out[f.rule.replace(/^owasp:/, "")] ??= []).push(f.path.join("."));
  for (const k of Object.keys(out)) out[k].sort();
  return out;
}
