// The gate's machine-readable report: the result with its exit code and counts, items
// in the formats' one order and every free-form record's keys sorted, so the same
// evaluation always serialises to the same bytes (diffable, cacheable, testable).
import type { Decision, PolicyRef } from "../types";
import { gateExitCode, gateSummary, orderItems, type GateExitCode, type GateSummary } from "./result";
import type { GateInputError, GateItem, GateOrigin, GateResult } from "./types";

export interface GateJson {
  application: string;
  evaluatedAt: string;
  exitCode: GateExitCode;
  summary: GateSummary;
  items: GateJsonItem[];
  inputErrors: GateInputError[];
}

export interface GateJsonItem {
  target: string;
  provider: string | null;
  host: string | null;
  origin: GateOrigin;
  evidence: string | null;
  location: { file: string; line: number | null } | null;
  decision: Decision;
}

export function gateJson(result: GateResult): GateJson {
  return {
    application: result.application,
    evaluatedAt: result.evaluatedAt,
    exitCode: gateExitCode(result),
    summary: gateSummary(result),
    items: orderItems(result.items).map(jsonItem),
    inputErrors: (result.inputErrors ?? []).map((e) => ({ file: e.file, location: e.location, reason: e.reason })),
  };
}

export function formatJson(result: GateResult): string {
  return JSON.stringify(gateJson(result), null, 2) + "\n";
}

// Objects are rebuilt field by field so the key order is this file's, not the caller's.
function jsonItem(item: GateItem): GateJsonItem {
  const d = item.decision;
  return {
    target: item.target,
    provider: item.provider,
    host: item.host,
    origin: item.origin,
    evidence: item.evidence,
    location: item.location ? { file: item.location.file, line: item.location.line ?? null } : null,
    decision: {
      decision: d.decision,
      policy: d.policy ? policyRef(d.policy) : null,
      mode: d.mode,
      reason: d.reason,
      evidence: sortKeys(d.evidence) as Record<string, unknown>,
      exception: d.exception ? { id: d.exception.id, owner: d.exception.owner, justification: d.exception.justification, expiresAt: d.exception.expiresAt } : null,
      overridden: d.overridden,
      monitored: d.monitored.map((m) => ({ policy: policyRef(m.policy), action: m.action, reason: m.reason })),
    },
  };
}

function policyRef(p: PolicyRef): PolicyRef {
  return { ...(p.id !== undefined ? { id: p.id } : {}), name: p.name, priority: p.priority, mode: p.mode, action: p.action };
}

/** A copy with every object's keys in code-point order (arrays keep theirs: their order means something). */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
