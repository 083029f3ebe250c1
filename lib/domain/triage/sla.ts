// Service-level deadlines per severity. Defaults follow DefectDojo (critical 7
// days, high 30, medium 90) with low at 180 as Sibyl's issue asks; an admin may
// change them. Informational findings have no deadline.
import type { Severity } from "./fingerprint";
import { ACTIVE_STATES, DAY_MS, type FindingState } from "./states";

export type SlaDays = Record<Exclude<Severity, "info">, number>;
export const DEFAULT_SLA_DAYS: SlaDays = { critical: 7, high: 30, medium: 90, low: 180 };
export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low", "info"];

export function slaDue(severity: Severity, startedAt: Date, days: SlaDays = DEFAULT_SLA_DAYS): Date | null {
  if (severity === "info") return null;
  return new Date(startedAt.getTime() + days[severity] * DAY_MS);
}

export interface SlaState {
  dueAt: string | null;
  /** True when the finding still needs work and its due date has passed. */
  pastDue: boolean;
  daysPast: number;
  daysLeft: number | null;
}

/** Where a finding stands against its deadline; only active findings can be past SLA. */
export function slaState(status: FindingState, dueAt: Date | null, now: Date): SlaState {
  if (!dueAt) return { dueAt: null, pastDue: false, daysPast: 0, daysLeft: null };
  const active = ACTIVE_STATES.includes(status);
  const diff = now.getTime() - dueAt.getTime();
  const pastDue = active && diff > 0;
  return {
    dueAt: dueAt.toISOString(),
    pastDue,
    daysPast: pastDue ? Math.floor(diff / DAY_MS) : 0,
    daysLeft: active && !pastDue ? Math.ceil(-diff / DAY_MS) : null,
  };
}
