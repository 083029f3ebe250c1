// Decides what to do with one dependency: the first enabled enforce-mode policy
// (by priority, then name) whose conditions hold decides; monitor-mode policies
// that match first are recorded as what they would have done; no match means
// the admin's default action; an unexpired exception for the application ×
// provider turns a non-allow decision into allow and says what it overrode.
import { fieldSpec, GRADE_RANK, OP_SYMBOLS, type FieldSpec } from "./fields";
import { leaves } from "./schema";
import { ACTION_LABELS, type Condition, type Decision, type DecisionSubject, type LeafCondition, type Policy, type PolicyAction, type PolicyException, type PolicyRef } from "./types";

export interface DecideOptions {
  defaultAction: PolicyAction;
  /** The exception for this application × provider (or host), if any; ignored once expired. */
  exception?: PolicyException | null;
  now: Date;
}

/** Policies in evaluation order: priority, then name (so equal priorities are still deterministic). */
export function orderPolicies<P extends Policy>(policies: readonly P[]): P[] {
  return [...policies].sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

const refOf = (p: Policy): PolicyRef => ({ ...(p.id ? { id: p.id } : {}), name: p.name, priority: p.priority, mode: p.mode, action: p.action });

/** Evaluates `policies` for one subject. Pass them already ordered (orderPolicies) when deciding many subjects. */
export function decide(subject: DecisionSubject, orderedPolicies: readonly Policy[], options: DecideOptions): Decision {
  const monitored: Decision["monitored"] = [];
  let decided: { policy: Policy; reasons: string[] } | null = null;
  for (const policy of orderedPolicies) {
    if (!policy.enabled) continue;
    const reasons = matchReasons(policy.conditions, subject);
    if (!reasons) continue;
    if (policy.mode === "monitor") {
      monitored.push({ policy: refOf(policy), action: policy.action, reason: reasons.join(" and ") });
      continue;
    }
    decided = { policy, reasons };
    break;
  }
  const action = decided ? decided.policy.action : options.defaultAction;
  const reason = decided ? capitalise(decided.reasons.join(" and ")) : `No policy matched: the default action (${ACTION_LABELS[options.defaultAction].toLowerCase()}) applies`;
  const evidence = decided ? evidenceOf(decided.policy, subject) : {};
  const exception = options.exception && options.exception.expiresAt.getTime() > options.now.getTime() ? options.exception : null;
  if (exception && action !== "allow") {
    return {
      decision: "allow",
      policy: decided ? refOf(decided.policy) : null,
      mode: "exception",
      reason: `Exception for ${exception.owner} until ${exception.expiresAt.toISOString().slice(0, 10)} (${exception.justification}); without it: ${ACTION_LABELS[action].toLowerCase()}, ${reason.charAt(0).toLowerCase()}${reason.slice(1)}`,
      evidence,
      exception: { id: exception.id, owner: exception.owner, justification: exception.justification, expiresAt: exception.expiresAt.toISOString() },
      overridden: action,
      monitored,
    };
  }
  return { decision: action, policy: decided ? refOf(decided.policy) : null, mode: decided ? "enforce" : "default", reason, evidence, exception: null, overridden: null, monitored };
}

/** The reasons a condition tree holds (one per leaf that held), or null when it does not. */
export function matchReasons(c: Condition, subject: DecisionSubject): string[] | null {
  if ("all" in c) {
    const out: string[] = [];
    for (const child of c.all) {
      const r = matchReasons(child, subject);
      if (!r) return null;
      out.push(...r);
    }
    return out;
  }
  if ("any" in c) {
    for (const child of c.any) {
      const r = matchReasons(child, subject);
      if (r) return r;
    }
    return null;
  }
  return leafHolds(c, subject) ? [describeLeaf(c, subject)] : null;
}

export function leafHolds(c: LeafCondition, subject: DecisionSubject): boolean {
  const spec = fieldSpec(c.field);
  if (!spec) return false;
  const actual = spec.read(subject);
  // A value Sibyl does not have (no provider, no grade yet) satisfies no condition.
  if (actual === undefined || actual === null) return false;
  const values = Array.isArray(c.value) ? c.value : [c.value];
  if (spec.type === "set") {
    const set = actual as string[];
    if (c.op === "contains") return values.every((v) => set.includes(String(v)));
    if (c.op === "in") return values.some((v) => set.includes(String(v)));
    if (c.op === "notIn") return !values.some((v) => set.includes(String(v)));
    return false;
  }
  const rank = (v: unknown) => (spec.type === "grade" ? (GRADE_RANK[String(v)] ?? Number.NaN) : v);
  const a = rank(actual) as number | string | boolean;
  const b = rank(c.value) as number | string | boolean;
  switch (c.op) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    case "lt":
      return a < b;
    case "lte":
      return a <= b;
    case "gt":
      return a > b;
    case "gte":
      return a >= b;
    case "in":
      return values.map(rank).includes(a);
    case "notIn":
      return !values.map(rank).includes(a);
    default:
      return false;
  }
}

function formatValue(spec: FieldSpec, v: unknown): string {
  if (Array.isArray(v)) return v.map((x) => formatValue(spec, x)).join(", ");
  if (typeof v === "number" && spec.max === 1) return `${Math.round(v * 100)} %`;
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v.toFixed(1);
  return String(v);
}

/** One held condition in words: "grade D < C", "sends pii", "tier 1 = 1", "no current soc2_type2 attestation". */
export function describeLeaf(c: LeafCondition, subject: DecisionSubject): string {
  const spec = fieldSpec(c.field);
  if (!spec) return c.field;
  const actual = spec.read(subject);
  if (c.field === "dependency.dataClasses" && c.op !== "notIn") {
    const values = Array.isArray(c.value) ? c.value.map(String) : [String(c.value)];
    const sent = values.filter((v) => (actual as string[]).includes(v));
    return `sends ${sent.join(" and ")}`;
  }
  if (spec.type === "boolean") {
    const isTrue = actual === true;
    if (c.field === "provider.kevInSdk") return isTrue ? "a KEV-listed vulnerability in an SDK in use" : "no KEV-listed vulnerability in its SDKs";
    return `${isTrue ? "" : "no "}${spec.label}`;
  }
  if (c.field === "application.criticality" && (c.op === "eq" || c.op === "lte" || c.op === "lt")) return `tier-${actual} application`;
  if (c.op === "in" || c.op === "notIn") return `${spec.label} ${formatValue(spec, actual)} ${OP_SYMBOLS[c.op]} (${formatValue(spec, c.value)})`;
  return `${spec.label} ${formatValue(spec, actual)} ${OP_SYMBOLS[c.op]} ${formatValue(spec, c.value)}`;
}

function evidenceOf(policy: Policy, subject: DecisionSubject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const leaf of leaves(policy.conditions)) {
    const spec = fieldSpec(leaf.field);
    if (spec) out[leaf.field] = spec.read(subject) ?? null;
  }
  return out;
}

function capitalise(s: string): string {
  return s ? s.charAt(0).toUpperCase() + s.slice(1) : s;
}

/** Whether two decisions differ in what a gateway would do or why (the change is worth recording). */
export function decisionChanged(before: { decision: Decision["decision"]; policy: { name: string } | null; mode: string } | null, after: { decision: Decision["decision"]; policy: { name: string } | null; mode: string }): boolean {
  if (!before) return true;
  return before.decision !== after.decision || (before.policy?.name ?? null) !== (after.policy?.name ?? null) || before.mode !== after.mode;
}
