import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { buildSdkMatcher, loadProviderCatalog } from "../catalog/match";
import { findProviderSdks, parseCycloneDx } from "./cyclonedx";
import { IngestInputError, type IngestProblem } from "./types";

const FIXTURES = path.resolve(__dirname, "../../../test/fixtures/sbom");
const fixture = (name: string) => readFileSync(path.join(FIXTURES, name), "utf8");
const goof = fixture("nodejs-goof.cdx.json");
const nodeGoat = fixture("NodeGoat.cdx.json");

/** Counts component entries (nested included) and distinct purls straight from the JSON, independently of the parser. */
function census(text: string): { entries: number; purls: number } {
  let entries = 0;
  const purls = new Set<string>();
  const walk = (list: { purl?: string; components?: unknown[] }[] | undefined) => {
    for (const c of list ?? []) {
      entries++;
      if (c.purl) purls.add(c.purl);
      walk(c.components as typeof list);
    }
  };
  walk(JSON.parse(text).components);
  return { entries, purls: purls.size };
}

function refusal(run: () => unknown): IngestProblem[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(IngestInputError);
    return (error as IngestInputError).problems;
  }
  throw new Error("expected an IngestInputError");
}

const bom = (extra: Record<string, unknown>, specVersion = "1.6") => JSON.stringify({ bomFormat: "CycloneDX", specVersion, version: 1, ...extra });

describe("parseCycloneDx on real SBOMs (cyclonedx-npm 6, spec 1.6)", () => {
  it("reads nodejs-goof: 1,274 component entries, 980 distinct packages", () => {
    expect(census(goof)).toEqual({ entries: 1274, purls: 980 });
    const sbom = parseCycloneDx(goof);
    expect(sbom.specVersion).toBe("1.6");
    expect(sbom.serialNumber).toBe("urn:uuid:e108e3cb-c2c2-4dbd-b96b-624958448f7d");
    expect(sbom.subject).toEqual({ name: "goof", version: "1.0.1" });
    expect(sbom.problems).toEqual([]);
    expect(sbom.components).toHaveLength(980);
    expect(new Set(sbom.components.map((c) => c.purl)).size).toBe(980);
    expect(sbom.components[0]).toEqual({
      bomRef: "goof@1.0.1|adm-zip@0.4.7",
      name: "adm-zip",
      group: null,
      version: "0.4.7",
      purl: "pkg:npm/adm-zip@0.4.7",
      type: "library",
    });
    expect(sbom.vulnerabilities).toEqual([]);
  });

  it("walks nested components (iconv-lite 0.4.4 exists only under raw-body)", () => {
    expect(goof.indexOf('"purl": "pkg:npm/iconv-lite@0.4.4"')).toBeGreaterThan(-1);
    const sbom = parseCycloneDx(goof);
    const iconv = sbom.components.find((c) => c.purl === "pkg:npm/iconv-lite@0.4.4");
    expect(iconv?.bomRef).toMatch(/\|iconv-lite@0\.4\.4$/);
    expect(iconv?.bomRef?.split("|").length).toBeGreaterThan(2);
  });

  it("reads NodeGoat: 1,479 component entries, 1,091 distinct packages", () => {
    expect(census(nodeGoat)).toEqual({ entries: 1479, purls: 1091 });
    const sbom = parseCycloneDx(nodeGoat);
    expect(sbom.subject).toEqual({ name: "owasp-nodejs-goat", version: "1.3.0" });
    expect(sbom.problems).toEqual([]);
    expect(sbom.components).toHaveLength(1091);
    expect(sbom.components.map((c) => c.purl)).toContain("pkg:npm/async@2.6.1");
  });

  it("finds no catalogued provider SDK in either real SBOM (they use mongodb, request, ... but no provider SDK)", () => {
    const matcher = buildSdkMatcher(loadProviderCatalog());
    expect(findProviderSdks(parseCycloneDx(goof), matcher)).toEqual([]);
    expect(findProviderSdks(parseCycloneDx(nodeGoat), matcher)).toEqual([]);
  });
});

