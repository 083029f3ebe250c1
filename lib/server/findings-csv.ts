import "server-only";
import { toCsv } from "@/lib/domain/export/csv";
import { STATE_LABELS } from "@/lib/domain/triage/states";
import type { DecisionLogEntry, FindingRow } from "./dal/findings";

/** The queue as CSV (current filter or a selection). */
export function findingsCsv(rows: FindingRow[]): string {
  return toCsv(rows, [
    { header: "ID", value: (r) => r.id },
    { header: "Title", value: (r) => r.title },
    { header: "Kind", value: (r) => r.kind },
    { header: "Severity", value: (r) => r.severity },
    { header: "State", value: (r) => STATE_LABELS[r.status] },
    { header: "OWASP API 2023", value: (r) => r.owasp },
    { header: "Application", value: (r) => r.app?.slug ?? null },
    { header: "Provider", value: (r) => r.provider?.slug ?? null },
    { header: "Endpoint", value: (r) => (r.endpoint ? `${r.endpoint.method} ${r.endpoint.path}` : null) },
    { header: "Assignee", value: (r) => r.assignee?.name ?? null },
    { header: "Samples", value: (r) => r.sampleCount },
    { header: "First seen", value: (r) => r.firstSeen },
    { header: "Last seen", value: (r) => r.lastSeen },
    { header: "Due", value: (r) => r.sla.dueAt },
    { header: "Past SLA", value: (r) => (r.sla.pastDue ? "yes" : "no") },
    { header: "Days past SLA", value: (r) => r.sla.daysPast },
  ]);
}

/** The decision log for auditors. */
export function decisionLogCsv(rows: DecisionLogEntry[]): string {
  return toCsv(rows, [
    { header: "When", value: (r) => r.at },
    { header: "Finding", value: (r) => r.findingId },
    { header: "Title", value: (r) => r.title },
    { header: "Kind", value: (r) => r.kind },
    { header: "Application", value: (r) => r.application },
    { header: "From", value: (r) => r.from },
    { header: "To", value: (r) => r.to },
    { header: "Event", value: (r) => r.event },
    { header: "Who", value: (r) => r.by },
    { header: "Justification", value: (r) => r.justification },
  ]);
}
