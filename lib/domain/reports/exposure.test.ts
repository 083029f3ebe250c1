// The insurance exposure index: a hand-computed example, the factors' edges, and
// the monotonicity the requirement asks for as fast-check properties (a worse
// provider, more sensitive data, more calls or one more dependency never lower
// any scope's figure).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gradeOf } from "../scoring/model";
import {
  dependencyExposure,
  EXPOSURE_DATA_WEIGHT,
  EXPOSURE_UNKNOWN_WEAKNESS,
  exposureOf,
  exposureRollUp,
  exposureSensitivity,
  exposureTopContributors,
  exposureVolume,
  exposureWeakness,
  roundExposure,
  type ExposureDependencyInput,
} from "./exposure";

const dep = (over: Partial<ExposureDependencyInput> & { dependencyId: string }): ExposureDependencyInput => ({
  applicationId: "app-1",
  providerId: "p-1",
  teamId: "team-1",
  criticality: 3,
  observedClasses: [],
  declaredClasses: [],
  narrowedClasses: null,
  calls: 0,
  score: 80,
  grade: "B",
  ...over,
});

describe("insurance exposure: a worked example", () => {
  // A: tier 1 (×1.5), card numbers observed (8), score 70 graded C (0.3), 999 calls (volume 2)      → 8 × 0.3 × 2 × 1.5     = 7.2
  // B: tier 1 (×1.5), PII declared (5), score 90 graded A (0.1), 9 calls (volume 1 + 2/6 = 4/3)      → 5 × 0.1 × 4/3 × 1.5   = 1.0
  // C: tier 4 (×0.8), nothing sensitive (1), never scored (0.5), 1,000,000 calls (volume 3)          → 1 × 0.5 × 3 × 0.8     = 1.2
  // D: tier 4 (×0.8), a JWT observed (10), score 40 without a grade (max(0.5, 0.6) = 0.6), 9 calls   → 10 × 0.6 × 4/3 × 0.8  = 6.4
  // shop (team-1) = 8.2 · batch (no team) = 7.6 · portfolio = 15.8
  const deps: ExposureDependencyInput[] = [
    dep({ dependencyId: "A", applicationId: "shop", criticality: 1, observedClasses: ["card_number"], score: 70, grade: "C", calls: 999 }),
    dep({ dependencyId: "B", applicationId: "shop", criticality: 1, declaredClasses: ["pii"], score: 90, grade: "A", calls: 9 }),
    dep({ dependencyId: "C", applicationId: "batch", teamId: null, criticality: 4, score: null, grade: null, calls: 1_000_000 }),
    dep({ dependencyId: "D", applicationId: "batch", teamId: null, criticality: 4, observedClasses: ["jwt"], score: 40, grade: null, calls: 9 }),
  ];

  it("computes each contribution, each scope and the top contributors by hand", () => {
    const values = deps.map((d) => dependencyExposure(d).value);
    expect(values[0]).toBeCloseTo(7.2, 10);
    expect(values[1]).toBeCloseTo(1.0, 10);
    expect(values[2]).toBeCloseTo(1.2, 10);
    expect(values[3]).toBeCloseTo(6.4, 10);
    expect(dependencyExposure(deps[0])).toMatchObject({ sensitivity: "payment", dataWeight: 8, weakness: 0.3, tier: 1.5 });
    expect(dependencyExposure(deps[3])).toMatchObject({ sensitivity: "credentials", dataWeight: 10, weakness: 0.6, tier: 0.8 });
    const r = exposureRollUp(deps);
    expect(r.applications.get("shop")?.value).toBeCloseTo(8.2, 10);
    expect(r.applications.get("batch")?.value).toBeCloseTo(7.6, 10);
    expect(r.teams.get("team-1")?.value).toBeCloseTo(8.2, 10);
    expect([...r.teams.keys()]).toEqual(["team-1"]);
    expect(r.portfolio.value).toBeCloseTo(15.8, 10);
    expect(r.portfolio.dependencies).toBe(4);
    expect(roundExposure(r.portfolio.value)).toBe(15.8);
    expect(exposureTopContributors(deps, 3).map((c) => c.dependencyId)).toEqual(["A", "D", "C"]);
    expect(r.applications.get("batch")?.top.map((c) => c.dependencyId)).toEqual(["D", "C"]);
  });
});

describe("insurance exposure: factors", () => {
  it("weighs the most sensitive class, observed or declared, and lets a narrowing replace only the declared ones", () => {
    expect(exposureSensitivity({ observedClasses: [], declaredClasses: [], narrowedClasses: null })).toBe("none");
    expect(exposureSensitivity({ observedClasses: ["email"], declaredClasses: ["pci"], narrowedClasses: null })).toBe("payment");
    expect(exposureSensitivity({ observedClasses: ["email"], declaredClasses: ["pci"], narrowedClasses: ["internal"] })).toBe("pii");
    expect(exposureSensitivity({ observedClasses: ["api_key_in_query"], declaredClasses: [], narrowedClasses: [] })).toBe("credentials");
    expect(Object.values(EXPOSURE_DATA_WEIGHT)).toEqual([1, 2, 5, 8, 8, 10]);
  });

  it("counts an unknown provider as half-weak, and an ungraded one as at least that", () => {
    expect(exposureWeakness(null, null)).toBe(EXPOSURE_UNKNOWN_WEAKNESS);
    expect(exposureWeakness(95, null)).toBe(EXPOSURE_UNKNOWN_WEAKNESS);
    expect(exposureWeakness(20, null)).toBeCloseTo(0.8, 10);
    expect(exposureWeakness(100, "A")).toBe(0);
    expect(exposureWeakness(0, "F")).toBe(1);
  });

  it("bounds the volume factor between 1 (no calls) and 3 (a million calls or more)", () => {
    expect(exposureVolume(0)).toBe(1);
    expect(exposureVolume(999)).toBeCloseTo(2, 10);
    expect(exposureVolume(1_000_000)).toBe(3);
    expect(exposureVolume(1e12)).toBe(3);
    expect(exposureVolume(-5)).toBe(1);
  });
});

