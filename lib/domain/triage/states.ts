// The finding lifecycle: which states exist, which moves between them are legal,
// and what each move requires. States and not-affected justifications follow
// Dependency-Track's analysis model; risk acceptance (owner, decision,
// compensating controls, expiry by default in 180 days) follows DefectDojo.
// Pure code: the server applies the result inside one transaction with its
// history and audit rows.

export const FINDING_STATES = ["open", "in_triage", "confirmed", "resolved", "false_positive", "not_affected", "risk_accepted"] as const;
export type FindingState = (typeof FINDING_STATES)[number];

/** States in which a finding still needs work (the queue's default view). */
export const ACTIVE_STATES: readonly FindingState[] = ["open", "in_triage", "confirmed"];

export const STATE_LABELS: Record<FindingState, string> = {
  open: "Open",
  in_triage: "In triage",
  confirmed: "Confirmed",
  resolved: "Resolved",
  false_positive: "False positive",
  not_affected: "Not affected",
  risk_accepted: "Risk accepted",
};

/** Dependency-Track's justifications for "not affected". */
export const NOT_AFFECTED_JUSTIFICATIONS = [
  "code_not_present",
  "code_not_reachable",
  "requires_configuration",
  "requires_dependency",
  "requires_environment",
  "protected_by_compiler",
  "protected_at_runtime",
  "protected_at_perimeter",
  "protected_by_mitigating_control",
] as const;
export type NotAffectedJustification = (typeof NOT_AFFECTED_JUSTIFICATIONS)[number];

export const NOT_AFFECTED_LABELS: Record<NotAffectedJustification, string> = {
  code_not_present: "Code not present",
  code_not_reachable: "Code not reachable",
  requires_configuration: "Requires configuration",
  requires_dependency: "Requires dependency",
  requires_environment: "Requires environment",
  protected_by_compiler: "Protected by compiler",
  protected_at_runtime: "Protected at runtime",
  protected_at_perimeter: "Protected at perimeter",
  protected_by_mitigating_control: "Protected by mitigating control",
};

/**
 * Legal moves an analyst may make. Reopening (back to open) is allowed from
 * every other state; decided states can only be left by reopening, so a
 * decision is never silently turned into another.
 */
export const TRANSITIONS: Record<FindingState, readonly FindingState[]> = {
  open: ["in_triage", "confirmed", "resolved", "false_positive", "not_affected", "risk_accepted"],
  in_triage: ["open", "confirmed", "resolved", "false_positive", "not_affected", "risk_accepted"],
  confirmed: ["open", "in_triage", "resolved", "risk_accepted", "not_affected"],
  resolved: ["open"],
  false_positive: ["open"],
  not_affected: ["open"],
  risk_accepted: ["open", "resolved"],
};

export const DAY_MS = 86_400_000;
export const DEFAULT_ACCEPTANCE_DAYS = 180;
export const MAX_ACCEPTANCE_DAYS = 366;

export interface RiskAcceptanceInput {
  owner: string;
  decision: string;
  compensatingControls: string;
  /** Defaults to 180 days from now; at most one year. */
  expiresAt?: Date;
}

/** What an analyst asks for. */
export interface StateChange {
  to: FindingState;
  /** Free text: required for false_positive, optional elsewhere. */
  justification?: string;
  /** Required for not_affected. */
  notAffected?: NotAffectedJustification;
  /** Required for risk_accepted. */
  acceptance?: RiskAcceptanceInput;
}

export class TransitionError extends Error {
  constructor(
    message: string,
    public readonly field: string = "to",
  ) {
    super(message);
    this.name = "TransitionError";
  }
}

export function canTransition(from: FindingState, to: FindingState): boolean {
  return TRANSITIONS[from].includes(to);
}

export interface PlannedTransition {
  from: FindingState;
  to: FindingState;
  /** Text stored on the history row. */
  justification: string | null;
  /** Stored on the finding (false-positive text or not-affected code); null clears it. */
  findingJustification: string | null;
  acceptance: (Required<RiskAcceptanceInput> & { expiresAt: Date }) | null;
  /** Whether the SLA clock restarts (reopening). */
  restartSla: boolean;
  resolvedAt: "set" | "clear" | "keep";
}

/**
 * Checks a requested move and returns what to write. Throws TransitionError
 * (naming both states, or the missing field) when the move is not allowed.
 */