describe("findProviderSdks", () => {
  it("detects npm (scoped, percent-encoded) and PyPI SDKs against the real catalog", () => {
    const text = bom({
      components: [
        { type: "library", name: "stripe", version: "14.0.0", purl: "pkg:npm/stripe@14.0.0" },
        { type: "library", group: "@sendgrid", name: "mail", version: "7.7.0", purl: "pkg:npm/%40sendgrid/mail@7.7.0" },
        { type: "library", name: "twilio", version: "8.0.0", purl: "pkg:pypi/twilio@8.0.0" },
        { type: "library", name: "left-pad", version: "1.3.0", purl: "pkg:npm/left-pad@1.3.0" },
        { type: "library", name: "no-purl", version: "1.0.0" },
      ],
    });
    const hits = findProviderSdks(parseCycloneDx(text), buildSdkMatcher(loadProviderCatalog()));
    expect(hits.map(({ providerId, packageName, ecosystem, component }) => [providerId, packageName, ecosystem, component.purl])).toEqual([
      ["stripe", "stripe", "npm", "pkg:npm/stripe@14.0.0"],
      ["sendgrid", "@sendgrid/mail", "npm", "pkg:npm/%40sendgrid/mail@7.7.0"],
      ["twilio", "twilio", "pypi", "pkg:pypi/twilio@8.0.0"],
    ]);
  });
});

