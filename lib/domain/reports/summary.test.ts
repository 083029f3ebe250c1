import { describe, expect, it } from "vitest";
import { buildEvidence, buildProvider } from "./test-evidence";
import { assessFramework } from "./frameworks";
import { countGrades, executiveSummary } from "./summary";

describe("executive summary", () => {
  it("counts grades the way the Overview does, ungraded apart", () => {
    expect(countGrades([{ grade: "A", n: 2 }, { grade: null, n: 3 }, { grade: "F" }, { grade: "Z", n: 1 }])).toEqual({ A: 2, B: 0, C: 0, D: 0, F: 1, none: 4 });
  });

  it("says the figures it draws: grades, the riskiest dependencies, open findings and past SLA", () => {
    const evidence = buildEvidence({ register: [buildProvider({ providerSlug: "a", grade: "D" }), buildProvider({ providerSlug: "b", grade: null, score: null }), buildProvider({ providerSlug: "c", grade: "A" })] });
    evidence.findingCounts.openBySeverity.critical = 1;
    evidence.findingCounts.openBySeverity.high = 12;
    evidence.findingCounts.pastSlaBySeverity.high = 2;
    evidence.trend = [{ day: "2026-06-01", risk: 40, worst: 80 }, { day: "2026-06-30", risk: 35.5, worst: 80 }];
    const summary = executiveSummary(evidence, assessFramework("iso27001", evidence));
    expect(summary.gradeDistribution).toEqual([
      { grade: "A", providers: 1 },
      { grade: "B", providers: 0 },
      { grade: "C", providers: 0 },
      { grade: "D", providers: 1 },
      { grade: "F", providers: 0 },
      { grade: "Ungraded", providers: 1 },
    ]);
    expect(summary.riskChange).toBe(-4.5);
    expect(summary.highlights).toContain("Portfolio risk is 35.5 of 100, down 4.5 points over the period.");
    expect(summary.highlights).toContain("3 third-party providers in use: 1 graded D or F, 1 ungraded.");
    expect(summary.highlights).toContain("1 critical finding and 12 high findings open; 2 findings past SLA.");
    expect(summary.riskiest.length).toBeLessThanOrEqual(5);
  });
});
