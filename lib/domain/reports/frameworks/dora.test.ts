import { describe, expect, it } from "vitest";
import type { ReportEvidence } from "../evidence";
import { buildApplication, buildEvidence, buildProvider } from "../test-evidence";
import { B_05_01_COLUMNS, B_06_01_COLUMNS, B_07_01_COLUMNS, dora, doraCsv, doraRegister } from "./dora";

const byId = (ev: ReportEvidence, id: string) => {
  const c = dora.assess(ev).controls.find((x) => x.id === id);
  if (!c) throw new Error(`no ${id}`);
  return c;
};
const codes = (n: number) => Array.from({ length: n }, (_, i) => `c${String((i + 1) * 10).padStart(4, "0")}`);

describe("DORA register of information", () => {
  it("writes the template codes as control ids", () => {
    expect(dora.assess(buildEvidence()).controls.map((c) => c.id)).toEqual(["B_05.01", "B_06.01", "B_07.01"]);
  });

  it("uses the Annex I column codes c0010… in order", () => {
    expect(B_05_01_COLUMNS.map((c) => c.code)).toEqual(codes(12));
    expect(B_06_01_COLUMNS.map((c) => c.code)).toEqual(codes(10));
    expect(B_07_01_COLUMNS.map((c) => c.code)).toEqual(codes(12));
    expect(B_05_01_COLUMNS[0].name).toBe("Identification code of the ICT third-party service provider");
    expect(B_06_01_COLUMNS[2].name).toBe("Function name");
    expect(B_07_01_COLUMNS[6].name).toBe("Date of the last audit on the ICT third-party service provider");
  });

  it("fills only what Sibyl knows and lists every unfilled column as a gap", () => {
    const [providers] = doraRegister(buildEvidence());
    expect(providers.rows).toEqual([{ ...Object.fromEntries(codes(12).map((c) => [c, null])), c0060: "Stripe" }]);
    expect(providers.keys).toEqual(["stripe"]);
    const c = byId(buildEvidence(), "B_05.01");
    expect(c.status).toBe("partially_supported");
    expect(c.rule).toContain("Sibyl fills 1 of 12 columns (c0060) for 1 provider");
    const gapCodes = c.gaps.map((g) => g.split(" ")[0]);
    expect(gapCodes).toEqual(codes(12).filter((x) => x !== "c0060"));
    expect(c.gaps[0]).toContain("LEI");
  });

  it("B_06.01: one row per application; tier 1 is critical or important, other tiers are left to the entity", () => {
    const ev = buildEvidence({ applications: [buildApplication({ slug: "pay", name: "Payments", criticality: 1 }), buildApplication({ slug: "wiki", name: "Wiki", criticality: 3 })] });
    const [, functions] = doraRegister(ev);
    expect(functions.keys).toEqual(["pay", "wiki"]);
    expect(functions.rows.map((r) => [r.c0030, r.c0050])).toEqual([
      ["Payments", "Yes"],
      ["Wiki", null],
    ]);
    const c = byId(ev, "B_06.01");
    expect(c.status).toBe("partially_supported");
    expect(c.gaps.some((g) => g.startsWith("c0050") && g.includes("empty for 1 of 2 rows"))).toBe(true);
    expect(c.gaps.map((g) => g.split(" ")[0])).toEqual(expect.arrayContaining(["c0010", "c0020", "c0040", "c0070", "c0080", "c0090", "c0100"]));
  });

  it("B_07.01 covers providers supporting a tier-1 application; not applicable without one", () => {
    expect(byId(buildEvidence(), "B_07.01").status).toBe("not_applicable");
    const ev = buildEvidence({ register: [buildProvider({ supportsCriticalApplication: true }), buildProvider({ providerSlug: "mailer" })] });
    const [, , assessments] = doraRegister(ev);
    expect(assessments.keys).toEqual(["stripe"]);
    const c = byId(ev, "B_07.01");
    expect(c.status).toBe("not_supported");
    expect(c.gaps.map((g) => g.split(" ")[0])).toEqual(codes(12));
    expect(c.evidence.join(" ")).toContain("not an audit");
  });

  it("writes CSV with the column codes as header and empty cells for nulls", () => {
    const [providers] = doraRegister(buildEvidence());
    expect(doraCsv(providers)).toBe(`${codes(12).join(",")}\r\n,,,,,Stripe,,,,,,\r\n`);
    expect(doraCsv(providers, { withKey: true }).split("\r\n")[0]).toBe(`sibyl_key,${codes(12).join(",")}`);
  });

  it("keeps hostile names literal and neutralises spreadsheet formulas", () => {
    const ev = buildEvidence({
      register: [
        buildProvider({ providerSlug: "evil", providerName: '=HYPERLINK("http://x.example","click")' }),
        buildProvider({ providerSlug: "xss", providerName: "<script>alert(1)</script>" }),
        buildProvider({ providerSlug: "tab", providerName: "\t+1" }),
      ],
    });
    const csv = doraCsv(doraRegister(ev)[0]);
    expect(csv).toContain(`"'=HYPERLINK(""http://x.example"",""click"")"`);
    expect(csv).toContain(",<script>alert(1)</script>,");
    expect(csv).toContain(",'\t+1,");
  });
});
