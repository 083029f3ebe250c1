import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { parseCycloneDx } from "../ingest/cyclonedx";
import { parseNpmSecurityWgAdvisory, parseOsv, type Advisory } from "./advisory";
import { anyExploitation, fixedVersionFor, matchVulnerabilities, packageKey, prioritise, purlPackage } from "./match";

const ROOT = path.resolve(__dirname, "../../../test/fixtures");
const npmDir = path.join(ROOT, "advisories/nodejs-security-wg-npm");
const npmAdvisories: Advisory[] = readdirSync(npmDir)
  .filter((f) => f.endsWith(".json"))
  .flatMap((f) => parseNpmSecurityWgAdvisory(JSON.parse(readFileSync(path.join(npmDir, f), "utf8"))).advisory ?? []);
const osvAdvisories = parseOsv(JSON.parse(readFileSync(path.join(ROOT, "vulns/osv-sample.json"), "utf8"))).advisories;
const goof = parseCycloneDx(readFileSync(path.join(ROOT, "sbom/nodejs-goof.cdx.json"), "utf8"));
const goofComponents = goof.components.flatMap((c) => (c.purl ? [{ purl: c.purl, name: c.name, version: c.version }] : []));

const advisory = (over: Partial<Advisory>): Advisory => ({
  id: "T-1",
  aliases: [],
  ecosystem: "npm",
  packageName: "pkg",
  vulnerableRange: "<1.0.0",
  patchedRange: ">=1.0.0",
  cvss: null,
  severity: null,
  title: "t",
  published: null,
  source: "osv",
  ...over,
});

describe("matchVulnerabilities against nodejs-goof (deliberately vulnerable)", () => {
  const matches = matchVulnerabilities(goofComponents, [...npmAdvisories, ...osvAdvisories]);
  const found = matches.map((m) => `${m.purl} ${m.advisory.id}`).sort();

  it("finds the known-vulnerable packages, and only those", () => {
    expect(found).toEqual(
      [
        "pkg:npm/adm-zip@0.4.7 npm-security-wg:458",
        "pkg:npm/handlebars@4.0.11 npm-security-wg:519",
        "pkg:npm/handlebars@4.0.14 npm-security-wg:519",
        "pkg:npm/jquery@2.2.4 npm-security-wg:328",
        "pkg:npm/lodash@4.17.10 GHSA-p6mc-m468-83gw",
        "pkg:npm/lodash@4.17.10 npm-security-wg:493",
        "pkg:npm/lodash@4.17.15 GHSA-p6mc-m468-83gw",
        "pkg:npm/lodash@4.17.15 npm-security-wg:516",
        "pkg:npm/lodash@4.17.4 GHSA-p6mc-m468-83gw",
        "pkg:npm/lodash@4.17.4 npm-security-wg:368",
        "pkg:npm/lodash@4.17.4 npm-security-wg:493",
        "pkg:npm/marked@0.3.5 npm-security-wg:101",
        "pkg:npm/mongoose@4.2.4 npm-security-wg:394",
        "pkg:npm/mpath@0.1.1 npm-security-wg:491",
        "pkg:npm/ms@0.6.2 npm-security-wg:46",
        "pkg:npm/negotiator@0.2.8 npm-security-wg:106",
        "pkg:npm/negotiator@0.4.9 npm-security-wg:106",
        "pkg:npm/negotiator@0.5.3 npm-security-wg:106",
        "pkg:npm/npmconf@0.0.24 npm-security-wg:431",
        "pkg:npm/semver@1.1.4 npm-security-wg:31",
        "pkg:npm/st@0.2.4 npm-security-wg:36",
      ].sort(),
    );
  });

  it("does not match patched versions of the same packages", () => {
    const matchedPurls = new Set(matches.map((m) => m.purl));
    for (const purl of [
      "pkg:npm/lodash@4.17.21",
      "pkg:npm/moment@2.15.1", // advisory 55: <2.11.2
      "pkg:npm/tough-cookie@2.4.3", // advisory 130: >=0.9.7 <=2.2.2
      "pkg:npm/express@4.12.4", // advisory 8: <3.11 || >=4 <4.5
      "pkg:npm/ms@2.0.0", // advisory 46: <=0.7.0
      "pkg:npm/ms@0.7.1",
      "pkg:npm/semver@5.7.1", // advisory 31: <4.3.2
      "pkg:npm/minimatch@3.0.4", // advisory 118: <=3.0.1
      "pkg:npm/cookie-signature@1.0.6", // advisory 134: <=1.0.5
    ]) {
      expect(goofComponents.some((c) => c.purl === purl), purl).toBe(true);
      expect(matchedPurls.has(purl), purl).toBe(false);
    }
    // marked@0.3.5 is inside advisory 101 (<=0.3.5) but past advisory 23 (<=0.3.3).
    expect(found).not.toContain("pkg:npm/marked@0.3.5 npm-security-wg:23");
    expect(found.filter((f) => f.startsWith("pkg:npm/jquery@2.2.4"))).toEqual(["pkg:npm/jquery@2.2.4 npm-security-wg:328"]);
  });

  it("decides exactly as semver.satisfies(version, range, { includePrerelease: false, loose: true })", () => {
    const all = [...npmAdvisories, ...osvAdvisories];
    for (const c of goofComponents) {
      const pkg = purlPackage(c.purl);
      for (const a of all) {
        if (!pkg || a.ecosystem !== pkg.ecosystem || a.packageName !== pkg.name || c.version === null) continue;
        const expected = semver.satisfies(c.version, a.vulnerableRange, { includePrerelease: false, loose: true });
        expect(found.includes(`${c.purl} ${a.id}`), `${c.purl} ${a.id}`).toBe(expected);
      }
    }
  });

  it("suggests the first patched version above the one in use", () => {
    const lodash = matches.filter((m) => m.purl === "pkg:npm/lodash@4.17.4").map((m) => fixedVersionFor(m.advisory, "4.17.4"));
    expect(lodash.sort()).toEqual(["4.17.11", "4.17.19", "4.17.5"].sort());
    const jquery = npmAdvisories.find((a) => a.id === "npm-security-wg:328");
    expect(jquery && fixedVersionFor(jquery, "2.2.4")).toBe("3.0.0");
    const featurebook = npmAdvisories.find((a) => a.id === "npm-security-wg:358");
    expect(featurebook && fixedVersionFor(featurebook, "0.0.1")).toBeNull();
  });
});

