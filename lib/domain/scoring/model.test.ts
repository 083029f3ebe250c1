import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeReputation, DEFAULT_WEIGHTS, gradeOf } from "./model";
import { complianceFactor, incidentsFactor } from "./analyst-factors";
import { FACTORS, type FactorName, type FactorResult, type ScoreCap } from "./types";

const model = { version: 1, weights: DEFAULT_WEIGHTS };

function factor(name: FactorName, subscore: number | null, caps: ScoreCap[] = []): FactorResult {
  return { name, subscore, summary: "", evidence: {}, caps, improvements: [] };
}

const subscoreArb = fc.option(fc.integer({ min: 0, max: 100 }), { nil: null });
const factorsArb = fc.tuple(...FACTORS.map(() => subscoreArb)).map((scores) => FACTORS.map((n, i) => factor(n, scores[i])));

describe("reputation score", () => {
  it("weights the factors with data and grades A–F", () => {
    const r = computeReputation([factor("transport", 100), factor("authentication", 60)], model);
    expect(r.score).toBeCloseTo((20 * 100 + 15 * 60) / 35, 1);
    expect(r.confidence).toBeCloseTo(35 / 100, 3);
    expect(r.grade).toBeNull();
    expect(r.provisionalGrade).toBe(gradeOf(r.score));
    expect(gradeOf(90)).toBe("A");
    expect(gradeOf(89.9)).toBe("B");
    expect(gradeOf(59.9)).toBe("F");
  });

  it("applies caps after the mean and shows them", () => {
    const all = FACTORS.map((n) => factor(n, 100));
    all[0] = factor("transport", 100, [{ id: "cert", factor: "transport", maxGrade: "F", reason: "expired certificate" }]);
    const r = computeReputation(all, model);
    expect(r.uncappedScore).toBe(100);
    expect(r.score).toBe(59);
    expect(r.grade).toBe("F");
    expect(r.caps[0]).toMatchObject({ id: "cert", ceiling: 59 });
  });

  it("ranks the fixes by projected gain", () => {
    const all = FACTORS.map((n) => factor(n, 100));
    all[1] = { ...factor("http_hygiene", 40), improvements: [{ factor: "http_hygiene", action: "Send HSTS", subscoreAfter: 80 }] };
    all[6] = { ...factor("compliance", 0), improvements: [{ factor: "compliance", action: "SOC 2", subscoreAfter: 75 }] };
    const r = computeReputation(all, model);
    expect(r.improvements.map((i) => i.action)).toEqual(["SOC 2", "Send HSTS"]);
    expect(r.improvements[0].projectedScore).toBeGreaterThan(r.score);
  });

  it("property: a worse signal never raises the score", () => {
    fc.assert(
      fc.property(factorsArb, fc.integer({ min: 0, max: FACTORS.length - 1 }), fc.integer({ min: 0, max: 100 }), (factors, i, drop) => {
        const current = factors[i].subscore;
        if (current === null) return;
        const worse = factors.map((f, j) => (j === i ? factor(f.name, Math.max(0, current - drop)) : f));
        expect(computeReputation(worse, model).score).toBeLessThanOrEqual(computeReputation(factors, model).score);
      }),
    );
  });

  it("property: a cap never raises the score", () => {
    fc.assert(
      fc.property(factorsArb, fc.constantFrom("A", "B", "C", "D", "F" as const), (factors, grade) => {
        const capped = factors.map((f, j) => (j === 0 ? { ...f, subscore: f.subscore ?? 50, caps: [{ id: "x", factor: f.name, maxGrade: grade, reason: "" }] } : f));
        const plain = factors.map((f, j) => (j === 0 ? { ...f, subscore: f.subscore ?? 50 } : f));
        expect(computeReputation(capped, model).score).toBeLessThanOrEqual(computeReputation(plain, model).score);
      }),
    );
  });

  it("property: scores are deterministic for the same inputs and model", () => {
    fc.assert(
      fc.property(factorsArb, (factors) => {
        expect(computeReputation(factors, model)).toEqual(computeReputation(structuredClone(factors), model));
      }),
    );
  });

  it("fades incidents and caps recent breaches at C", () => {
    const now = new Date("2026-11-01T00:00:00Z");
    const fresh = incidentsFactor([{ id: "1", occurredOn: "2026-10-01", severity: "high", breach: true, description: "", sourceUrl: null }], now);
    const old = incidentsFactor([{ id: "1", occurredOn: "2026-05-05", severity: "high", breach: true, description: "", sourceUrl: null }], now);
    const ancient = incidentsFactor([{ id: "1", occurredOn: "2023-01-01", severity: "critical", breach: true, description: "", sourceUrl: null }], now);
    expect(fresh.caps).toHaveLength(1);
    expect(old.caps).toHaveLength(0);
    expect(old.subscore ?? 0).toBeGreaterThan(fresh.subscore ?? 100);
    expect(ancient.subscore).toBe(100);
  });

  it("gives an expired attestation nothing", () => {
    const now = new Date("2026-11-01T00:00:00Z");
    expect(complianceFactor([{ kind: "soc2_type2", expiresOn: "2027-01-01" }], now).subscore).toBe(40);
    expect(complianceFactor([{ kind: "soc2_type2", expiresOn: "2026-10-31" }], now).subscore).toBe(0);
  });
});
