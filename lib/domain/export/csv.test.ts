import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

describe("csv export", () => {
  it("quotes separators, quotes and newlines", () => {
    expect(csvCell('a "b", c')).toBe('"a ""b"", c"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(["pii", "pci"])).toBe("pii; pci");
  });

  it("defuses spreadsheet formulas", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe("\"'=HYPERLINK(\"\"http://x\"\")\"");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("-2")).toBe("'-2");
  });

  it("writes a header and one line per row", () => {
    const csv = toCsv([{ n: "A", x: 1 }, { n: "B", x: 2 }], [{ header: "Name", value: (r) => r.n }, { header: "X", value: (r) => r.x }]);
    expect(csv).toBe("Name,X\r\nA,1\r\nB,2\r\n");
  });
});