export function planTransition(from: FindingState, change: StateChange, now: Date): PlannedTransition {
  const { to } = change;
  if (from === to) throw new TransitionError(`The finding is already ${STATE_LABELS[to].toLowerCase()} (${to}).`);
  if (!canTransition(from, to)) {
    const legal = TRANSITIONS[from].map((s) => s).join(", ");
    throw new TransitionError(`Cannot move a finding from ${from} to ${to}; from ${from} it can go to: ${legal}.`);
  }
  const justification = change.justification?.trim() || null;
  let findingJustification: string | null = null;
  let acceptance: PlannedTransition["acceptance"] = null;
  if (to === "false_positive") {
    if (!justification) throw new TransitionError("A false positive needs a justification: say why the detection is wrong.", "justification");
    findingJustification = justification;
  }
  if (to === "not_affected") {
    if (!change.notAffected || !NOT_AFFECTED_JUSTIFICATIONS.includes(change.notAffected)) {
      throw new TransitionError(`"Not affected" needs a justification from the list: ${NOT_AFFECTED_JUSTIFICATIONS.join(", ")}.`, "notAffected");
    }
    findingJustification = change.notAffected;
  }
  if (to === "risk_accepted") {
    const a = change.acceptance;
    if (!a) throw new TransitionError("A risk acceptance needs an owner, a decision, compensating controls and an expiry.", "acceptance");
    const owner = a.owner?.trim();
    const decision = a.decision?.trim();
    const compensatingControls = a.compensatingControls?.trim();
    if (!owner) throw new TransitionError("Name the owner of the accepted risk.", "acceptance.owner");
    if (!decision) throw new TransitionError("Write the decision: why the risk is accepted.", "acceptance.decision");
    if (!compensatingControls) throw new TransitionError("List the compensating controls (or write 'none').", "acceptance.compensatingControls");
    const expiresAt = a.expiresAt ?? new Date(now.getTime() + DEFAULT_ACCEPTANCE_DAYS * DAY_MS);
    if (expiresAt.getTime() <= now.getTime()) throw new TransitionError("The acceptance must expire in the future.", "acceptance.expiresAt");
    if (expiresAt.getTime() > now.getTime() + MAX_ACCEPTANCE_DAYS * DAY_MS) throw new TransitionError("A risk acceptance lasts at most one year.", "acceptance.expiresAt");
    acceptance = { owner, decision, compensatingControls, expiresAt };
    findingJustification = decision;
  }
  const historyText =
    to === "not_affected" ? [change.notAffected, justification].filter(Boolean).join(": ") : to === "risk_accepted" && acceptance ? `${acceptance.decision} (owner ${acceptance.owner}, until ${acceptance.expiresAt.toISOString().slice(0, 10)})` : justification;
  return {
    from,
    to,
    justification: historyText || null,
    findingJustification,
    acceptance,
    restartSla: to === "open",
    resolvedAt: to === "resolved" ? "set" : from === "resolved" ? "clear" : "keep",
  };
}

/** The system's own moves, which bypass the analyst table but always leave a history row. */
export type SystemEvent = { kind: "redetected" } | { kind: "acceptance_expired" } | { kind: "undetected" };

export interface SystemTransition {
  from: FindingState;
  to: FindingState;
  justification: string;
  restartSla: boolean;
}

/**
 * What detection and the clock do to a finding by themselves: a resolved finding
 * detected again reopens; an expired risk acceptance reopens (the SLA restarts);
 * an active finding no longer detected resolves. Returns null when nothing changes.
 */
export function systemTransition(from: FindingState, event: SystemEvent, context: { acceptedUntil?: Date | null; now: Date }): SystemTransition | null {
  switch (event.kind) {
    case "redetected":
      return from === "resolved" ? { from, to: "open", justification: "Reopened: detected again after it was resolved", restartSla: true } : null;
    case "acceptance_expired":
      if (from !== "risk_accepted" || !context.acceptedUntil || context.acceptedUntil.getTime() > context.now.getTime()) return null;
      return { from, to: "open", justification: `Reopened: the risk acceptance expired on ${context.acceptedUntil.toISOString().slice(0, 10)}`, restartSla: true };
    case "undetected":
      return ACTIVE_STATES.includes(from) ? { from, to: "resolved", justification: "Resolved: no longer detected", restartSla: false } : null;
  }
}
