import { describe, expect, it } from "vitest";
import { clientAddress, decideSignIn, normaliseEmail, windowStart } from "./rate-limit";

const policy = { maxFailuresPerAccount: 5, maxFailuresPerAddress: 30, windowMinutes: 15 };

describe("sign-in rate limit", () => {
  it("allows below the limits and refuses at them", () => {
    expect(decideSignIn(policy, { account: 4, address: 29 })).toEqual({ allowed: true });
    expect(decideSignIn(policy, { account: 5, address: 0 })).toMatchObject({ allowed: false, reason: "account" });
    expect(decideSignIn(policy, { account: 0, address: 30 })).toMatchObject({ allowed: false, reason: "address" });
  });

  it("computes the window and normalises inputs", () => {
    expect(windowStart(new Date("2026-01-01T00:15:00Z"), policy).toISOString()).toBe("2026-01-01T00:00:00.000Z");
    expect(normaliseEmail("  Ada@Example.COM ")).toBe("ada@example.com");
    const h = (m: Record<string, string>) => ({ get: (n: string) => m[n] ?? null });
    expect(clientAddress(h({ "x-forwarded-for": "203.0.113.9, 10.0.0.1" }))).toBe("203.0.113.9");
    expect(clientAddress(h({ "x-real-ip": "198.51.100.2" }))).toBe("198.51.100.2");
    expect(clientAddress(h({}))).toBe("unknown");
  });
});
