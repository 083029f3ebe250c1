import { describe, expect, it } from "vitest";
import { buildDemoOrganisation } from "./organisation";

describe("demo organisation", () => {
  it("has 8 teams and 40 applications with varied criticality and data classes", () => {
    const org = buildDemoOrganisation(1);
    expect(org.teams).toHaveLength(8);
    expect(org.applications).toHaveLength(40);
    expect(new Set(org.applications.map((a) => a.criticality))).toEqual(new Set([1, 2, 3, 4]));
    expect(new Set(org.applications.flatMap((a) => a.dataClasses))).toEqual(new Set(["internal", "pii", "pci", "phi", "credentials"]));
    expect(org.applications.every((a) => a.dependencies.length >= 2)).toBe(true);
    expect(new Set(org.applications.map((a) => a.slug)).size).toBe(40);
  });

  it("is deterministic and scales", () => {
    expect(buildDemoOrganisation(1)).toEqual(buildDemoOrganisation(1));
    const big = buildDemoOrganisation(3);
    expect(big.applications).toHaveLength(120);
    expect(new Set(big.applications.map((a) => a.slug)).size).toBe(120);
    expect(big.applications.slice(0, 40)).toEqual(buildDemoOrganisation(1).applications);
  });

  it("keeps only providers that exist when told which do", () => {
    const org = buildDemoOrganisation(1, new Set(["stripe", "datadog"]));
    for (const a of org.applications) for (const d of a.dependencies) expect(["stripe", "datadog"]).toContain(d.providerSlug);
  });
});
