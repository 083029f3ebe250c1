import { describe, expect, it } from "vitest";
import { buildApplication, buildDependency, buildEvidence, buildProvider, buildProviders, daysAgo } from "../test-evidence";
import { ASSESSMENT_MAX_AGE_DAYS, NO_CONTRACT_GAP } from "./common";
import { iso27001 } from "./iso27001";

const byId = (ev: ReturnType<typeof buildEvidence>, id: string) => {
  const c = iso27001.assess(ev).controls.find((x) => x.id === id);
  if (!c) throw new Error(`no ${id}`);
  return c;
};

describe("ISO/IEC 27001:2022 Annex A", () => {
  it("writes the control ids as the standard does, once each", () => {
    expect(iso27001.assess(buildEvidence()).controls.map((c) => c.id)).toEqual(["A.5.19", "A.5.20", "A.5.21", "A.5.22", "A.5.23", "A.8.30"]);
  });

  describe("A.5.22 monitoring", () => {
    it("is supported when every provider was assessed within 30 days", () => {
      const c = byId(buildEvidence({ register: buildProviders(41) }), "A.5.22");
      expect(c.status).toBe("supported");
      expect(c.rule).toContain("0 of 41 were not");
      expect(c.gaps).toEqual([]);
    });

    it("is partially supported with 3 of 41 stale, and says so with the figures", () => {
      const c = byId(buildEvidence({ register: buildProviders(41, (i) => (i < 3 ? { assessedAt: daysAgo(45) } : {})) }), "A.5.22");
      expect(c.status).toBe("partially_supported");
      expect(c.rule).toBe("A.5.22 monitoring: supported when every provider in use was assessed within 30 days (partially when at least 80 % do); 3 of 41 were not");
      expect(c.gaps[0]).toContain("Provider p01, Provider p02, Provider p03");
    });

    it("flips to not supported below 80 % (8 of 40 stale is partial, 9 is not)", () => {
      const stale = (n: number) => buildEvidence({ register: buildProviders(40, (i) => (i < n ? { assessedAt: null } : {})) });
      expect(byId(stale(8), "A.5.22").status).toBe("partially_supported");
      expect(byId(stale(9), "A.5.22").status).toBe("not_supported");
    });

    it("counts exactly 30 days as fresh and 31 as stale, from generatedAt", () => {
      expect(byId(buildEvidence({ register: [buildProvider({ assessedAt: daysAgo(ASSESSMENT_MAX_AGE_DAYS) })] }), "A.5.22").status).toBe("supported");
      expect(byId(buildEvidence({ register: [buildProvider({ assessedAt: daysAgo(ASSESSMENT_MAX_AGE_DAYS + 1) })] }), "A.5.22").status).toBe("not_supported");
    });

    it("does not count an empty register as support", () => {
      const c = byId(buildEvidence({ register: [] }), "A.5.22");
      expect(c.status).toBe("not_supported");
      expect(c.gaps[0]).toContain("observed no provider");
    });
  });

  it("A.5.19 needs a grade for every provider in use", () => {
    expect(byId(buildEvidence({ register: buildProviders(10) }), "A.5.19").status).toBe("supported");
    const c = byId(buildEvidence({ register: buildProviders(10, (i) => (i < 2 ? { grade: null } : {})) }), "A.5.19");
    expect(c.status).toBe("partially_supported");
    expect(c.rule).toContain("2 of 10 have no grade");
  });

  it("A.5.20 is never supported: Sibyl holds no agreements", () => {
    const c = byId(buildEvidence({ register: buildProviders(5) }), "A.5.20");
    expect(c.status).toBe("partially_supported");
    expect(c.gaps).toContain(NO_CONTRACT_GAP);
    const none = byId(buildEvidence({ register: buildProviders(5, () => ({ attestations: [] })) }), "A.5.20");
    expect(none.status).toBe("not_supported");
    expect(none.rule).toContain("0 of 5 have one");
  });

  it("A.5.21 needs SBOM evidence for every application and no KEV in an SDK", () => {
    expect(byId(buildEvidence(), "A.5.21").status).toBe("supported");
    const noSbom = buildEvidence({
      applications: [buildApplication(), buildApplication({ slug: "ledger", name: "Ledger" })],
      dependencies: [buildDependency(), buildDependency({ applicationSlug: "ledger", sources: ["traffic"] })],
    });
    const c = byId(noSbom, "A.5.21");
    expect(c.status).toBe("not_supported");
    expect(c.rule).toContain("1 of 2 applications have SBOM evidence");
    expect(byId(buildEvidence({ register: [buildProvider({ kevInSdk: true })] }), "A.5.21").status).toBe("not_supported");
  });

  it("A.5.23 is not applicable without cloud providers and at most partial with them", () => {
    const none = byId(buildEvidence(), "A.5.23");
    expect(none.status).toBe("not_applicable");
    expect(none.rule).toContain("cloud, cloud-storage, database");
    const cloud = byId(buildEvidence({ register: [buildProvider({ providerSlug: "aws", category: "cloud" })] }), "A.5.23");
    expect(cloud.status).toBe("partially_supported");
    expect(cloud.gaps.join(" ")).toContain("exit strategy");
    expect(byId(buildEvidence({ register: [buildProvider({ providerSlug: "aws", category: "cloud", grade: "F" })] }), "A.5.23").status).toBe("not_supported");
  });

  it("A.8.30 is not supported when an SDK in use has a KEV", () => {
    expect(byId(buildEvidence(), "A.8.30").status).toBe("partially_supported");
    expect(byId(buildEvidence({ register: [buildProvider({ kevInSdk: true })] }), "A.8.30").status).toBe("not_supported");
  });
});
