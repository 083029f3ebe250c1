import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SLA_DAYS, slaDue, slaState } from "./sla";
import {
  ACTIVE_STATES,
  canTransition,
  DAY_MS,
  FINDING_STATES,
  NOT_AFFECTED_JUSTIFICATIONS,
  planTransition,
  systemTransition,
  TransitionError,
  TRANSITIONS,
  type FindingState,
  type StateChange,
} from "./states";

const state = fc.constantFrom(...FINDING_STATES);
const now = fc.date({ min: new Date("2020-01-01T00:00:00Z"), max: new Date("2035-01-01T00:00:00Z"), noInvalidDate: true });

/** A complete request for `to`: every field a move could need is filled in. */
function fullChange(to: FindingState, now: Date): StateChange {
  return {
    to,
    justification: "checked by hand",
    notAffected: "protected_at_perimeter",
    acceptance: { owner: "ciso@example.com", decision: "Vendor fix due next quarter", compensatingControls: "WAF rule 942100", expiresAt: new Date(now.getTime() + 30 * DAY_MS) },
  };
}

/** A model of a finding and its history, driven only by the pure rules. */
interface Model {
  state: FindingState;
  history: { from: FindingState | null; to: FindingState }[];
  acceptedUntil: Date | null;
  slaStart: Date;
}

describe("triage state machine", () => {
  it("refuses every illegal move, naming both states", () => {
    fc.assert(
      fc.property(state, state, now, (from, to, at) => {
        if (canTransition(from, to)) return;
        let error: unknown;
        try {
          planTransition(from, fullChange(to, at), at);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(TransitionError);
        const message = (error as Error).message;
        expect(message).toContain(to);
        if (from !== to) expect(message).toContain(from);
      }),
    );
  });

  it("allows every legal move with its required fields and plans exactly that move", () => {
    fc.assert(
      fc.property(state, now, (from, at) => {
        for (const to of TRANSITIONS[from]) {
          const plan = planTransition(from, fullChange(to, at), at);
          expect(plan.from).toBe(from);
          expect(plan.to).toBe(to);
          expect(plan.restartSla).toBe(to === "open");
        }
      }),
    );
  });

  it("requires a justification for false positives, a listed reason for not affected, and a full risk acceptance", () => {
    const at = new Date("2026-01-01T00:00:00Z");
    expect(() => planTransition("open", { to: "false_positive" }, at)).toThrow(/justification/);
    expect(() => planTransition("open", { to: "false_positive", justification: "   " }, at)).toThrow(/justification/);
    expect(() => planTransition("open", { to: "not_affected" }, at)).toThrow(/code_not_present/);
    expect(() => planTransition("open", { to: "not_affected", notAffected: "because" as never }, at)).toThrow(TransitionError);
    for (const reason of NOT_AFFECTED_JUSTIFICATIONS) expect(planTransition("open", { to: "not_affected", notAffected: reason }, at).findingJustification).toBe(reason);
    expect(() => planTransition("open", { to: "risk_accepted" }, at)).toThrow(/owner/);
    const acceptance = { owner: "o", decision: "d", compensatingControls: "c" };
    expect(() => planTransition("open", { to: "risk_accepted", acceptance: { ...acceptance, owner: "" } }, at)).toThrow(/owner/);
    expect(() => planTransition("open", { to: "risk_accepted", acceptance: { ...acceptance, expiresAt: new Date(at.getTime() + 367 * DAY_MS) } }, at)).toThrow(/one year/);
    expect(() => planTransition("open", { to: "risk_accepted", acceptance: { ...acceptance, expiresAt: new Date(at.getTime() - 1) } }, at)).toThrow(/future/);
    // Default expiry: 180 days.
    expect(planTransition("open", { to: "risk_accepted", acceptance }, at).acceptance?.expiresAt.getTime()).toBe(at.getTime() + 180 * DAY_MS);
  });

  it("never reaches a state without a history row, for any sequence of analyst moves, detections and clock steps", () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant("move" as const), to: state, complete: fc.boolean() }),
      fc.record({ kind: fc.constant("redetect" as const) }),
      fc.record({ kind: fc.constant("tick" as const), days: fc.integer({ min: 0, max: 400 }) }),
      fc.record({ kind: fc.constant("undetected" as const) }),
    );
    fc.assert(
      fc.property(now, fc.array(action, { maxLength: 40 }), (start, actions) => {
        let clock = start;
        const m: Model = { state: "open", history: [{ from: null, to: "open" }], acceptedUntil: null, slaStart: start };
        const apply = (from: FindingState, to: FindingState, restart: boolean, acceptedUntil: Date | null) => {
          m.history.push({ from, to });
          m.state = to;
          m.acceptedUntil = acceptedUntil;
          if (restart) m.slaStart = clock;
        };
        for (const a of actions) {
          if (a.kind === "move") {
            const change = a.complete ? fullChange(a.to, clock) : { to: a.to };
            let plan;
            try {
              plan = planTransition(m.state, change, clock);
            } catch (e) {
              expect(e).toBeInstanceOf(TransitionError);
              continue;
            }
            expect(canTransition(m.state, a.to)).toBe(true);
            apply(plan.from, plan.to, plan.restartSla, plan.acceptance?.expiresAt ?? null);
          } else if (a.kind === "tick") {
            clock = new Date(clock.getTime() + a.days * DAY_MS);
            const t = systemTransition(m.state, { kind: "acceptance_expired" }, { acceptedUntil: m.acceptedUntil, now: clock });
            if (t) apply(t.from, t.to, t.restartSla, null);
          } else {
            const t = systemTransition(m.state, { kind: a.kind === "redetect" ? "redetected" : "undetected" }, { now: clock });
            if (t) apply(t.from, t.to, t.restartSla, m.acceptedUntil);
          }
          // The invariant: the current state is the target of the latest history row, and rows chain.
          expect(m.history.at(-1)?.to).toBe(m.state);
          for (let i = 1; i < m.history.length; i++) expect(m.history[i].from).toBe(m.history[i - 1].to);
        }
      }),
    );
  });

  it("reopens a resolved finding on re-detection, and only a resolved one", () => {
    fc.assert(
      fc.property(state, now, (from, at) => {
        const t = systemTransition(from, { kind: "redetected" }, { now: at });
        if (from === "resolved") {
          expect(t).toMatchObject({ from: "resolved", to: "open", restartSla: true });
          expect(t?.justification).toMatch(/detected again/);
        } else expect(t).toBeNull();
      }),
    );
  });

  it("reopens an accepted risk exactly when its expiry has passed, for any clock, and restarts the SLA", () => {
    fc.assert(
      fc.property(now, fc.integer({ min: -400 * 24, max: 400 * 24 }), (at, hours) => {
        const acceptedUntil = new Date(at.getTime() + hours * 3_600_000);
        const t = systemTransition("risk_accepted", { kind: "acceptance_expired" }, { acceptedUntil, now: at });
        if (acceptedUntil.getTime() <= at.getTime()) {
          expect(t).toMatchObject({ to: "open", restartSla: true });
          const due = slaDue("high", at);
          expect(due?.getTime()).toBe(at.getTime() + DEFAULT_SLA_DAYS.high * DAY_MS);
        } else expect(t).toBeNull();
        // Other states are never touched by the clock.
        for (const s of FINDING_STATES) if (s !== "risk_accepted") expect(systemTransition(s, { kind: "acceptance_expired" }, { acceptedUntil, now: at })).toBeNull();
      }),
    );
  });
});