describe("matchVulnerabilities", () => {
  it("matches npm scoped packages by @scope/name, whether the purl encodes the @ or not", () => {
    const widget = osvAdvisories.filter((a) => a.packageName === "@sibyl-test/widget");
    const m = matchVulnerabilities(
      [
        { purl: "pkg:npm/%40sibyl-test/widget@1.2.2", name: "widget", version: "1.2.2" },
        { purl: "pkg:npm/@sibyl-test/widget@2.0.4", name: "widget", version: null },
        { purl: "pkg:npm/%40sibyl-test/widget@1.2.3", name: "widget", version: "1.2.3" },
        { purl: "pkg:npm/widget@1.0.0", name: "widget", version: "1.0.0" },
      ],
      widget,
    );
    expect(m.map((x) => x.purl)).toEqual(["pkg:npm/%40sibyl-test/widget@1.2.2", "pkg:npm/@sibyl-test/widget@2.0.4"]);
  });

  it("matches Maven and PyPI packages by their OSV names", () => {
    const comps = ["2.14.1", "2.0-beta9", "2.3", "2.3.1", "2.12.2", "2.15.0", "2.17.1"].map((v) => ({
      purl: `pkg:maven/org.apache.logging.log4j/log4j-core@${v}`,
      name: "log4j-core",
      version: v,
    }));
    const hits = matchVulnerabilities(comps, osvAdvisories).map((m) => m.purl.split("@")[1]);
    expect(hits).toEqual(["2.14.1", "2.0-beta9", "2.3"]);
    const py = matchVulnerabilities(
      [
        { purl: "pkg:pypi/example-pkg@1.4.1", name: "example-pkg", version: "1.4.1" },
        { purl: "pkg:pypi/example.pkg@0.9", name: "example.pkg", version: "0.9" },
        { purl: "pkg:pypi/example-pkg@1.4.2", name: "example-pkg", version: "1.4.2" },
      ],
      osvAdvisories,
    );
    expect(py.map((m) => m.purl)).toEqual(["pkg:pypi/example-pkg@1.4.1", "pkg:pypi/example.pkg@0.9"]);
  });

  it("matches nothing for versions that are not semver, and no pre-release against a plain range", () => {
    const a = [advisory({ vulnerableRange: ">=1.0.0 <2.0.0" })];
    const comps = ["latest", "1.2", "1.2.3.4", "git+https://example.com/x.git", "1.5.0-beta.1"].map((v) => ({ purl: `pkg:npm/pkg@${encodeURIComponent(v)}`, name: "pkg", version: v }));
    expect(matchVulnerabilities(comps, a)).toEqual([]);
    expect(matchVulnerabilities([{ purl: "pkg:npm/pkg@1.5.0", name: "pkg", version: "1.5.0" }], a)).toHaveLength(1);
  });

  it("ignores components without a usable purl, other ecosystems and repeated purls", () => {
    const a = [advisory({ packageName: "pkg" })];
    const comps = [
      { purl: "not a purl", name: "pkg", version: "0.1.0" },
      { purl: "pkg:pypi/pkg@0.1.0", name: "pkg", version: "0.1.0" },
      { purl: "pkg:npm/pkg@0.1.0", name: "pkg", version: "0.1.0" },
      { purl: "pkg:npm/pkg@0.1.0", name: "pkg", version: "0.1.0" },
    ];
    expect(matchVulnerabilities(comps, a)).toHaveLength(1);
  });

  it("keeps npm names case-sensitive (jQuery and jquery are different packages) and folds PyPI and NuGet", () => {
    expect(packageKey("npm", "jQuery")).not.toBe(packageKey("npm", "jquery"));
    expect(packageKey("pypi", "Example_Pkg")).toBe(packageKey("pypi", "example.pkg"));
    expect(packageKey("nuget", "Newtonsoft.Json")).toBe(packageKey("nuget", "newtonsoft.json"));
  });

  it("handles 10,000 components against 50,000 advisories quickly", () => {
    const advisories: Advisory[] = Array.from({ length: 50_000 }, (_, i) =>
      advisory({ id: `A-${i}`, packageName: `pkg-${i % 8000}`, vulnerableRange: `>=${i % 5}.0.0 <${i % 5}.${i % 7}.3 || >=9.0.0 <9.1.0` }),
    );
    const components = Array.from({ length: 10_000 }, (_, i) => {
      const v = `${i % 5}.${i % 9}.${i % 4}`;
      return { purl: `pkg:npm/pkg-${i}@${v}`, name: `pkg-${i}`, version: v };
    });
    const started = performance.now();
    const m = matchVulnerabilities(components, advisories);
    // Worst case: every component's package has advisories, so all 50,000 ranges are compiled (~1 s here;
    // the bound only catches a quadratic regression on a busy machine).
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(m.length).toBeGreaterThan(0);
  }, 30_000);
});

