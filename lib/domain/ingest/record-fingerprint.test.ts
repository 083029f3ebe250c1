import { describe, expect, it } from "vitest";
import { cyrb53, eventFingerprint } from "./record-fingerprint";
import type { TrafficEvent } from "./types";

const base: TrafficEvent = { direction: "inbound", method: "GET", host: "api.example.com", path: "/users/1", query: null, status: 200, durationMs: 12, timestamp: 1_700_000_000_000, location: "line 1" };

describe("record fingerprints", () => {
  it("is stable, ignores the location and separates different calls", () => {
    expect(eventFingerprint(base)).toBe(eventFingerprint({ ...base, location: "line 99" }));
    expect(eventFingerprint(base)).not.toBe(eventFingerprint({ ...base, timestamp: base.timestamp ? base.timestamp + 1 : 0 }));
    expect(eventFingerprint(base)).not.toBe(eventFingerprint({ ...base, path: "/users/2" }));
    expect(Number.isSafeInteger(eventFingerprint(base))).toBe(true);
  });

  it("spreads values (no collisions in 200k distinct keys)", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200_000; i++) seen.add(cyrb53(`GET /items/${i}`));
    expect(seen.size).toBe(200_000);
  });
});
