// The gate's terminal report: one line per dependency, most severe first, with the
// deciding policy and its reason, then a summary line that says whether the gate
// fails. Names come from SBOMs and specs, so control characters are dropped.
import { ACTION_LABELS } from "../types";
import { gateExitCode, gateSummary, isAllowedByException, orderItems, policyName, type GateSummary } from "./result";
import type { GateItem, GateResult } from "./types";

/** Widest a column grows before it stops aligning (a longer value still prints whole). */
const MAX_COLUMN = 40;

export function formatText(result: GateResult): string {
  const items = orderItems(result.items);
  const lines: string[] = [`Sibyl gate for ${clean(result.application)}, evaluated ${clean(result.evaluatedAt)}`, ""];
  if (items.length === 0) lines.push("No dependencies found.");
  const rows = items.map((item) => [ACTION_LABELS[item.decision.decision].toUpperCase(), clean(item.target), item.origin, clean(policyName(item.decision)), clean(item.decision.reason)]);
  const widths = [0, 1, 2, 3].map((c) => Math.min(MAX_COLUMN, Math.max(0, ...rows.map((r) => r[c].length))));
  const indent = " ".repeat(widths[0] + 2);
  items.forEach((item, i) => {
    lines.push(rows[i].map((cell, c) => (c < 4 ? cell.padEnd(widths[c]) : cell)).join("  "));
    lines.push(...detailLines(item).map((d) => indent + d));
  });
  const errors = result.inputErrors ?? [];
  if (errors.length > 0) {
    lines.push("", "Input errors:");
    for (const e of errors) lines.push(`  ${clean(e.file)}${e.location ? ` (${clean(e.location)})` : ""}: ${clean(e.reason)}`);
  }
  lines.push("", summaryLine(gateSummary(result), gateExitCode(result)));
  return lines.join("\n") + "\n";
}

/** Where a non-allow item came from and what an exception overrode: what someone fixing the build needs. */
function detailLines(item: GateItem): string[] {
  const out: string[] = [];
  const d = item.decision;
  if (d.exception) {
    const overridden = d.overridden ? `; without it: ${ACTION_LABELS[d.overridden].toLowerCase()}` : "";
    out.push(`exception ${clean(d.exception.id)} for ${clean(d.exception.owner)} until ${clean(d.exception.expiresAt)}: ${clean(d.exception.justification)}${overridden}`);
  }
  if (d.decision !== "allow" || isAllowedByException(d)) {
    const where = item.location ? `${clean(item.location.file)}${item.location.line ? `:${item.location.line}` : ""}` : null;
    const evidence = item.evidence ? clean(item.evidence) : null;
    if (where || evidence) out.push(`from ${[where, evidence].filter(Boolean).join(" ")}`);
  }
  return out;
}

/** "2 blocked (1 quarantine, 1 require approval), 1 alert, 12 allowed: the gate fails". */
export function summaryLine(s: GateSummary, exitCode: number): string {
  const blockedParts = [s.quarantine ? `${s.quarantine} quarantine` : "", s.require_approval ? `${s.require_approval} require approval` : ""].filter(Boolean);
  const blocked = `${s.blocked} blocked${blockedParts.length ? ` (${blockedParts.join(", ")})` : ""}`;
  const alerts = `${s.alert} ${s.alert === 1 ? "alert" : "alerts"}`;
  const allowed = `${s.allow} allowed${s.allowedByException ? ` (${s.allowedByException} by exception)` : ""}`;
  const counts = `${blocked}, ${alerts}, ${allowed}`;
  if (exitCode === 1) return `${counts}; ${s.inputErrors} input ${s.inputErrors === 1 ? "error" : "errors"}: the gate fails`;
  return `${counts}: the gate ${exitCode === 0 ? "passes" : "fails"}`;
}

/** One line of plain text: control characters (newlines, ANSI escapes) would let a hostile name forge report lines. */
function clean(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").trim();
}
