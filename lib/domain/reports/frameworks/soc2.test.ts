import { describe, expect, it } from "vitest";
import type { ReportEvidence } from "../evidence";
import { buildEvidence, buildProvider, buildProviders, daysAgo } from "../test-evidence";
import { soc2 } from "./soc2";

const byId = (ev: ReportEvidence, id: string) => {
  const c = soc2.assess(ev).controls.find((x) => x.id === id);
  if (!c) throw new Error(`no ${id}`);
  return c;
};

describe("SOC 2", () => {
  it("writes CC9.2, CC3.4 and CC7.1", () => {
    expect(soc2.assess(buildEvidence()).controls.map((c) => c.id)).toEqual(["CC9.2", "CC3.4", "CC7.1"]);
  });

  it("CC9.2 flips at the coverage thresholds", () => {
    expect(byId(buildEvidence({ register: buildProviders(10) }), "CC9.2").status).toBe("supported");
    const two = byId(buildEvidence({ register: buildProviders(10, (i) => (i < 2 ? { grade: "F" } : {})) }), "CC9.2");
    expect(two.status).toBe("partially_supported");
    expect(two.rule).toContain("2 of 10 are not");
    expect(byId(buildEvidence({ register: buildProviders(10, (i) => (i < 3 ? { assessedAt: daysAgo(90) } : {})) }), "CC9.2").status).toBe("not_supported");
  });

  it("CC3.4 is at most partial and not supported when a provider new in the period is ungraded", () => {
    const c = byId(buildEvidence(), "CC3.4");
    expect(c.status).toBe("partially_supported");
    expect(c.gaps.join(" ")).toContain("no grade history");
    const fresh = byId(buildEvidence({ register: [buildProvider({ firstSeenAt: "2026-06-10T00:00:00.000Z", grade: null })] }), "CC3.4");
    expect(fresh.status).toBe("not_supported");
    expect(fresh.rule).toContain("1 new provider, 1 of them ungraded");
  });

  it("CC7.1 needs fresh sources and a recent rescore", () => {
    expect(byId(buildEvidence(), "CC7.1").status).toBe("partially_supported");
    const ev = buildEvidence();
    const stale = byId({ ...ev, methodology: { ...ev.methodology, lastRescoreAt: daysAgo(40) } }, "CC7.1");
    expect(stale.status).toBe("not_supported");
    expect(stale.rule).toContain("last rescore 40 days ago");
    const failed = byId({ ...ev, methodology: { ...ev.methodology, sources: [{ kind: "sbom", name: "ci", lastRunAt: daysAgo(1), status: "failed" }] } }, "CC7.1");
    expect(failed.status).toBe("not_supported");
  });
});
