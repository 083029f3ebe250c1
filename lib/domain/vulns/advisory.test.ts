import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseNpmSecurityWgAdvisory, parseNpmSecurityWgIndex, parseOsv, toSemverVersion, type Advisory } from "./advisory";

const ADVISORIES = path.resolve(__dirname, "../../../test/fixtures/advisories/nodejs-security-wg-npm");
const VULNS = path.resolve(__dirname, "../../../test/fixtures/vulns");
const npmFile = (id: number): unknown => JSON.parse(readFileSync(path.join(ADVISORIES, `${id}.json`), "utf8"));
const osvSample = (): unknown => JSON.parse(readFileSync(path.join(VULNS, "osv-sample.json"), "utf8"));

function advisoryOf(id: number): Advisory {
  const r = parseNpmSecurityWgAdvisory(npmFile(id), `$[${id}]`);
  if (!r.advisory) throw new Error(`advisory ${id} did not parse: ${JSON.stringify(r.problems)}`);
  return r.advisory;
}

describe("parseNpmSecurityWgAdvisory", () => {
  it("normalises a real advisory (lodash prototype pollution, id 493)", () => {
    expect(advisoryOf(493)).toEqual({
      id: "npm-security-wg:493",
      aliases: ["CVE-2018-16487"],
      ecosystem: "npm",
      packageName: "lodash",
      vulnerableRange: "<4.17.11",
      patchedRange: ">=4.17.11",
      cvss: { vector: "CVSS:3.0/AV:L/AC:L/PR:N/UI:N/S:C/C:L/I:L/A:N", score: 5.7, version: "3.0" },
      severity: "medium",
      title: "Denial of Service",
      published: expect.any(String),
      source: "npm-security-wg",
    });
  });

  it("parses every copied advisory", () => {
    const files = readdirSync(ADVISORIES).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const f of files) {
      const r = parseNpmSecurityWgAdvisory(JSON.parse(readFileSync(path.join(ADVISORIES, f), "utf8")), f);
      expect(r.advisory, f).not.toBeNull();
    }
  });

  it("trusts the vector over a stated score that disagrees with it, and says so", () => {
    const r = parseNpmSecurityWgAdvisory(npmFile(363), "$");
    expect(r.advisory?.cvss).toEqual({ vector: "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", score: 7.5, version: "3.0" });
    expect(r.advisory?.severity).toBe("high");
    expect(r.problems).toEqual([{ location: "$.cvss_score", reason: expect.stringContaining("9.3") }]);
  });

  it("drops an invalid vector but keeps the stated score's severity (id 504, range '*', no patch)", () => {
    const r = parseNpmSecurityWgAdvisory(npmFile(504), "$");
    expect(r.advisory).toMatchObject({ cvss: null, severity: "high", vulnerableRange: "*", patchedRange: null, packageName: "statics-server" });
    expect(r.problems.map((p) => p.location)).toEqual(["$.cvss_vector"]);
  });

  it("treats cvss_score -1 and null as unscored", () => {
    expect(advisoryOf(358)).toMatchObject({ cvss: null, severity: null, patchedRange: null, aliases: [] });
    expect(advisoryOf(308)).toMatchObject({ cvss: null, severity: null, vulnerableRange: ">=1.1.0 <=1.1.1" });
  });

  it("reports unusable input by JSON path instead of throwing", () => {
    expect(parseNpmSecurityWgAdvisory(null).advisory).toBeNull();
    const noName = parseNpmSecurityWgAdvisory({ id: 1, vulnerable_versions: "<1.0.0" }, "$[0]");
    expect(noName).toEqual({ advisory: null, problems: [{ location: "$[0].module_name", reason: expect.any(String) }] });
    const badRange = parseNpmSecurityWgAdvisory({ id: 2, module_name: "x", vulnerable_versions: "not a range" });
    expect(badRange.problems).toEqual([{ location: "$.vulnerable_versions", reason: expect.stringContaining("not a semver range") }]);
    const badCve = parseNpmSecurityWgAdvisory({ id: 3, module_name: "x", vulnerable_versions: "<1", cves: ["CVE-2020-1234", "nope"] });
    expect(badCve.advisory?.aliases).toEqual(["CVE-2020-1234"]);
    expect(badCve.problems).toEqual([{ location: "$.cves[1]", reason: "not a CVE id; ignored" }]);
  });

  it("reads the security-wg index.json shape (an object keyed by id)", () => {
    const r = parseNpmSecurityWgIndex({ "46": npmFile(46), "36": npmFile(36), "9": { id: 9 } });
    expect(r.advisories.map((a) => a.packageName).sort()).toEqual(["ms", "st"]);
    expect(r.problems.every((p) => p.location.startsWith('$["9"]'))).toBe(true);
  });
});

