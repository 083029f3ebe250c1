// What the gate concludes from a result: its exit code (1 on input errors, 3 when a
// dependency would be quarantined or need approval, else 0), the counts by decision,
// and the one order every format lists items in (most severe first, then by target).
import { ACTION_SEVERITY, type Decision, type PolicyAction } from "../types";
import type { GateItem, GateResult } from "./types";

export type GateExitCode = 0 | 1 | 3;

/** Decisions that fail the gate: the traffic would not flow without someone acting. */
export function isBlocking(action: PolicyAction): boolean {
  return action === "quarantine" || action === "require_approval";
}

export function gateExitCode(result: GateResult): GateExitCode {
  if ((result.inputErrors?.length ?? 0) > 0) return 1;
  return result.items.some((i) => isBlocking(i.decision.decision)) ? 3 : 0;
}

export interface GateSummary {
  total: number;
  allow: number;
  alert: number;
  require_approval: number;
  quarantine: number;
  /** quarantine + require_approval. */
  blocked: number;
  /** Allowed only because an exception overrode a policy (included in `allow`). */
  allowedByException: number;
  inputErrors: number;
}

export function gateSummary(result: GateResult): GateSummary {
  const s: GateSummary = { total: 0, allow: 0, alert: 0, require_approval: 0, quarantine: 0, blocked: 0, allowedByException: 0, inputErrors: result.inputErrors?.length ?? 0 };
  for (const item of result.items) {
    const d = item.decision;
    s.total++;
    s[d.decision]++;
    if (isBlocking(d.decision)) s.blocked++;
    if (isAllowedByException(d)) s.allowedByException++;
  }
  return s;
}

/** An allow that exists only because an exception overrode what a policy (or the default) decided. */
export function isAllowedByException(d: Decision): boolean {
  return d.decision === "allow" && d.exception !== null;
}

/** Code-point comparison: the same order on every machine, whatever its locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const ORIGIN_ORDER: Record<GateItem["origin"], number> = { inventory: 0, sbom: 1, hosts: 2, openapi: 3 };

/** Most severe first, then by target (case-insensitively, then exactly), then origin and identity, so equal inputs list alike. */
export function orderItems(items: readonly GateItem[]): GateItem[] {
  return [...items].sort(
    (a, b) =>
      ACTION_SEVERITY[b.decision.decision] - ACTION_SEVERITY[a.decision.decision] ||
      compareStrings(a.target.toLowerCase(), b.target.toLowerCase()) ||
      compareStrings(a.target, b.target) ||
      ORIGIN_ORDER[a.origin] - ORIGIN_ORDER[b.origin] ||
      compareStrings(a.provider ?? "", b.provider ?? "") ||
      compareStrings(a.host ?? "", b.host ?? "") ||
      compareStrings(a.evidence ?? "", b.evidence ?? ""),
  );
}

/** The policy that decided, in words: its name, or the default action when none matched. */
export function policyName(d: Decision): string {
  return d.policy?.name ?? "default action";
}
