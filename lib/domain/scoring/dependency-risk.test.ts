// Dependency risk as likelihood × impact: the rule's cases, its properties, and
// a golden file of named scenarios. After a deliberate change of the rule:
//   UPDATE_GOLDEN=1 npx vitest run --project unit lib/domain/scoring/dependency-risk.test.ts
// and review the diff of test/golden/dependency-risk.json.
import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { applicationRisk, bandOf, bandOfRisk, dependencyRisk, heatMap, type DependencyRiskInput } from "./dependency-risk";
import { gradeOf } from "./model";

const GOLDEN = path.resolve(__dirname, "../../../test/golden/dependency-risk.json");
const base: DependencyRiskInput = { grade: "B", confidence: 0.9, observedClasses: [], declaredClasses: [], narrowedClasses: null, criticality: 2, calls: 1000 };

const depArb = fc.record({
  score: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
  confidence: fc.double({ min: 0.5, max: 1, noNaN: true }),
  observedClasses: fc.subarray(["email", "card_number", "health_record", "jwt", "internal", "unknown"]),
  declaredClasses: fc.subarray(["internal", "pii", "pci", "phi", "credentials"]),
  narrowedClasses: fc.option(fc.subarray(["internal", "pii", "pci"]), { nil: null }),
  criticality: fc.integer({ min: 1, max: 4 }),
  calls: fc.integer({ min: 0, max: 10_000_000 }),
});
type Dep = typeof depArb extends fc.Arbitrary<infer T> ? T : never;
const toInput = (d: Dep): DependencyRiskInput => ({ ...d, grade: d.score === null ? null : gradeOf(d.score) });

