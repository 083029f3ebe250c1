import { describe, expect, it } from "vitest";
import { buildDemoSignals } from "@/lib/domain/demo/signals";
import type { FactorResult } from "@/lib/domain/scoring/types";
import { factorFromSignal } from "./factors";

describe("factorFromSignal", () => {
  it("gives the same http_hygiene result with the per-rescore memo as without it, each with its own probe", () => {
    const memo = new Map<string, FactorResult>();
    const now = new Date("2026-06-01T12:00:00.000Z");
    const probes = Array.from({ length: 300 }, (_, i) => buildDemoSignals(`p-${i}`, `api.p-${i}.test`, i, now).http);
    probes.push({ ...probes[0], url: "http://api.p-0.test/" }, { ...probes[1], verified: false }, { ...probes[2], status: null, error: "timeout" });
    for (const [i, probe] of probes.entries()) {
      const signal = { id: `s-${i}`, factor: "http_hygiene", source: "probe", evidence: { probe }, isOverride: false, justification: null, observedAt: now };
      const memoised = factorFromSignal("http_hygiene", signal, memo);
      expect(JSON.stringify(memoised)).toBe(JSON.stringify(factorFromSignal("http_hygiene", signal)));
      expect(memoised.evidence.probe).toBe(probe);
    }
    expect(memo.size).toBeLessThan(probes.length);
  });
});
