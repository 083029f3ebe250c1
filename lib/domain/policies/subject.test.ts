import { describe, expect, it } from "vitest";
import { callsPerDay, policyDataClasses } from "./subject";

describe("policyDataClasses", () => {
  it("maps observed and declared classes to the policy's coarse names", () => {
    expect(policyDataClasses(["email", "card_number"], ["phi"], null)).toEqual(["pci", "phi", "pii"]);
  });
  it("uses the narrowed classes instead of the declared ones, never dropping what was observed", () => {
    expect(policyDataClasses(["jwt"], ["pci", "pii"], ["internal"])).toEqual(["credentials", "internal"]);
    expect(policyDataClasses([], ["pci"], [])).toEqual([]);
  });
});

describe("callsPerDay", () => {
  it("spreads calls over the observed span, at least one day", () => {
    expect(callsPerDay(3000, new Date("2026-01-01"), new Date("2026-01-31"))).toBe(100);
    expect(callsPerDay(50, new Date("2026-01-01T10:00:00Z"), new Date("2026-01-01T11:00:00Z"))).toBe(50);
    expect(callsPerDay(0, null, null)).toBe(0);
    expect(callsPerDay(7, null, null)).toBe(7);
  });
});
