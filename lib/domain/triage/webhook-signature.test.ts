import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BACKOFF_CAP_SECONDS, backoffDelaySeconds, MAX_DELIVERY_ATTEMPTS, signPayload, verifySignature } from "./webhook-signature";

const secret = "whsec_test_secret";
const body = JSON.stringify({ id: "evt_1", type: "finding.created", data: { findingId: "f1" } });
const at = new Date("2025-03-01T12:00:00Z");
const ts = Math.floor(at.getTime() / 1000);

describe("webhook signatures", () => {
  it("matches the spec: t=<ts>,v1=hex(hmac-sha256(secret, `${ts}.${body}`))", () => {
    const expected = createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex");
    expect(signPayload(secret, body, ts)).toBe(`t=${ts},v1=${expected}`);
  });

  it("pins a known vector", () => {
    expect(signPayload("key", "{}", 1)).toBe("t=1,v1=" + createHmac("sha256", "key").update("1.{}").digest("hex"));
    expect(signPayload("key", "{}", 1)).toMatch(/^t=1,v1=[0-9a-f]{64}$/);
  });

  it("verifies its own signatures within the tolerance", () => {
    const header = signPayload(secret, body, ts);
    expect(verifySignature(header, body, secret, { now: at })).toEqual({ ok: true, timestamp: ts });
    expect(verifySignature(header, body, secret, { now: new Date(at.getTime() + 299_000) }).ok).toBe(true);
  });

  it("refuses a changed body, a wrong secret, stale or future timestamps and malformed headers", () => {
    const header = signPayload(secret, body, ts);
    expect(verifySignature(header, body + " ", secret, { now: at })).toEqual({ ok: false, reason: "no-match" });
    expect(verifySignature(header, body, "whsec_other", { now: at })).toEqual({ ok: false, reason: "no-match" });
    expect(verifySignature(header, body, secret, { now: new Date(at.getTime() + 301_000) })).toEqual({ ok: false, reason: "too-old" });
    expect(verifySignature(header, body, secret, { now: new Date(at.getTime() + 3_600_000), toleranceSeconds: 7200 }).ok).toBe(true);
    expect(verifySignature(header, body, secret, { now: new Date(at.getTime() - 301_000) })).toEqual({ ok: false, reason: "in-future" });
    // A signature moved to another timestamp no longer matches.
    const v1 = header.split("v1=")[1];
    expect(verifySignature(`t=${ts + 1},v1=${v1}`, body, secret, { now: at }).ok).toBe(false);
    for (const bad of [null, "", "garbage", `t=${ts}`, `v1=${v1}`, `t=abc,v1=${v1}`, `t=${ts},v1=${v1.slice(2)}`, `t=${ts},v0=${v1}`]) {
      expect(verifySignature(bad, body, secret, { now: at })).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("accepts any matching v1 among several (secret rotation)", () => {
    const good = signPayload(secret, body, ts).split("v1=")[1];
    const other = signPayload("whsec_old", body, ts).split("v1=")[1];
    expect(verifySignature(`t=${ts},v1=${other},v1=${good}`, body, secret, { now: at }).ok).toBe(true);
  });

  it("round-trips for any secret, body and time, and a flipped body byte fails", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.integer({ min: 0, max: 4_000_000_000 }), (s, b, t) => {
        const header = signPayload(s, b, t);
        const now = new Date(t * 1000);
        expect(verifySignature(header, b, s, { now }).ok).toBe(true);
        expect(verifySignature(header, b + "x", s, { now }).ok).toBe(false);
      }),
    );
  });

  it("refuses timestamps that are not non-negative integers", () => {
    expect(() => signPayload(secret, body, 1.5)).toThrow(RangeError);
    expect(() => signPayload(secret, body, -1)).toThrow(RangeError);
  });
});

describe("retry backoff", () => {
  it("starts at a minute and grows exponentially up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(backoffDelaySeconds)).toEqual([60, 180, 540, 1620, 4860, 14580, 21600]);
    expect(backoffDelaySeconds(0)).toBe(60);
    expect(backoffDelaySeconds(1e9)).toBe(BACKOFF_CAP_SECONDS);
  });

  it("never decreases, stays positive and never passes the cap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (n) => {
        const d = backoffDelaySeconds(n);
        expect(d).toBeGreaterThan(0);
        expect(d).toBeLessThanOrEqual(BACKOFF_CAP_SECONDS);
        expect(backoffDelaySeconds(n + 1)).toBeGreaterThanOrEqual(d);
      }),
    );
  });

  it("spreads the allowed attempts over less than a day", () => {
    let total = 0;
    for (let a = 1; a < MAX_DELIVERY_ATTEMPTS; a++) total += backoffDelaySeconds(a);
    expect(total).toBeLessThan(86_400);
  });
});
