import { describe, expect, it } from "vitest";
import type { ReportEvidence } from "../evidence";
import { buildApplication, buildEvidence, buildProvider, daysAgo } from "../test-evidence";
import { NO_CONTRACT_GAP } from "./common";
import { pciDss4 } from "./pci-dss-4";

const IDS = ["12.8.1", "12.8.2", "12.8.3", "12.8.4", "12.8.5"];
const aoc = { kind: "pci_dss_aoc" as const, issuedOn: "2026-02-01", expiresOn: "2027-02-01", expired: false };
const paymentEvidence = (overrides: Partial<ReportEvidence> = {}) =>
  buildEvidence({
    applications: [buildApplication({ dataClasses: ["pci", "pii"] })],
    register: [buildProvider({ sendsPaymentData: true, attestations: [aoc] }), buildProvider({ providerSlug: "mailer", category: "email" })],
    ...overrides,
  });
const byId = (ev: ReportEvidence, id: string) => {
  const c = pciDss4.assess(ev).controls.find((x) => x.id === id);
  if (!c) throw new Error(`no ${id}`);
  return c;
};

describe("PCI DSS v4.0 12.8", () => {
  it("is not applicable when nothing in scope sends payment data", () => {
    const a = pciDss4.assess(buildEvidence());
    expect(a.controls.map((c) => c.id)).toEqual(IDS);
    for (const c of a.controls) {
      expect(c.status).toBe("not_applicable");
      expect(c.rule).toContain("no application in scope declares pci data and no provider receives payment data");
    }
  });

  it("applies when a provider receives payment data even if no application declares pci", () => {
    const ev = buildEvidence({ register: [buildProvider({ sendsPaymentData: true, attestations: [aoc] })] });
    expect(byId(ev, "12.8.1").status).toBe("supported");
  });

  it("lists the TPSPs receiving payment data (12.8.1) and no others", () => {
    const c = byId(paymentEvidence(), "12.8.1");
    expect(c.status).toBe("supported");
    expect(c.evidence.join(" ")).toContain("Stripe (payments)");
    expect(c.evidence.join(" ")).not.toContain("Mailer");
  });

  it("holds no agreements or responsibility matrix (12.8.2, 12.8.5)", () => {
    expect(byId(paymentEvidence(), "12.8.2").status).toBe("not_supported");
    expect(byId(paymentEvidence(), "12.8.2").gaps).toContain(NO_CONTRACT_GAP);
    expect(byId(paymentEvidence(), "12.8.5").status).toBe("not_supported");
  });

  it("12.8.4 needs an unexpired AoC and an assessment within 12 months", () => {
    expect(byId(paymentEvidence(), "12.8.4").status).toBe("supported");
    const expired = byId(paymentEvidence({ register: [buildProvider({ sendsPaymentData: true, attestations: [{ ...aoc, expired: true }] })] }), "12.8.4");
    expect(expired.status).toBe("not_supported");
    expect(expired.rule).toContain("1 of 1 do not");
    expect(byId(paymentEvidence({ register: [buildProvider({ sendsPaymentData: true, attestations: [aoc], assessedAt: daysAgo(365) })] }), "12.8.4").status).toBe("supported");
    expect(byId(paymentEvidence({ register: [buildProvider({ sendsPaymentData: true, attestations: [aoc], assessedAt: daysAgo(366) })] }), "12.8.4").status).toBe("not_supported");
  });

  it("12.8.3 is at most partial (due diligence before engagement is not observable)", () => {
    expect(byId(paymentEvidence(), "12.8.3").status).toBe("partially_supported");
  });
});