describe("dependency risk (likelihood × impact)", () => {
  it("a tier-1 application declared to handle payment data is critical on a grade-D provider, even with nothing observed on the edge", () => {
    const r = dependencyRisk({ ...base, grade: "D", declaredClasses: ["pci"], criticality: 1 });
    expect(r).toMatchObject({ likelihood: 4, impact: 5, band: "critical", risk: 80, sensitivity: "payment", sensitivityFrom: "declared" });
  });

  it("card numbers sent by a tier-1 application to a grade-B provider are high", () => {
    const r = dependencyRisk({ ...base, observedClasses: ["card_number"], criticality: 1 });
    expect(r).toMatchObject({ likelihood: 2, impact: 5, band: "high", sensitivityFrom: "observed" });
  });

  it("an analyst's narrowing replaces the declared classes but never hides what was observed", () => {
    const declared = dependencyRisk({ ...base, grade: "D", declaredClasses: ["pci"], criticality: 1 });
    const narrowed = dependencyRisk({ ...base, grade: "D", declaredClasses: ["pci"], narrowedClasses: ["internal"], criticality: 1 });
    expect(narrowed.impact).toBeLessThan(declared.impact);
    expect(narrowed.sensitivityFrom).toBe("narrowed");
    const observed = dependencyRisk({ ...base, grade: "D", observedClasses: ["card_number"], declaredClasses: ["pci"], narrowedClasses: [], criticality: 1 });
    expect(observed.sensitivity).toBe("payment");
    expect(observed.sensitivityFrom).toBe("observed");
  });

  it("treats a provider without a grade as possible (3), not safe", () => {
    expect(dependencyRisk({ ...base, grade: null, confidence: null }).likelihood).toBe(3);
    expect(dependencyRisk({ ...base, grade: null, confidence: 0.2 }).likelihoodReason).toMatch(/Too little evidence/);
    expect(dependencyRisk({ ...base, grade: "A", confidence: 0.9 }).likelihood).toBe(1);
  });

  it("thin evidence makes a graded provider one step more likely", () => {
    expect(dependencyRisk({ ...base, grade: "A", confidence: 0.55 }).likelihood).toBe(2);
    expect(dependencyRisk({ ...base, grade: "F", confidence: 0.55 }).likelihood).toBe(5);
  });

  it("tier and volume move the impact one step", () => {
    const pii = { ...base, observedClasses: ["email"] };
    expect(dependencyRisk({ ...pii, criticality: 3 }).impact).toBe(3);
    expect(dependencyRisk({ ...pii, criticality: 1 }).impact).toBe(4);
    expect(dependencyRisk({ ...pii, criticality: 4 }).impact).toBe(2);
    expect(dependencyRisk({ ...pii, criticality: 3, calls: 2_000_000 }).impact).toBe(4);
  });

  it("bands follow the 5 × 5 matrix", () => {
    expect([bandOf(1, 4), bandOf(1, 5), bandOf(3, 3), bandOf(2, 5), bandOf(4, 4), bandOf(4, 5), bandOf(5, 5)]).toEqual(["low", "medium", "medium", "high", "high", "critical", "critical"]);
    for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) expect(bandOfRisk(4 * l * i)).toBe(bandOf(l, i));
  });

  it("property: a worse provider never lowers risk", () => {
    fc.assert(
      fc.property(depArb, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (d, a, b) => {
        const [better, worse] = a >= b ? [a, b] : [b, a];
        const input = toInput(d);
        expect(dependencyRisk({ ...input, grade: gradeOf(worse) }).risk).toBeGreaterThanOrEqual(dependencyRisk({ ...input, grade: gradeOf(better) }).risk);
      }),
    );
  });

  it("property: more sensitive data, a more critical application or more calls never lower risk", () => {
    fc.assert(
      fc.property(depArb, fc.constantFrom("email", "card_number", "jwt", "health_record"), fc.integer({ min: 0, max: 5_000_000 }), (d, extra, more) => {
        const input = toInput(d);
        const r = dependencyRisk(input).risk;
        expect(dependencyRisk({ ...input, observedClasses: [...input.observedClasses, extra] }).risk).toBeGreaterThanOrEqual(r);
        expect(dependencyRisk({ ...input, criticality: Math.max(1, input.criticality - 1) }).risk).toBeGreaterThanOrEqual(r);
        expect(dependencyRisk({ ...input, calls: input.calls + more }).risk).toBeGreaterThanOrEqual(r);
      }),
    );
  });

  it("property: adding a dependency never lowers an application's risk, which is its worst dependency's", () => {
    fc.assert(
      fc.property(fc.array(depArb, { maxLength: 12 }), depArb, (deps, extra) => {
        const risks = deps.map((d) => dependencyRisk(toInput(d)).risk);
        const app = applicationRisk(risks);
        expect(applicationRisk([...risks, dependencyRisk(toInput(extra)).risk])).toBeGreaterThanOrEqual(app);
        expect(app).toBe(risks.length ? Math.max(...risks) : 0);
      }),
    );
  });

  it("property: deterministic, within 0–100, and its band matches its cell", () => {
    fc.assert(
      fc.property(depArb, (d) => {
        const r = dependencyRisk(toInput(d));
        expect(dependencyRisk(toInput(d))).toEqual(r);
        expect(r.risk).toBe(4 * r.likelihood * r.impact);
        expect(r.risk).toBeGreaterThanOrEqual(4);
        expect(r.risk).toBeLessThanOrEqual(100);
        expect(r.band).toBe(bandOf(r.likelihood, r.impact));
      }),
    );
  });

  it("counts dependencies per heat-map cell", () => {
    const cells = heatMap([{ likelihood: 4, impact: 5 }, { likelihood: 4, impact: 5 }, { likelihood: 1, impact: 1 }]);
    expect(cells[3][4]).toBe(2);
    expect(cells[0][0]).toBe(1);
    expect(cells.flat().reduce((a, b) => a + b, 0)).toBe(3);
  });

  it("matches the golden scenarios", () => {
    const scenarios: Record<string, DependencyRiskInput> = {
      "tier-1 PCI billing on a grade-D gateway, nothing observed": { ...base, grade: "D", declaredClasses: ["pci"], criticality: 1 },
      "tier-1 payouts sending card numbers to a grade-B error tracker": { ...base, observedClasses: ["card_number"], criticality: 1 },
      "tier-2 app sending JWTs to a grade-F provider": { ...base, grade: "F", observedClasses: ["jwt"] },
      "tier-3 app, emails to a grade-A provider": { ...base, grade: "A", observedClasses: ["email"], criticality: 3 },
      "tier-3 app, nothing sensitive, ungraded provider": { ...base, grade: null, confidence: 0.3, criticality: 3 },
      "tier-4 admin tool, internal data, grade C, 5M calls": { ...base, grade: "C", declaredClasses: ["internal"], criticality: 4, calls: 5_000_000 },
      "tier-1 health app narrowed to internal on a grade-B provider": { ...base, declaredClasses: ["phi"], narrowedClasses: ["internal"], criticality: 1 },
      "tier-2 app, grade A on thin evidence, credentials declared": { ...base, grade: "A", confidence: 0.55, declaredClasses: ["credentials"] },
    };
    const actual = Object.fromEntries(Object.entries(scenarios).map(([name, input]) => {
      const r = dependencyRisk(input);
      return [name, `L${r.likelihood} × I${r.impact} = ${r.risk} ${r.band} (${r.likelihoodReason}; ${r.impactReasons.join("; ")})`];
    }));
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(GOLDEN, JSON.stringify(actual, null, 2) + "\n");
    expect(actual).toEqual(JSON.parse(fs.readFileSync(GOLDEN, "utf8")));
  });
});
