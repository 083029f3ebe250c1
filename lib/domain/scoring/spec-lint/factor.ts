// The spec_hygiene factor: how far an API's OpenAPI document falls short of the OWASP API Security
// Top 10 (2023) design checks of spectral-owasp-ruleset 2.0.1, as linted by lintOpenApiSecurity.
// Weights and the normalisation by operation count are Sibyl's own, documented at specHygieneFactor.

import { OWASP_API_2023 } from "../../triage/owasp";
import type { FactorResult, Improvement } from "../types";
import { lintOpenApiSecurity, RULE_BY_NAME, type LintFinding, type LintSeverity, type OwaspCategory } from "./index";

/** Severity weights: an error costs 10 points of budget, a warning 4, information 1, a hint nothing. */
export const SEVERITY_WEIGHT: Record<LintSeverity, number> = { error: 10, warn: 4, info: 1, hint: 0 };
/** The factor lints up to this many findings; beyond it counts are lower bounds (reported in evidence). */
export const FACTOR_MAX_FINDINGS = 50_000;
const TOP_FINDINGS = 20;

/** The OWASP API Security Top 10 (2023) titles, shared with the findings' categories. */
export const CATEGORY_TITLES: Record<OwaspCategory, string> = OWASP_API_2023;

/** What fixing each rule's findings means, in the words an API owner would act on. */
const FIXES: Record<string, string> = {
  "owasp:api1:2023-no-numeric-ids": "use random (UUID-like) IDs instead of integers in id parameters",
  "owasp:api2:2023-no-http-basic": "replace HTTP Basic with OAuth 2 or OpenID Connect",
  "owasp:api2:2023-no-api-keys-in-url": "move API keys from the query or path to a header",
  "owasp:api2:2023-no-credentials-in-url": "stop passing tokens, secrets or passwords in URL parameters",
  "owasp:api2:2023-auth-insecure-schemes": "drop the Negotiate / OAuth 1 HTTP schemes",
  "owasp:api2:2023-jwt-best-practices": "state RFC 8725 conformance for JWT and OAuth 2 schemes",
  "owasp:api2:2023-short-lived-access-tokens": "offer refresh tokens (refreshUrl) so access tokens can be short-lived",
  "owasp:api2:2023-write-restricted": "require a security scheme on every write operation",
  "owasp:api2:2023-read-restricted": "require a security scheme on read operations",
  "owasp:api3:2023-no-additionalProperties": "set additionalProperties to false",
  "owasp:api3:2023-constrained-additionalProperties": "bound open objects with maxProperties",
  "owasp:api3:2023-no-unevaluatedProperties": "set unevaluatedProperties to false",
  "owasp:api3:2023-constrained-unevaluatedProperties": "bound open objects with maxProperties",
  "owasp:api4:2023-rate-limit": "declare rate-limit headers on 2XX and 4XX responses",
  "owasp:api4:2023-rate-limit-retry-after": "declare Retry-After on 429 responses",
  "owasp:api4:2023-rate-limit-responses-429": "document 429 responses",
  "owasp:api4:2023-array-limit": "give arrays maxItems",
  "owasp:api4:2023-string-limit": "give strings maxLength, enum or const",
  "owasp:api4:2023-string-restricted": "give strings a format, pattern, enum or const",
  "owasp:api4:2023-integer-limit": "give integers minimum and maximum",
  "owasp:api4:2023-integer-limit-legacy": "give integers minimum and maximum",
  "owasp:api4:2023-integer-format": "give integers a format (int32 / int64)",
  "owasp:api5:2023-admin-security-unique": "protect admin endpoints with their own security requirement",
  "owasp:api7:2023-concerning-url-parameter": "review URL-valued parameters for server-side request forgery",
  "owasp:api8:2023-define-cors-origin": "declare Access-Control-Allow-Origin on responses",
  "owasp:api8:2023-no-scheme-http": "serve over https only",
  "owasp:api8:2023-no-server-http": "list only https server URLs",
  "owasp:api8:2023-define-error-validation": "document 400 / 422 validation errors",
  "owasp:api8:2023-define-error-responses-401": "document 401 responses with a body",
  "owasp:api8:2023-define-error-responses-500": "document 500 responses with a body",
  "owasp:api9:2023-inventory-access": "mark each server x-internal true or false",
  "owasp:api9:2023-inventory-environment": "name each server's environment (production, staging …)",
};

interface RuleCost {
  rule: string;
  category: OwaspCategory;
  severity: LintSeverity;
  findings: number;
  /** Share of the rule's weight lost: findings per operation capped at 1 (document-level rules: 1 once they fire). */
  pervasiveness: number;
  cost: number;
}

