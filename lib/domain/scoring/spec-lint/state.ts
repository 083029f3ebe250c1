// Holds one lint run: which rules apply to the document's OpenAPI version, the findings so far
// (deduplicated by rule and path, as Spectral deduplicates its results) and the bounded cap on them,
// plus the helpers every rule uses to read a field "through" local refs and to locate a finding.

import { RULE_BY_NAME, detectFormats, type LintSeverity, type OwaspCategory, type RuleInfo, type SpecFormat } from "./rules";
import { RefIndex, childLoc, hasOwn, isObjectLike, isPlainObject, refTargetLoc, reportPath, type Loc, type Seg } from "./refs";

export interface LintFinding {
  rule: string;
  category: OwaspCategory;
  severity: LintSeverity;
  path: Seg[];
  message: string;
}

export class StopLint extends Error {}

const SEVERITY_RANK: Record<LintSeverity, string> = { error: "0", warn: "1", info: "2", hint: "3" };

export class LintState {
  readonly findings: LintFinding[] = [];
  readonly formats: Set<SpecFormat>;
  readonly refs: RefIndex;
  /** The type-based aliases (#StringProperties …) resolve only for Swagger 2.0, OpenAPI 3.0.x and 3.1.x. */
  readonly typeRules: boolean;
  readonly oas31: boolean;
  truncated = false;
  private readonly seen = new Set<string>();
  private readonly keys: string[] = [];
  private readonly enabled: Set<string>;

  constructor(
    readonly root: unknown,
    private readonly maxFindings: number,
  ) {
    this.formats = detectFormats(root);
    this.refs = new RefIndex(root);
    this.oas31 = this.formats.has("oas3_1");
    this.typeRules = this.formats.has("oas2") || this.formats.has("oas3_0") || this.oas31;
    this.enabled = new Set([...RULE_BY_NAME.values()].filter((r) => r.formats.some((f) => this.formats.has(f))).map((r) => r.name));
  }

  get rulesRun(): string[] {
    return [...this.enabled];
  }

  on(rule: string): boolean {
    return this.enabled.has(rule);
  }

  report(ruleName: string, loc: Loc, detail?: { value?: unknown; field?: string }): void {
    const rule: RuleInfo | undefined = RULE_BY_NAME.get(ruleName);
    if (!rule || !this.enabled.has(ruleName)) return;
    const path = reportPath(loc);
    const key = `${ruleName}\u0001${path.join("\u0000")}`;
    if (this.seen.has(key)) return;
    if (this.findings.length >= this.maxFindings) {
      this.truncated = true;
      throw new StopLint("maxFindings reached");
    }
    this.seen.add(key);
    this.keys.push(`${SEVERITY_RANK[rule.severity]}${key}`);
    const message = rule.message
      .replace("{value}", detail?.value === undefined ? "" : JSON.stringify(detail.value))
      .replace("{field}", detail?.field ?? "");
    this.findings.push({ rule: rule.name, category: rule.category, severity: rule.severity, path, message });
  }

  /** Findings by severity, then rule, then path. */
  sortedFindings(): LintFinding[] {
    const order = this.keys.map((_, i) => i).sort((a, b) => (this.keys[a] < this.keys[b] ? -1 : this.keys[a] > this.keys[b] ? 1 : 0));
    return order.map((i) => this.findings[i]);
  }

  /** The value as Spectral sees it in its resolved document: a followed ref is replaced by its target. */
  resolved(value: unknown): unknown {
    if (!isPlainObject(value) || typeof value.$ref !== "string") return value;
    const target = this.refs.follow(value);
    return target ? target.value : value;
  }

  /** A child of a (resolved) value with its location, following a ref in the child. */
  child(parent: unknown, loc: Loc, key: string): { value: unknown; loc: Loc } {
    const raw = isObjectLike(parent) ? (parent as Record<string, unknown>)[key] : undefined;
    const seg: Seg = Array.isArray(parent) && /^\d+$/.test(key) ? Number(key) : key;
    if (isPlainObject(raw) && typeof raw.$ref === "string") {
      const target = this.refs.follow(raw);
      if (target) return { value: target.value, loc: refTargetLoc(loc, seg, raw, target) };
    }
    return { value: raw, loc: childLoc(loc, seg) };
  }

  /** Where Spectral reports a missing or failing `field` (a.b.c): the deepest part of it that exists. */
  fieldLoc(value: unknown, loc: Loc, fields: readonly string[]): Loc {
    let cur = value;
    let at = loc;
    for (const f of fields) {
      if (!isObjectLike(cur) || !hasOwn(cur, f)) break;
      const next = this.child(cur, at, f);
      cur = next.value;
      at = next.loc;
    }
    return at;
  }

  /** lodash `get` over the resolved document. */
  get(value: unknown, fields: readonly string[]): unknown {
    let cur = value;
    for (const f of fields) {
      if (!isObjectLike(cur)) return undefined;
      cur = this.resolved((cur as Record<string, unknown>)[f]);
    }
    return cur;
  }
}

/** JSONPath filters compare with `==`: `["string"] == "string"` holds, as does `1 == true`. */
export function looseEquals(value: unknown, other: string | boolean): boolean {
  if (typeof value === typeof other) return value === other;
  if (value === null || value === undefined) return false;
  const target = typeof other === "boolean" ? Number(other) : other;
  try {
    if (Array.isArray(value)) {
      const s = String(value);
      return typeof target === "number" ? Number(s) === target : s === target;
    }
    if (typeof value === "object") return false;
    if (typeof target === "number") return Number(value) === target;
    return typeof value === "boolean" ? Number(value) === Number(target) : String(value) === target;
  } catch {
    return false;
  }
}

export const isSchemaType = (state: LintState, value: Record<string, unknown>, type: string): boolean =>
  looseEquals(value.type, type) || (state.oas31 && Array.isArray(value.type) && value.type.includes(type));

export const definedKey = (value: Record<string, unknown>, key: string): boolean => value[key] !== undefined;
