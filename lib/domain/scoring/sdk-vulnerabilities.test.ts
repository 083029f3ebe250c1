import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseOsv } from "../vulns/advisory";
import { parseEpssCsv } from "../vulns/epss";
import { parseKev } from "../vulns/kev";
import { fixedVersionFor, matchVulnerabilities } from "../vulns/match";
import { computeReputation, DEFAULT_WEIGHTS } from "./model";
import { KEV_CAP_ID, sdkVulnerabilityFactor, sdkVulnerabilitySubscore, type SdkVulnerability } from "./sdk-vulnerabilities";
import type { FactorResult } from "./types";

const sdk = [
  { purl: "pkg:npm/%40acme/sdk@3.1.0", providerSlug: "acme", application: "checkout" },
  { purl: "pkg:npm/%40acme/sdk@3.1.0", providerSlug: "acme", application: "billing" },
  { purl: "pkg:npm/%40acme/sdk@4.0.0", providerSlug: "acme", application: "admin" },
];

const vuln = (over: Partial<SdkVulnerability>): SdkVulnerability => ({
  purl: "pkg:npm/%40acme/sdk@3.1.0",
  id: "GHSA-test-0001",
  aliases: [],
  cvss: null,
  epss: null,
  kev: false,
  fixedIn: null,
  ...over,
});

