import { describe, expect, it } from "vitest";
import { alerted, allowed, decision, excepted, item, needsApproval, quarantined, sampleResult } from "./gate-fixture";
import { gateExitCode, gateSummary, orderItems } from "./result";

describe("gateExitCode", () => {
  it("passes (0) with nothing, with allows, alerts and exception-allowed dependencies", () => {
    expect(gateExitCode({ application: "a", evaluatedAt: "x", items: [] })).toBe(0);
    expect(gateExitCode({ application: "a", evaluatedAt: "x", items: [...allowed(3), alerted, excepted] })).toBe(0);
  });

  it("fails (3) when any dependency would be quarantined or need approval", () => {
    expect(gateExitCode({ application: "a", evaluatedAt: "x", items: [...allowed(2), quarantined] })).toBe(3);
    expect(gateExitCode({ application: "a", evaluatedAt: "x", items: [alerted, needsApproval] })).toBe(3);
  });

  it("says 1 on input errors, even when a dependency is also blocked; an empty list is no error", () => {
    expect(gateExitCode(sampleResult({ inputErrors: [{ file: "bom.json", location: "line 4", reason: "not CycloneDX" }] }))).toBe(1);
    expect(gateExitCode(sampleResult({ inputErrors: [] }))).toBe(3);
  });
});

describe("gateSummary", () => {
  it("counts by decision, blocked, exception-allowed and input errors", () => {
    expect(gateSummary(sampleResult({ inputErrors: [{ file: "f", location: "", reason: "r" }] }))).toEqual({
      total: 15,
      allow: 12,
      alert: 1,
      require_approval: 1,
      quarantine: 1,
      blocked: 2,
      allowedByException: 1,
      inputErrors: 1,
    });
  });
});

describe("orderItems", () => {
  it("lists the most severe first, then by target case-insensitively, whatever the input order", () => {
    const a = item("apple", decision("alert", null, "r"));
    const b = item("Banana", decision("alert", null, "r"));
    const ordered = orderItems([...allowed(2), b, excepted, quarantined, a, needsApproval]).map((i) => i.target);
    expect(ordered).toEqual(["evil.example", "Stripe", "apple", "Banana", "Provider 01", "Provider 02", "Twilio"]);
    expect(orderItems([a, b]).map((i) => i.target)).toEqual(orderItems([b, a]).map((i) => i.target));
  });
});
