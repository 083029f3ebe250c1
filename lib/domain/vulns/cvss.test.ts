import { describe, expect, it } from "vitest";
import { cvssSeverity, parseCvssVector } from "./cvss";

describe("parseCvssVector", () => {
  it("scores CVSS 3.1 vectors with their published base scores", () => {
    expect(parseCvssVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")).toEqual({
      version: "3.1",
      baseScore: 9.8,
      severity: "critical",
      vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
    });
    // Log4Shell as NVD scores it.
    expect(parseCvssVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")?.baseScore).toBe(10);
    // The v3.1 specification's example vector.
    expect(parseCvssVector("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L")).toMatchObject({ baseScore: 5.6, severity: "medium" });
  });

  it("scores CVSS 3.0 vectors as the npm advisories carry them", () => {
    expect(parseCvssVector("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:L/I:L/A:N")).toMatchObject({ version: "3.0", baseScore: 6.5, severity: "medium" });
    expect(parseCvssVector("CVSS:3.0/AV:L/AC:H/PR:H/UI:R/S:U/C:N/I:N/A:L")).toMatchObject({ baseScore: 1.8, severity: "low" });
  });

  it("scores CVSS 4.0 vectors (CVSS-B)", () => {
    // The example vector of the v4.0 specification (section 7) and of the OSV schema; published
    // with a base score of 5.1, e.g. for CVE-2025-27397.
    expect(parseCvssVector("CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N")).toEqual({
      version: "4.0",
      baseScore: 5.1,
      severity: "medium",
      vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:H/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N",
    });
    expect(parseCvssVector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")).toMatchObject({ baseScore: 9.3, severity: "critical" });
    expect(parseCvssVector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N")?.baseScore).toBe(8.7);
  });

  it("keeps the base score of a v4.0 vector with threat metrics (the library's `base` would be CVSS-BT)", () => {
    expect(parseCvssVector("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U")?.baseScore).toBe(9.3);
  });

  it("keeps the base score of a v3.1 vector with temporal metrics", () => {
    expect(parseCvssVector("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:U/RL:O/RC:C")?.baseScore).toBe(9.8);
  });

  it("scores CVSS 2.0 vectors, bare, prefixed or in NVD's parentheses, with NVD's v2 bands", () => {
    expect(parseCvssVector("AV:N/AC:L/Au:N/C:P/I:P/A:P")).toMatchObject({ version: "2.0", baseScore: 7.5, severity: "high" });
    expect(parseCvssVector("(AV:N/AC:L/Au:N/C:P/I:P/A:P)")).toMatchObject({ baseScore: 7.5, vector: "AV:N/AC:L/Au:N/C:P/I:P/A:P" });
    expect(parseCvssVector("CVSS:2.0/AV:N/AC:L/Au:N/C:C/I:C/A:C")).toMatchObject({ baseScore: 10, severity: "high" });
  });

  it("tolerates surrounding whitespace (the library alone would score ' CVSS:3.1/…' as v3.0)", () => {
    expect(parseCvssVector("  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\n")).toMatchObject({ version: "3.1", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" });
  });

  it.each([
    ["empty", ""],
    ["garbage", "garbage"],
    ["lower case", "cvss:3.1/av:n/ac:l/pr:n/ui:n/s:u/c:h/i:h/a:h"],
    ["unknown version", "CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
    ["prefix only", "CVSS:3.1"],
    ["partial vector (the library scores it 0)", "CVSS:3.1/AV:N/AC:L"],
    ["missing base metric", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N"],
    ["base metric not defined", "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
    ["unknown value", "CVSS:3.1/AV:Q/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
    ["unknown metric", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/FOO:BAR"],
    ["repeated metric (the library keeps the last)", "CVSS:3.1/AV:N/AV:L/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
    ["extra colon (the library ignores it)", "CVSS:3.1/AV:N:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
    ["trailing slash", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/"],
    ["v3 metrics under a v4 prefix", "CVSS:4.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
    ["bare v3 vector (3.0 or 3.1?)", "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"],
    ["invalid value from a real npm advisory", "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:U/A:U"],
  ])("returns null for %s", (_label, vector) => {
    expect(parseCvssVector(vector)).toBeNull();
  });

  it("never throws on non-string input", () => {
    expect(parseCvssVector(undefined as unknown as string)).toBeNull();
    expect(parseCvssVector(42 as unknown as string)).toBeNull();
  });
});

describe("cvssSeverity", () => {
  it.each([
    [0, "none"],
    [0.1, "low"],
    [3.9, "low"],
    [4, "medium"],
    [6.9, "medium"],
    [7, "high"],
    [8.9, "high"],
    [9, "critical"],
    [10, "critical"],
  ])("%s is %s", (score, band) => {
    expect(cvssSeverity(score)).toBe(band);
  });
});
