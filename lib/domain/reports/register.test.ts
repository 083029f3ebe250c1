import { describe, expect, it } from "vitest";
import { iso27001 } from "./frameworks/iso27001";
import { CONTROL_COLUMNS, REGISTER_COLUMNS, controlRows, registerRows, toCsv } from "./register";
import { buildEvidence, buildProvider, daysAgo } from "./test-evidence";

describe("register export rows", () => {
  const evidence = buildEvidence({
    register: [
      buildProvider({ providerSlug: "low", providerName: "Low", contextualRisk: 8, band: "low" }),
      buildProvider({
        providerSlug: "hot",
        providerName: "Hot",
        contextualRisk: 80,
        band: "critical",
        grade: "F",
        dataClasses: ["pii", "card_number"],
        attestations: [{ kind: "pci_dss_aoc", issuedOn: null, expiresOn: "2026-01-01", expired: true }],
        assessedAt: daysAgo(3),
      }),
      buildProvider({ providerSlug: "new", providerName: "New", contextualRisk: null, band: null, grade: null }),
    ],
  });

  it("flattens the register riskiest first with every column", () => {
    const rows = registerRows(evidence);
    expect(rows.map((r) => r.providerSlug)).toEqual(["hot", "low", "new"]);
    expect(rows[0]).toMatchObject({
      provider: "Hot",
      grade: "F",
      band: "critical",
      contextualRisk: 80,
      dataClasses: "card_number; pii",
      attestations: "pci_dss_aoc (expires 2026-01-01, expired)",
      expiredAttestations: 1,
      assessedAt: daysAgo(3),
    });
    for (const c of REGISTER_COLUMNS) expect(rows[0]).toHaveProperty(c.key);
  });

  it("flattens a control table in the framework's order", () => {
    const rows = controlRows(iso27001.assess(evidence));
    expect(rows.map((r) => r.control)).toEqual(["A.5.19", "A.5.20", "A.5.21", "A.5.22", "A.5.23", "A.8.30"]);
    expect(rows[0]).toMatchObject({ framework: "iso27001", status: "not_supported", statusLabel: "Not supported" });
    expect(rows[0].rule).toContain("1 of 3 has no grade");
  });

  it("writes CSV through the shared helper: headers, quoting, formulas neutralised, markup literal", () => {
    const hostile = buildEvidence({
      register: [
        buildProvider({ providerSlug: "a", providerName: '=HYPERLINK("http://evil.example","x")', contextualRisk: 90 }),
        buildProvider({ providerSlug: "b", providerName: "<script>alert('x')</script>", contextualRisk: 10 }),
      ],
    });
    const csv = toCsv(registerRows(hostile), REGISTER_COLUMNS);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(REGISTER_COLUMNS.map((c) => c.header).join(","));
    expect(lines[1].startsWith(`"'=HYPERLINK(""http://evil.example"",""x"")",a,`)).toBe(true);
    expect(lines[2].startsWith("<script>alert('x')</script>,b,")).toBe(true);
    const controls = toCsv(controlRows(iso27001.assess(hostile)), CONTROL_COLUMNS);
    expect(controls.split("\r\n")[0]).toBe("Framework,Control,Title,Status,Rule,Evidence,Gaps");
    expect(controls).toContain("iso27001,A.5.19,");
  });
});