const ids = fc.constantFrom("a1", "a2", "a3");
const depArb = fc.record({
  dependencyId: fc.uuid(),
  applicationId: ids,
  providerId: fc.constantFrom("p1", "p2", "p3", "p4"),
  teamId: fc.option(fc.constantFrom("t1", "t2"), { nil: null }),
  criticality: fc.integer({ min: 1, max: 4 }),
  observedClasses: fc.subarray(["email", "card_number", "health_record", "jwt", "internal", "unknown"]),
  declaredClasses: fc.subarray(["internal", "pii", "pci", "phi", "credentials"]),
  narrowedClasses: fc.option(fc.subarray(["internal", "pii", "pci"]), { nil: null }),
  calls: fc.integer({ min: 0, max: 10_000_000 }),
  score: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
  graded: fc.boolean(),
});
type Arb = typeof depArb extends fc.Arbitrary<infer T> ? T : never;
const toInput = ({ graded, ...d }: Arb): ExposureDependencyInput => ({ ...d, grade: d.score !== null && graded ? gradeOf(d.score) : null });
const depsArb = fc.array(depArb, { minLength: 1, maxLength: 12 });

/** Every scope's figure, keyed by "kind:id", before and after a change; no figure may drop. */
function neverLower(before: ExposureDependencyInput[], after: ExposureDependencyInput[]) {
  const a = exposureRollUp(before);
  const b = exposureRollUp(after);
  expect(b.portfolio.value).toBeGreaterThanOrEqual(a.portfolio.value);
  for (const [k, v] of a.applications) expect(b.applications.get(k)?.value ?? 0).toBeGreaterThanOrEqual(v.value);
  for (const [k, v] of a.teams) expect(b.teams.get(k)?.value ?? 0).toBeGreaterThanOrEqual(v.value);
}

describe("insurance exposure: monotone", () => {
  it("a worse provider (a lower score, graded or not) never lowers it", () => {
    fc.assert(
      fc.property(depsArb, fc.nat(), fc.double({ min: 0, max: 100, noNaN: true }), (arbs, pick, drop) => {
        const before = arbs.map(toInput);
        const provider = before[pick % before.length].providerId;
        const after = before.map((d) => {
          if (d.providerId !== provider || d.score === null) return d;
          const score = Math.max(0, d.score - drop);
          return { ...d, score, grade: d.grade === null ? null : gradeOf(score) };
        });
        neverLower(before, after);
      }),
    );
  });

  it("a provider losing its grade for lack of evidence never lowers it", () => {
    fc.assert(
      fc.property(depsArb, (arbs) => {
        const before = arbs.map(toInput);
        neverLower(before, before.map((d) => ({ ...d, grade: null })));
      }),
    );
  });

  it("more sensitive data never lowers it", () => {
    fc.assert(
      fc.property(depsArb, fc.nat(), fc.constantFrom("email", "card_number", "health_record", "jwt", "internal"), (arbs, pick, extra) => {
        const before = arbs.map(toInput);
        const i = pick % before.length;
        const after = before.map((d, j) => (j === i ? { ...d, observedClasses: [...d.observedClasses, extra] } : d));
        neverLower(before, after);
        const declared = before.map((d, j) => (j === i ? { ...d, declaredClasses: [...d.declaredClasses, "credentials"] } : d));
        neverLower(before, declared);
      }),
    );
  });

  it("more calls never lower it", () => {
    fc.assert(
      fc.property(depsArb, fc.nat(), fc.integer({ min: 0, max: 10_000_000 }), (arbs, pick, more) => {
        const before = arbs.map(toInput);
        const i = pick % before.length;
        neverLower(before, before.map((d, j) => (j === i ? { ...d, calls: d.calls + more } : d)));
      }),
    );
  });

  it("adding a dependency never lowers it", () => {
    fc.assert(
      fc.property(depsArb, depArb, (arbs, extra) => {
        const before = arbs.map(toInput);
        neverLower(before, [...before, toInput(extra)]);
      }),
    );
  });

  it("is never negative, sums its applications, and its top contributors are the largest", () => {
    fc.assert(
      fc.property(depsArb, fc.integer({ min: 1, max: 5 }), (arbs, n) => {
        const deps = arbs.map(toInput);
        const r = exposureRollUp(deps);
        expect(r.portfolio.value).toBeGreaterThanOrEqual(0);
        expect(r.portfolio.value).toBeCloseTo(exposureOf(deps), 9);
        expect([...r.applications.values()].reduce((s, a) => s + a.value, 0)).toBeCloseTo(r.portfolio.value, 9);
        const top = exposureTopContributors(deps, n);
        expect(top.length).toBe(Math.min(n, deps.length));
        const smallestShown = Math.min(...top.map((t) => t.value));
        const rest = deps.map(dependencyExposure).filter((c) => !top.some((t) => t.dependencyId === c.dependencyId));
        for (const c of rest) expect(c.value).toBeLessThanOrEqual(smallestShown);
      }),
    );
  });
});