describe("SLA", () => {
  it("uses 7/30/90/180 days by default and none for info", () => {
    const start = new Date("2026-01-01T00:00:00Z");
    expect(slaDue("critical", start)?.toISOString()).toBe("2026-01-08T00:00:00.000Z");
    expect(slaDue("high", start)?.toISOString()).toBe("2026-01-31T00:00:00.000Z");
    expect(slaDue("medium", start)?.toISOString()).toBe("2026-04-01T00:00:00.000Z");
    expect(slaDue("low", start)?.toISOString()).toBe("2026-06-30T00:00:00.000Z");
    expect(slaDue("info", start)).toBeNull();
    expect(slaDue("high", start, { critical: 1, high: 2, medium: 3, low: 4 })?.toISOString()).toBe("2026-01-03T00:00:00.000Z");
  });

  it("is past SLA only for active findings after their due date, with whole days past", () => {
    fc.assert(
      fc.property(state, now, fc.integer({ min: -1000, max: 1000 }), (status, at, hoursPast) => {
        const due = new Date(at.getTime() - hoursPast * 3_600_000);
        const s = slaState(status, due, at);
        const active = ACTIVE_STATES.includes(status);
        expect(s.pastDue).toBe(active && hoursPast > 0);
        expect(s.daysPast).toBe(s.pastDue ? Math.floor(hoursPast / 24) : 0);
      }),
    );
  });
});