describe("parseOsv", () => {
  const { advisories, problems } = parseOsv(osvSample());
  const byPackage = (name: string) => advisories.find((a) => a.packageName === name);

  it("turns SEMVER introduced/fixed events into a range, one advisory per package", () => {
    expect(advisories.filter((a) => a.id === "GHSA-p6mc-m468-83gw").map((a) => a.packageName)).toEqual(["lodash", "lodash-es", "lodash.pick"]);
    expect(byPackage("lodash")).toMatchObject({
      aliases: ["CVE-2020-8203"],
      ecosystem: "npm",
      vulnerableRange: ">=3.7.0 <4.17.19",
      patchedRange: ">=4.17.19",
      cvss: { version: "3.1", score: 7.4 },
      severity: "high",
      source: "osv",
    });
  });

  it("keeps last_affected inclusive and claims no patch after it", () => {
    expect(byPackage("lodash.pick")).toMatchObject({ vulnerableRange: ">=4.0.0 <=4.4.0", patchedRange: null });
  });

  it("merges a package's affected entries and pads Maven ECOSYSTEM versions (Log4Shell)", () => {
    const log4j = byPackage("org.apache.logging.log4j:log4j-core");
    expect(log4j).toMatchObject({ ecosystem: "maven", cvss: { score: 10 }, severity: "critical", published: "2021-12-10T00:40:56Z" });
    const terms = log4j?.vulnerableRange.split(" || ") ?? [];
    expect(terms.slice(0, 3)).toEqual([">=2.13.0 <2.15.0", "<2.3.1", ">=2.4.0 <2.12.2"]);
    // Listed pre-releases ("2.0-beta9") are kept as exact versions, since "<2.3.1" does not match pre-releases.
    expect(terms).toContain("2.0.0-beta.9");
    expect(log4j?.patchedRange).toBe(">=2.3.1 <2.4.0 || >=2.12.2 <2.13.0 || >=2.15.0");
  });

  it("handles PyPI ECOSYSTEM ranges, explicit versions and CVSS v4.0", () => {
    const pkg = byPackage("Example_Pkg");
    expect(pkg).toMatchObject({ ecosystem: "pypi", cvss: { version: "4.0", score: 8.7 }, severity: "high" });
    expect(pkg?.vulnerableRange).toBe(">=1.0.0 <1.4.2 || >=2.0.0-rc.1 <=2.1.0 || 0.9.0");
    expect(pkg?.patchedRange).toBe(">=1.4.2 <2.0.0-rc.1");
  });

  it("uses the database's own rating when there is no CVSS (GHSA MODERATE → medium)", () => {
    expect(byPackage("@sibyl-test/widget")).toMatchObject({ cvss: null, severity: "medium", vulnerableRange: "<1.2.3 || >=2.0.0 <2.0.5", patchedRange: ">=1.2.3 <2.0.0 || >=2.0.5" });
  });

  it("reports what it could not use by JSON path", () => {
    expect(problems).toEqual([
      { location: "$[2].affected[0].versions", reason: "1 of 5 listed versions cannot be ordered as semver; ignored" },
      { location: "$[2].affected[1].ranges[0]", reason: expect.stringContaining("only GIT ranges") },
      { location: "$[4].withdrawn", reason: expect.stringContaining("withdrawn") },
    ]);
    expect(advisories.some((a) => a.id === "SIBYL-TEST-2024-0003")).toBe(false);
  });

  it("accepts a single record and the OSV API's { vulns: [...] } response", () => {
    const record = (osvSample() as unknown[])[0];
    expect(parseOsv(record).advisories).toHaveLength(3);
    expect(parseOsv({ vulns: [record] }).advisories).toHaveLength(3);
  });

  it("skips bad records and bad ranges, keeping the rest", () => {
    const r = parseOsv([
      { summary: "no id" },
      {
        id: "X-1",
        affected: [
          { package: { ecosystem: "npm", name: "a" }, ranges: [{ type: "SEMVER", events: [{ introduced: "0" }, { fixed: "not-semver" }] }] },
          { package: { ecosystem: "npm", name: "b" }, ranges: [{ type: "SEMVER", events: [{ introduced: "1.0.0" }, { fixed: "1.0.1" }] }] },
          { package: { ecosystem: "Maven", name: "g:c" }, ranges: [{ type: "ECOSYSTEM", events: [{ introduced: "0" }, { fixed: "2.9.10.4" }] }] },
          { package: { name: "no ecosystem" } },
        ],
        severity: [{ type: "CVSS_V3", score: "CVSS:3.1/AV:N" }],
      },
    ]);
    expect(r.advisories.map((a) => [a.packageName, a.vulnerableRange, a.cvss])).toEqual([["b", ">=1.0.0 <1.0.1", null]]);
    expect(r.problems.map((p) => p.location).sort()).toEqual([
      "$[0].id",
      "$[1].affected[0].ranges[0].events[1].fixed",
      "$[1].affected[2].ranges[0].events[1].fixed",
      "$[1].affected[3].package.ecosystem",
      "$[1].severity[0].score",
    ]);
  });

  it("sorts events before evaluating them, as the OSV schema requires", () => {
    const r = parseOsv({ id: "X-2", affected: [{ package: { ecosystem: "npm", name: "a" }, ranges: [{ type: "SEMVER", events: [{ fixed: "2.0.0" }, { introduced: "1.0.0" }] }] }] });
    expect(r.advisories[0].vulnerableRange).toBe(">=1.0.0 <2.0.0");
  });
});

describe("toSemverVersion", () => {
  it.each([
    ["npm", "1.2.3", "1.2.3"],
    ["npm", "v1.2.3", "1.2.3"],
    ["npm", "1.2", null],
    ["go", "v0.0.0-20200101000000-abcdef123456", "0.0.0-20200101000000-abcdef123456"],
    ["maven", "2.4", "2.4.0"],
    ["maven", "2.0-beta9", "2.0.0-beta.9"],
    ["maven", "2.9.10.4", null],
    ["pypi", "2.0rc1", "2.0.0-rc.1"],
    ["pypi", "1.0.post1", null],
    ["rubygems", "6.1.7.3", null],
  ])("%s %s → %s", (ecosystem, version, expected) => {
    expect(toSemverVersion(ecosystem, version)).toBe(expected);
  });
});