describe("sdkVulnerabilityFactor", () => {
  it("has no data without SDK components", () => {
    const f = sdkVulnerabilityFactor({ sdkComponents: [], vulnerabilities: [vuln({ kev: true })] });
    expect(f).toMatchObject({ name: "sdk_vulnerabilities", subscore: null, caps: [], improvements: [] });
  });

  it("scores 100 when no SDK version in use has a known vulnerability", () => {
    const f = sdkVulnerabilityFactor({ sdkComponents: sdk, vulnerabilities: [] });
    expect(f.subscore).toBe(100);
    expect(f.summary).toBe("No known vulnerabilities in 2 SDK version(s) used by 3 application(s)");
    expect(f.evidence.sdkVersions).toEqual([
      { purl: "pkg:npm/%40acme/sdk@3.1.0", package: "@acme/sdk", version: "3.1.0", applications: ["billing", "checkout"], providers: ["acme"] },
      { purl: "pkg:npm/%40acme/sdk@4.0.0", package: "@acme/sdk", version: "4.0.0", applications: ["admin"], providers: ["acme"] },
    ]);
  });

  it("charges a P2 vulnerability 25 points and offers the upgrade", () => {
    const f = sdkVulnerabilityFactor({ sdkComponents: sdk, vulnerabilities: [vuln({ cvss: 7.5, epss: 0.01, fixedIn: "3.1.4" })] });
    expect(f.subscore).toBe(75);
    expect(f.caps).toEqual([]);
    expect(f.improvements).toEqual([{ factor: "sdk_vulnerabilities", action: "Upgrade @acme/sdk to 3.1.4 in billing, checkout", subscoreAfter: 100 }]);
    expect(f.summary).toBe("1 known vulnerability in 1 of 2 SDK version(s) (1 P2)");
  });

  it("caps the grade at D for a known-exploited vulnerability and names it", () => {
    const f = sdkVulnerabilityFactor({
      sdkComponents: sdk,
      vulnerabilities: [vuln({ id: "GHSA-aaaa-bbbb-cccc", aliases: ["CVE-2021-44228"], cvss: 10, epss: 0.97, kev: true, fixedIn: "3.2.0" })],
    });
    expect(f.subscore).toBe(40);
    expect(f.caps).toEqual([
      {
        id: KEV_CAP_ID,
        factor: "sdk_vulnerabilities",
        maxGrade: "D",
        reason: "Known-exploited vulnerability CVE-2021-44228 in @acme/sdk@3.1.0 (used by billing, checkout)",
      },
    ]);
    expect(f.improvements).toEqual([
      { factor: "sdk_vulnerabilities", action: "Upgrade @acme/sdk to 3.2.0 in billing, checkout", subscoreAfter: 100, removesCaps: [KEV_CAP_ID] },
    ]);

    // In the reputation score the cap holds the grade at D however good the other factors are.
    const others: FactorResult[] = (["transport", "http_hygiene", "authentication", "spec_hygiene", "incidents", "compliance", "reliability"] as const).map((name) => ({
      name,
      subscore: 100,
      summary: "",
      evidence: {},
      caps: [],
      improvements: [],
    }));
    const rep = computeReputation([...others, f], { version: 1, weights: DEFAULT_WEIGHTS });
    expect(rep.grade).toBe("D");
    expect(rep.improvements[0]).toMatchObject({ action: "Upgrade @acme/sdk to 3.2.0 in billing, checkout", removesCaps: [KEV_CAP_ID] });
    expect(rep.improvements[0].projectedScore).toBeGreaterThan(90);
  });

  it("counts a vulnerability once across its GHSA and CVE spellings and across SDK versions", () => {
    const f = sdkVulnerabilityFactor({
      sdkComponents: sdk,
      vulnerabilities: [
        vuln({ id: "GHSA-xxxx-yyyy-zzzz", aliases: ["CVE-2024-0001"], cvss: 6.5, fixedIn: "3.1.2" }),
        vuln({ id: "CVE-2024-0001", aliases: [], cvss: 6.5, epss: 0.3, fixedIn: "3.1.2" }),
        vuln({ purl: "pkg:npm/%40acme/sdk@4.0.0", id: "CVE-2024-0001", aliases: ["GHSA-xxxx-yyyy-zzzz"], cvss: 6.5, fixedIn: "4.0.1" }),
      ],
    });
    // One vulnerability; its worst facts (EPSS 0.3 with CVSS 6.5) make it P1.
    expect(f.subscore).toBe(60);
    const listed = f.evidence.vulnerabilities as { id: string; aliases: string[]; priority: string; affects: unknown[] }[];
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: "CVE-2024-0001", aliases: ["GHSA-xxxx-yyyy-zzzz"], priority: "P1" });
    expect(listed[0].affects).toHaveLength(2);
    // Both versions must move; the upgrade targets the higher fix and names every application.
    expect(f.improvements).toEqual([{ factor: "sdk_vulnerabilities", action: "Upgrade @acme/sdk to 4.0.1 in admin, billing, checkout", subscoreAfter: 100 }]);
  });

  it("weighs further vulnerabilities less, down to a floor of 0", () => {
    expect(sdkVulnerabilitySubscore([40, 40])).toBe(40);
    expect(sdkVulnerabilitySubscore(Array(10).fill(5))).toBe(85.4);
    expect(sdkVulnerabilitySubscore([60, 60, 60])).toBe(0);
    expect(sdkVulnerabilitySubscore([])).toBe(100);
    const f = sdkVulnerabilityFactor({
      sdkComponents: sdk,
      vulnerabilities: [vuln({ id: "CVE-2024-1000", cvss: 9.8, epss: 0.5 }), vuln({ id: "CVE-2024-1001", cvss: 3.1, epss: 0.01 }), vuln({ id: "CVE-2024-1002", epss: 0.25 })],
    });
    // P1 40, P3 10 / 2, P4 5 / 3
    expect(f.subscore).toBe(53.3);
    expect(f.evidence.byPriority).toEqual({ "P1+": 0, P1: 1, P2: 0, P3: 1, P4: 1 });
    expect(f.evidence.exploitationProbability).toBeCloseTo(1 - 0.5 * 0.99 * 0.75, 4);
    // No fix known: nothing to offer.
    expect(f.improvements).toEqual([]);
  });

  it("ignores vulnerabilities of components that are not SDKs, and purl qualifiers", () => {
    const f = sdkVulnerabilityFactor({
      sdkComponents: sdk,
      vulnerabilities: [vuln({ purl: "pkg:npm/lodash@4.17.4", cvss: 9.8, kev: true }), vuln({ purl: "pkg:npm/%40acme/sdk@4.0.0?repository_url=https://r.example", cvss: 6.1 })],
    });
    expect(f.subscore).toBe(75);
    expect(f.caps).toEqual([]);
    expect(f.evidence.ignoredNonSdkVulnerabilities).toBe(1);
  });

  it("keeps the cap when known-exploited vulnerabilities sit in two packages, until both are upgraded", () => {
    const f = sdkVulnerabilityFactor({
      sdkComponents: [...sdk, { purl: "pkg:pypi/acme-sdk@1.0.0", providerSlug: "acme", application: "reports" }],
      vulnerabilities: [
        vuln({ id: "CVE-2024-2000", kev: true, fixedIn: "3.1.9" }),
        vuln({ purl: "pkg:pypi/acme-sdk@1.0.0", id: "CVE-2024-2001", kev: true, fixedIn: "1.0.1" }),
      ],
    });
    expect(f.caps).toHaveLength(1);
    expect(f.caps[0].reason).toBe("Known-exploited vulnerability CVE-2024-2000 in @acme/sdk@3.1.0 (used by billing, checkout); 1 more known-exploited finding(s) in SDKs");
    expect(f.improvements.map((i) => [i.action, i.subscoreAfter, i.removesCaps])).toEqual([
      ["Upgrade @acme/sdk to 3.1.9 in billing, checkout", 40, undefined],
      ["Upgrade acme-sdk to 1.0.1 in reports", 40, undefined],
    ]);
  });

  it("works end to end from OSV, KEV and EPSS feeds", async () => {
    const fixtures = path.resolve(__dirname, "../../../test/fixtures/vulns");
    const advisories = parseOsv(JSON.parse(readFileSync(path.join(fixtures, "osv-sample.json"), "utf8"))).advisories;
    const kev = parseKev(JSON.parse(readFileSync(path.join(fixtures, "kev-sample.json"), "utf8")));
    const epss = await parseEpssCsv(readFileSync(path.join(fixtures, "epss-sample.csv"), "utf8"));
    const sdkComponents = [
      { purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", providerSlug: "example", application: "ledger" },
      { purl: "pkg:npm/lodash@4.17.15", providerSlug: "example", application: "storefront" },
    ];
    const versionOf = (purl: string) => purl.slice(purl.lastIndexOf("@") + 1);
    const vulnerabilities = matchVulnerabilities(
      sdkComponents.map((c) => ({ purl: c.purl, name: c.purl, version: null })),
      advisories,
    ).map(({ purl, advisory }) => {
      const cve = advisory.aliases.find((a) => a.startsWith("CVE-"));
      return {
        purl,
        id: advisory.id,
        aliases: advisory.aliases,
        cvss: advisory.cvss?.score ?? null,
        epss: cve ? (epss.scores.get(cve)?.epss ?? null) : null,
        kev: cve ? kev.cves.has(cve) : false,
        fixedIn: fixedVersionFor(advisory, versionOf(purl)),
      };
    });
    const f = sdkVulnerabilityFactor({ sdkComponents, vulnerabilities });
    // Log4Shell (KEV, 60) and the lodash prototype pollution (CVSS 7.4, illustrative EPSS 0.012: P2, 25 / 2).
    expect(f.subscore).toBe(27.5);
    expect(f.caps.map((c) => c.reason)).toEqual(["Known-exploited vulnerability CVE-2021-44228 in org.apache.logging.log4j:log4j-core@2.14.1 (used by ledger)"]);
    expect(f.improvements).toEqual([
      { factor: "sdk_vulnerabilities", action: "Upgrade lodash to 4.17.19 in storefront", subscoreAfter: 40 },
      { factor: "sdk_vulnerabilities", action: "Upgrade org.apache.logging.log4j:log4j-core to 2.15.0 in ledger", subscoreAfter: 75, removesCaps: [KEV_CAP_ID] },
    ]);
  });
});
