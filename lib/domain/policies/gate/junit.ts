// The gate as JUnit XML for CI test tabs: one test case per dependency, failing when
// it would be quarantined or need approval, an error case per input error, and alerts
// and exceptions written to system-out so they show without failing the build.
import { ACTION_LABELS } from "../types";
import { gateSummary, isAllowedByException, isBlocking, orderItems, policyName } from "./result";
import type { GateItem, GateResult } from "./types";
import { escapeXmlAttr as attr, escapeXmlText as text } from "./xml";

export function formatJunit(result: GateResult): string {
  const s = gateSummary(result);
  const app = result.application;
  const errors = result.inputErrors ?? [];
  const tests = s.total + errors.length;
  // JUnit timestamps carry no zone (the XSD's xs:dateTime without one); evaluatedAt is UTC.
  const timestamp = result.evaluatedAt.replace(/(\.\d+)?Z$/, "");
  const out: string[] = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="sibyl gate" tests="${tests}" failures="${s.blocked}" errors="${errors.length}" skipped="0" time="0">`,
    `  <testsuite name="${attr(`sibyl gate: ${app}`)}" tests="${tests}" failures="${s.blocked}" errors="${errors.length}" skipped="0" time="0" timestamp="${attr(timestamp)}">`,
    `    <properties>`,
    property("application", app, 6),
    property("evaluatedAt", result.evaluatedAt, 6),
    `    </properties>`,
  ];
  for (const item of orderItems(result.items)) out.push(...testcase(app, item));
  for (const e of errors) {
    const where = `${e.file}${e.location ? ` (${e.location})` : ""}`;
    out.push(
      `    <testcase classname="${attr(`sibyl.${app}.input`)}" name="${attr(where)}" time="0">`,
      `      <error message="${attr(e.reason)}" type="input">${text(`${where}: ${e.reason}`)}</error>`,
      `    </testcase>`,
    );
  }
  out.push(`  </testsuite>`, `</testsuites>`);
  return out.join("\n") + "\n";
}

function testcase(app: string, item: GateItem): string[] {
  const d = item.decision;
  const label = ACTION_LABELS[d.decision];
  const lines = [`    <testcase classname="${attr(`sibyl.${app}`)}" name="${attr(item.target)}" time="0">`];
  const details = [
    `decision: ${label}`,
    `policy: ${policyName(d)}`,
    `reason: ${d.reason}`,
    `origin: ${item.origin}`,
    ...(item.provider ? [`provider: ${item.provider}`] : []),
    ...(item.host ? [`host: ${item.host}`] : []),
    ...(item.evidence ? [`evidence: ${item.evidence}`] : []),
    ...(item.location ? [`location: ${item.location.file}${item.location.line ? `:${item.location.line}` : ""}`] : []),
    ...(d.exception ? [`exception: ${d.exception.id} for ${d.exception.owner} until ${d.exception.expiresAt}: ${d.exception.justification}${d.overridden ? ` (overrides ${ACTION_LABELS[d.overridden].toLowerCase()})` : ""}`] : []),
  ].join("\n");
  lines.push(`      <properties>`, property("decision", d.decision, 8), property("policy", policyName(d), 8), property("origin", item.origin, 8));
  if (item.provider) lines.push(property("provider", item.provider, 8));
  if (item.host) lines.push(property("host", item.host, 8));
  if (d.exception) lines.push(property("exception", d.exception.id, 8));
  lines.push(`      </properties>`);
  if (isBlocking(d.decision)) {
    lines.push(`      <failure message="${attr(`${label}: ${d.reason}`)}" type="${attr(d.decision)}">${text(details)}</failure>`);
  } else if (d.decision === "alert" || isAllowedByException(d)) {
    lines.push(`      <system-out>${text(details)}</system-out>`);
  }
  lines.push(`    </testcase>`);
  return lines;
}

function property(name: string, value: string, indent: number): string {
  return `${" ".repeat(indent)}<property name="${attr(name)}" value="${attr(value)}"/>`;
}