describe("vulnerabilities section (spec 1.5 fixture written by this project)", () => {
  const sbom = parseCycloneDx(fixture("vulnerabilities-1.5.cdx.json"));

  it("keeps components in document order, nested ones included, duplicates merged", () => {
    expect(sbom.specVersion).toBe("1.5");
    expect(sbom.problems).toEqual([]);
    expect(sbom.subject).toEqual({ name: "checkout-web", version: "2.3.0" });
    expect(sbom.components.map((c) => [c.group, c.name, c.purl])).toEqual([
      [null, "lodash", "pkg:npm/lodash@4.17.15"],
      ["@sendgrid", "mail", "pkg:npm/%40sendgrid/mail@7.7.0"],
      [null, "axios", "pkg:npm/axios@0.21.1"],
      [null, "stripe", "pkg:npm/stripe@14.0.0"],
    ]);
  });

  it("keeps id, source, CVSS ratings, description, and points affects at the kept duplicate", () => {
    expect(sbom.vulnerabilities).toEqual([
      {
        id: "CVE-2021-23337",
        source: "NVD",
        ratings: [
          { source: "NVD", score: 7.2, severity: "high", method: "CVSSv31", vector: "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H" },
          { source: "NVD", score: 6.5, severity: "medium", method: "CVSSv2", vector: "AV:N/AC:L/Au:S/C:P/I:P/A:P" },
        ],
        // the fixture names the nested duplicate "sendgrid-mail|lodash"; that entry was merged into the first lodash
        affects: ["pkg:npm/lodash@4.17.15"],
        description: "Lodash versions prior to 4.17.21 are vulnerable to Command Injection via the template function.",
      },
      {
        id: "CVE-2021-3749",
        source: "GitHub Advisories",
        ratings: [{ source: null, score: 7.5, severity: "high", method: "CVSSv31", vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H" }],
        affects: ["pkg:npm/axios@0.21.1"],
        description: "axios is vulnerable to Inefficient Regular Expression Complexity.",
      },
    ]);
  });

  it("skips a bad rating or vulnerability with its path and keeps the rest", () => {
    const result = parseCycloneDx(
      bom({
        vulnerabilities: [
          { id: "CVE-1", ratings: [{ score: "9.8", severity: "critical" }, { score: 5, severity: "medium" }], affects: [{ ref: "a" }, { ref: 7 }] },
          { source: { name: "NVD" } },
        ],
      }, "1.4"),
    );
    expect(result.vulnerabilities).toEqual([
      { id: "CVE-1", source: null, ratings: [{ source: null, score: 5, severity: "medium", method: null, vector: null }], affects: ["a"], description: null },
    ]);
    expect(result.problems).toEqual([
      { location: "$.vulnerabilities[0].ratings[0].score", reason: "expected number, got string" },
      { location: "$.vulnerabilities[0].affects[1].ref", reason: "expected string, got number" },
      { location: "$.vulnerabilities[1].id", reason: "required" },
    ]);
  });
});

describe("bad components are skipped with their JSON path", () => {
  it("reports a numeric purl, a nested component without a name and a malformed purl", () => {
    const result = parseCycloneDx(
      bom({
        components: [
          {
            type: "library",
            name: "parent",
            version: "1.0.0",
            purl: "pkg:npm/parent@1.0.0",
            components: [{ type: "library", name: "child", version: "2.0.0" }, { type: "library", version: "3.0.0" }],
          },
          { type: "library", name: "numeric", version: "1.0.0", purl: 12345 },
          "not-an-object",
          { type: "library", name: "odd", version: "0.1.0", purl: "npm:odd@0.1.0" },
          { type: "library", name: "child", version: "2.0.0" },
        ],
      }),
    );
    expect(result.components.map((c) => [c.name, c.purl])).toEqual([
      ["parent", "pkg:npm/parent@1.0.0"],
      ["child", null],
      ["odd", null],
    ]);
    expect(result.problems).toEqual([
      { location: "$.components[0].components[1].name", reason: "required" },
      { location: "$.components[1].purl", reason: "expected string, got number" },
      { location: "$.components[2]", reason: "expected object, got string" },
      { location: "$.components[3].purl", reason: 'not a valid Package URL: "npm:odd@0.1.0"' },
    ]);
  });

  it("reports a components field that is not an array", () => {
    const result = parseCycloneDx(bom({ components: { name: "x" } }));
    expect(result.components).toEqual([]);
    expect(result.problems).toEqual([{ location: "$.components", reason: "expected array, got object" }]);
  });
});

describe("unusable input throws IngestInputError", () => {
  it("locates truncated JSON at its last line", () => {
    const cut = goof.slice(0, 5000);
    const [problem] = refusal(() => parseCycloneDx(cut));
    expect(problem.location).toBe(`line ${cut.trimEnd().split("\n").length}`);
    expect(problem.reason).toMatch(/^truncated JSON/);
    expect(refusal(() => parseCycloneDx(goof.slice(0, -2)))[0].reason).toMatch(/^truncated JSON/);
  });

  it("locates a syntax error by line and column", () => {
    expect(refusal(() => parseCycloneDx('{\n  "bomFormat": "CycloneDX",\n  "specVersion": 1.6,,\n}'))).toEqual([
      { location: "line 3, column 22", reason: "not valid JSON: expected a property name in double quotes, found \",\"" },
    ]);
    expect(refusal(() => parseCycloneDx("name,version\nstripe,14.0.0"))[0].location).toBe("line 1, column 1");
  });

  it("refuses spec versions outside 1.4–1.6", () => {
    for (const version of ["1.2", "1.3", "2.0"]) {
      expect(refusal(() => parseCycloneDx(bom({}, version)))).toEqual([
        { location: "$.specVersion", reason: `unsupported CycloneDX version "${version}" (Sibyl reads 1.4, 1.5, 1.6)` },
      ]);
    }
    expect(refusal(() => parseCycloneDx(JSON.stringify({ bomFormat: "CycloneDX", specVersion: 1.5 })))[0].reason).toBe("expected string, got number");
  });

  it("refuses binary input", () => {
    const gzipped = new TextDecoder().decode(gzipSync(Buffer.from(goof.slice(0, 2000))));
    expect(refusal(() => parseCycloneDx(gzipped))[0].reason).toMatch(/binary/);
    expect(refusal(() => parseCycloneDx("PK\u0003\u0004\u0014\u0000"))[0].reason).toMatch(/binary/);
  });

  it("refuses what is not a CycloneDX JSON document", () => {
    expect(refusal(() => parseCycloneDx(""))[0].reason).toBe("input is empty");
    expect(refusal(() => parseCycloneDx("[]"))[0].reason).toMatch(/expected a JSON object, got array/);
    expect(refusal(() => parseCycloneDx('{"spdxVersion":"SPDX-2.3"}'))[0].reason).toMatch(/SPDX/);
    expect(refusal(() => parseCycloneDx('{"bomFormat":"SPDX","specVersion":"1.6"}'))[0].location).toBe("$.bomFormat");
    expect(refusal(() => parseCycloneDx('<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.6"/>'))[0].reason).toMatch(/XML/);
  });

  it("refuses input above maxBytes, counting UTF-8 bytes", () => {
    expect(refusal(() => parseCycloneDx(goof, { maxBytes: 1024 * 1024 }))[0].reason).toMatch(/larger than the 1 MB limit/);
    const multibyte = bom({ metadata: { component: { type: "application", name: "é".repeat(600) } } });
    expect(() => parseCycloneDx(multibyte, { maxBytes: 1000 })).toThrow(IngestInputError);
    expect(parseCycloneDx(multibyte, { maxBytes: 2000 }).subject?.name).toHaveLength(600);
  });
});
