import { describe, expect, it } from "vitest";
import type { ReportEvidence } from "../evidence";
import { buildApplication, buildEvidence, buildFinding, buildProviders, daysAgo } from "../test-evidence";
import { NO_CONTRACT_GAP } from "./common";
import { nistCsf2 } from "./nist-csf-2";

const byId = (ev: ReportEvidence, id: string) => {
  const c = nistCsf2.assess(ev).controls.find((x) => x.id === id);
  if (!c) throw new Error(`no ${id}`);
  return c;
};

describe("NIST CSF 2.0 GV.SC", () => {
  it("writes all ten outcomes, GV.SC-01 to GV.SC-10", () => {
    expect(nistCsf2.assess(buildEvidence()).controls.map((c) => c.id)).toEqual(Array.from({ length: 10 }, (_, i) => `GV.SC-${String(i + 1).padStart(2, "0")}`));
  });

  it("does not claim what Sibyl cannot hold (-01, -05, -08, -10)", () => {
    for (const id of ["GV.SC-01", "GV.SC-05", "GV.SC-08", "GV.SC-10"]) expect(byId(buildEvidence(), id).status).toBe("not_supported");
    expect(byId(buildEvidence(), "GV.SC-05").gaps).toContain(NO_CONTRACT_GAP);
  });

  it("GV.SC-04 needs a grade and a risk band for every provider", () => {
    expect(byId(buildEvidence({ register: buildProviders(5) }), "GV.SC-04").status).toBe("supported");
    const c = byId(buildEvidence({ register: buildProviders(5, (i) => (i === 0 ? { band: null } : {})) }), "GV.SC-04");
    expect(c.status).toBe("partially_supported");
    expect(c.rule).toContain("1 of 5 lack one");
  });

  it("GV.SC-07 counts stale providers and providers with a finding past SLA", () => {
    expect(byId(buildEvidence({ register: buildProviders(5) }), "GV.SC-07").status).toBe("supported");
    const late = byId(buildEvidence({ register: buildProviders(5), openFindings: [buildFinding({ providerSlug: "p01", pastSla: true })] }), "GV.SC-07");
    expect(late.status).toBe("partially_supported");
    expect(late.rule).toContain("1 of 5 do not");
    expect(byId(buildEvidence({ register: buildProviders(5, (i) => (i < 2 ? { assessedAt: daysAgo(60) } : {})) }), "GV.SC-07").status).toBe("not_supported");
  });

  it("GV.SC-06 never claims due diligence happened before the relationship", () => {
    expect(byId(buildEvidence(), "GV.SC-06").status).toBe("partially_supported");
    expect(byId(buildEvidence({ register: buildProviders(2, () => ({ confidence: 0.5 })) }), "GV.SC-06").status).toBe("not_supported");
  });

  it("GV.SC-09 fails on an expired attestation or KEV", () => {
    expect(byId(buildEvidence({ register: buildProviders(1, () => ({ kevInSdk: true })) }), "GV.SC-09").status).toBe("not_supported");
  });

  it("GV.SC-02 needs owning teams and assignees", () => {
    expect(byId(buildEvidence(), "GV.SC-02").status).toBe("partially_supported");
    expect(byId(buildEvidence({ applications: [buildApplication({ team: null })] }), "GV.SC-02").status).toBe("not_supported");
    expect(byId(buildEvidence({ openFindings: [buildFinding({ severity: "critical", assignee: null })] }), "GV.SC-02").status).toBe("not_supported");
  });
});
