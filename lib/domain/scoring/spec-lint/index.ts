// Sibyl's bounded OWASP API Security Top 10 (2023) lint of an OpenAPI 3.x / Swagger 2.0 document: all 32
// rules of @stoplight/spectral-owasp-ruleset 2.0.1 (none skipped), reimplemented as one pass over the
// document plus bounded re-entry through its $refs, instead of a JSONPath query per rule over a dereferenced copy.
//
// Deliberately not emulated (measured rare; see bench/spec-lint.ts): a `$ref` whose sibling keys shadow
// keys of its target (e.g. `properties` beside `$ref`), where Spectral reports some findings at the path as
// walked; ref chains leaving the document through an external ref reached via another ref; the resolver's
// parseInt-lenient path comparison in its cycle test. Where Spectral aborts the whole run (a non-string
// parameter `name` under `$.paths..parameters` — "func is not a function" on GitHub's spec — or a loop of
// refs it never finishes), Sibyl treats the offending value as not matching and goes on.

import { RULES } from "./rules";
import type { LintFinding } from "./state";
import { LintState, StopLint } from "./state";
import { walkDocument } from "./walk";
import { documentRules } from "./document-rules";

export type { LintFinding } from "./state";
export type { LintSeverity, OwaspCategory, RuleInfo } from "./rules";
export { RULES, RULE_BY_NAME } from "./rules";

export interface LintOptions {
  /** Stop after this many distinct findings (default 10,000); `truncated` then says so. */
  maxFindings?: number;
}

export interface LintResult {
  findings: LintFinding[];
  truncated: boolean;
  /** The implemented rules that apply to this document's version (Spectral's formats), i.e. that were run. */
  rulesRun: string[];
}

/** Every rule name this module implements (Spectral's names). */
export const IMPLEMENTED_RULES: readonly string[] = RULES.map((r) => r.name);

export const DEFAULT_MAX_FINDINGS = 10_000;

/**
 * Lints a parsed OpenAPI document (the `document` of `parseOpenApi`, or any JSON/YAML-parsed object).
 * Findings carry Spectral's rule names and the paths Spectral reports (see refs.ts for how paths through
 * `$ref`s are placed); they are sorted by severity, then rule, then path.
 */
export function lintOpenApiSecurity(document: unknown, options: LintOptions = {}): LintResult {
  const maxFindings = Math.max(0, Math.floor(options.maxFindings ?? DEFAULT_MAX_FINDINGS));
  const state = new LintState(document, maxFindings);
  try {
    walkDocument(state);
    documentRules(state);
  } catch (e) {
    if (!(e instanceof StopLint)) throw e;
  }
  const findings = state.sortedFindings();
  return { findings, truncated: state.truncated, rulesRun: state.rulesRun };
}