describe("prioritise", () => {
  it.each([
    [{ cvss: 2, epss: 0.001, kev: true }, "P1+"],
    [{ cvss: null, epss: null, kev: true }, "P1+"],
    [{ cvss: 6, epss: 0.2, kev: false }, "P1"],
    [{ cvss: 9.8, epss: 0.97, kev: false }, "P1"],
    [{ cvss: 6, epss: 0.19, kev: false }, "P2"],
    [{ cvss: 9.8, epss: null, kev: false }, "P2"],
    [{ cvss: 5.9, epss: 0.2, kev: false }, "P3"],
    [{ cvss: null, epss: 0.5, kev: false }, "P3"],
    [{ cvss: 5.9, epss: 0.19, kev: false }, "P4"],
    [{ cvss: null, epss: null, kev: false }, "P4"],
  ] as const)("%o → %s", (v, expected) => {
    expect(prioritise(v)).toBe(expected);
  });
});

describe("anyExploitation", () => {
  it("is 1 − Π(1 − pᵢ)", () => {
    expect(anyExploitation([])).toBe(0);
    expect(anyExploitation([0.5])).toBe(0.5);
    expect(anyExploitation([0.5, 0.5])).toBeCloseTo(0.75, 12);
    expect(anyExploitation([0.1, 0.2, 0.3])).toBeCloseTo(1 - 0.9 * 0.8 * 0.7, 12);
    expect(anyExploitation([1, 0.2])).toBe(1);
  });

  it("clamps out-of-range values and ignores non-numbers", () => {
    expect(anyExploitation([-1, 2])).toBe(1);
    expect(anyExploitation([Number.NaN, 0.25])).toBe(0.25);
  });
});