function countOperations(document: unknown): number {
  const paths = (document as { paths?: unknown } | null)?.paths;
  if (typeof paths !== "object" || paths === null) return 0;
  let n = 0;
  for (const item of Object.values(paths)) {
    if (typeof item !== "object" || item === null) continue;
    for (const m of ["get", "put", "post", "delete", "options", "head", "patch", "trace"]) if (m in item) n++;
  }
  return n;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** Examples of the costliest rules first: one finding of each rule in cost order, then a second of each … */
function topFindings(findings: LintFinding[], costs: RuleCost[]): LintFinding[] {
  const byRule = new Map<string, LintFinding[]>();
  for (const f of findings) {
    const list = byRule.get(f.rule) ?? [];
    if (list.length < TOP_FINDINGS) list.push(f);
    byRule.set(f.rule, list);
  }
  const order = [...costs].sort((a, b) => b.cost - a.cost || b.findings - a.findings).map((c) => byRule.get(c.rule) ?? []);
  const out: LintFinding[] = [];
  for (let round = 0; out.length < TOP_FINDINGS && order.some((l) => l.length > round); round++) {
    for (const list of order) if (list[round] && out.length < TOP_FINDINGS) out.push(list[round]);
  }
  return out;
}

/**
 * spec_hygiene subscore (0–100). Every rule that ran has a budget equal to its severity weight
 * (SEVERITY_WEIGHT). A rule judged per operation or per schema loses `weight × min(1, findings /
 * operations)` — one finding per operation or more spends its whole budget; a rule judged once for the
 * document (servers, security schemes) loses its whole weight once it fires. The subscore is
 * `100 × (1 − lost / budget)`, rounded. No OpenAPI 2.0 / 3.x document (no rule ran) gives null.
 */
export function specHygieneFactor(document: unknown): FactorResult {
  const result = lintOpenApiSecurity(document, { maxFindings: FACTOR_MAX_FINDINGS });
  if (result.rulesRun.length === 0) {
    return { name: "spec_hygiene", subscore: null, summary: "Not an OpenAPI 2.0 or 3.x document: no spec hygiene checks ran", evidence: { rulesRun: 0 }, caps: [], improvements: [] };
  }
  const operations = countOperations(document);
  const perRule = new Map<string, number>();
  for (const f of result.findings) perRule.set(f.rule, (perRule.get(f.rule) ?? 0) + 1);
  let budget = 0;
  const costs: RuleCost[] = [];
  for (const name of result.rulesRun) {
    const rule = RULE_BY_NAME.get(name);
    if (!rule) continue;
    const weight = SEVERITY_WEIGHT[rule.severity];
    budget += weight;
    const findings = perRule.get(name) ?? 0;
    if (findings === 0) continue;
    const pervasiveness = rule.documentLevel ? 1 : Math.min(1, findings / Math.max(1, operations));
    costs.push({ rule: name, category: rule.category, severity: rule.severity, findings, pervasiveness, cost: weight * pervasiveness });
  }
  const lost = costs.reduce((s, c) => s + c.cost, 0);
  const scoreOf = (spent: number) => (budget === 0 ? 100 : Math.round(100 * (1 - spent / budget)));
  const subscore = scoreOf(lost);

  const byCategory = new Map<OwaspCategory, { findings: number; cost: number; rules: RuleCost[] }>();
  for (const c of costs) {
    const entry = byCategory.get(c.category) ?? { findings: 0, cost: 0, rules: [] };
    entry.findings += c.findings;
    entry.cost += c.cost;
    entry.rules.push(c);
    byCategory.set(c.category, entry);
  }
  const bySeverity = { error: 0, warn: 0, info: 0, hint: 0 };
  for (const f of result.findings) bySeverity[f.severity]++;

  const improvements: Improvement[] = [...byCategory.entries()]
    .sort(([, a], [, b]) => b.cost - a.cost || b.findings - a.findings)
    .slice(0, 3)
    .map(([category, entry]) => {
      const rules = [...entry.rules].sort((a, b) => b.cost - a.cost || b.findings - a.findings);
      const fixes = [...new Set(rules.map((r) => FIXES[r.rule] ?? r.rule))];
      return {
        factor: "spec_hygiene" as const,
        action: `${category} (${CATEGORY_TITLES[category]}): ${fixes.join("; ")} — ${entry.findings} finding${entry.findings === 1 ? "" : "s"}`,
        subscoreAfter: scoreOf(lost - entry.cost),
      };
    });

  const worst = improvements.length > 0 ? [...byCategory.entries()].sort(([, a], [, b]) => b.cost - a.cost)[0][0] : null;
  const total = result.findings.length;
  const summary =
    total === 0
      ? `No OWASP API Top 10 design findings across ${operations} operation${operations === 1 ? "" : "s"} (${result.rulesRun.length} checks)`
      : `${total}${result.truncated ? "+" : ""} OWASP API Top 10 design findings across ${operations} operation${operations === 1 ? "" : "s"} (${bySeverity.error} errors, ${bySeverity.warn} warnings)${worst ? `; most costly: ${worst} ${CATEGORY_TITLES[worst]}` : ""}`;

  return {
    name: "spec_hygiene",
    subscore,
    summary,
    evidence: {
      operations,
      findings: total,
      truncated: result.truncated,
      rulesRun: result.rulesRun.length,
      bySeverity,
      byCategory: Object.fromEntries([...byCategory.entries()].sort(([a], [b]) => Number(a.slice(3)) - Number(b.slice(3))).map(([k, v]) => [k, { findings: v.findings, pointsLost: round1((100 * v.cost) / budget) }])),
      byRule: Object.fromEntries(costs.sort((a, b) => b.cost - a.cost || b.findings - a.findings).map((c) => [c.rule, { findings: c.findings, severity: c.severity, pervasiveness: round1(c.pervasiveness * 100) / 100 }])),
      topFindings: topFindings(result.findings, costs).map((f) => ({ rule: f.rule, category: f.category, severity: f.severity, path: f.path.join("."), message: f.message })),
      formula: "100 × (1 − Σ weight × min(1, findings / operations) / Σ weight), weights error 10, warn 4, info 1; document-level rules count in full once they fire",
    },
    caps: [],
    improvements,
  };
}
