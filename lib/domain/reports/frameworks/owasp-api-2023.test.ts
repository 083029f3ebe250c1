import { describe, expect, it } from "vitest";
import type { ReportEvidence } from "../evidence";
import { buildEvidence, buildFinding, buildProvider, buildProviders } from "../test-evidence";
import { owaspApi2023 } from "./owasp-api-2023";

const byId = (ev: ReportEvidence, id: string) => {
  const c = owaspApi2023.assess(ev).controls.find((x) => x.id === id);
  if (!c) throw new Error(`no ${id}`);
  return c;
};

describe("OWASP API Security Top 10 (2023)", () => {
  it("writes ids like API9:2023, API1 to API10 in order", () => {
    expect(owaspApi2023.assess(buildEvidence()).controls.map((c) => c.id)).toEqual(Array.from({ length: 10 }, (_, i) => `API${i + 1}:2023`));
  });

  it("never supports runtime authorization categories from spec checks alone", () => {
    for (const id of ["API1:2023", "API5:2023"]) {
      const c = byId(buildEvidence(), id);
      expect(c.status).toBe("partially_supported");
      expect(c.gaps[0]).toContain("Only design checks of specs");
      expect(c.gaps[0]).toContain("runtime");
    }
    expect(byId(buildEvidence({ lint: [{ owasp: "API1", apis: 2, findings: 3, errors: 1, warnings: 2 }] }), "API1:2023").status).toBe("not_supported");
    expect(byId(buildEvidence({ inventory: { ...buildEvidence().inventory, specs: 0 } }), "API5:2023").status).toBe("not_supported");
  });

  it("says honestly that API6 is not checked at all", () => {
    const c = byId(buildEvidence(), "API6:2023");
    expect(c.status).toBe("not_supported");
    expect(c.rule).toContain("no check for sensitive business flows");
  });

  it("API8 flips on open findings and lint by severity", () => {
    expect(byId(buildEvidence(), "API8:2023").status).toBe("supported");
    expect(byId(buildEvidence({ openFindings: [buildFinding({ severity: "medium" })] }), "API8:2023").status).toBe("partially_supported");
    const high = byId(buildEvidence({ openFindings: [buildFinding({ severity: "high" })] }), "API8:2023");
    expect(high.status).toBe("not_supported");
    expect(high.rule).toContain("1 open finding (1 critical or high)");
    expect(byId(buildEvidence({ lint: [{ owasp: "API8:2023", apis: 1, findings: 1, errors: 0, warnings: 1 }] }), "API8:2023").status).toBe("partially_supported");
  });

  it("says 'at least' when the gatherer truncated the findings", () => {
    const c = byId(buildEvidence({ openFindings: [buildFinding({ owasp: "API2", severity: "low" })], findingsTruncated: 40 }), "API2:2023");
    expect(c.rule).toContain("at least 1 open finding");
  });

  it("API9 reads the inventory: 10 % shadow/zombie/orphan is the partial limit", () => {
    const inv = buildEvidence().inventory;
    expect(byId(buildEvidence(), "API9:2023").status).toBe("supported");
    const partial = byId(buildEvidence({ inventory: { ...inv, endpoints: 40, shadow: 2, zombie: 1, orphan: 1 } }), "API9:2023");
    expect(partial.status).toBe("partially_supported");
    expect(partial.rule).toContain("2 shadow, 1 zombie, 1 orphan of 40 endpoints (10 %)");
    expect(byId(buildEvidence({ inventory: { ...inv, endpoints: 40, shadow: 5 } }), "API9:2023").status).toBe("not_supported");
    expect(byId(buildEvidence({ inventory: { ...inv, endpoints: 0, internalApis: 0, specs: 0, documented: 0 } }), "API9:2023").status).toBe("not_supported");
  });

  it("API10 reads the third-party register", () => {
    expect(byId(buildEvidence({ register: buildProviders(10) }), "API10:2023").status).toBe("supported");
    expect(byId(buildEvidence({ register: buildProviders(10, (i) => (i === 0 ? { grade: "D" } : {})) }), "API10:2023").status).toBe("partially_supported");
    const kev = byId(buildEvidence({ register: [buildProvider({ kevInSdk: true })] }), "API10:2023");
    expect(kev.status).toBe("not_supported");
    expect(kev.gaps.join(" ")).toContain("KEV in SDK: Stripe");
    const expired = byId(
      buildEvidence({ register: buildProviders(4, (i) => (i === 0 ? { attestations: [{ kind: "iso27001", issuedOn: null, expiresOn: "2026-01-01", expired: true }] } : {})) }),
      "API10:2023",
    );
    expect(expired.status).toBe("not_supported");
    expect(expired.rule).toContain("1 with an expired attestation");
  });
});
