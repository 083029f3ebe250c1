import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { IngestInputError } from "../ingest/types";
import { parseKev } from "./kev";

const sample = (): { vulnerabilities: Record<string, unknown>[] } & Record<string, unknown> =>
  JSON.parse(readFileSync(path.resolve(__dirname, "../../../test/fixtures/vulns/kev-sample.json"), "utf8"));

describe("parseKev", () => {
  it("reads the catalog header and indexes entries by CVE id", () => {
    const kev = parseKev(sample());
    expect(kev.catalogVersion).toBe("2024.01.02");
    expect(kev.dateReleased).toBe("2024-01-02T14:00:00.0000Z");
    expect([...kev.cves.keys()]).toEqual(["CVE-2021-44228", "CVE-2017-5638"]);
    expect(kev.cves.get("CVE-2021-44228")).toEqual({
      dateAdded: "2021-12-10",
      knownRansomwareCampaignUse: "Known",
      vendorProject: "Apache",
      product: "Log4j2",
      dueDate: "2021-12-24",
    });
    expect(kev.problems).toEqual([]);
  });

  it("skips and reports bad entries by JSON path; a repeated CVE keeps its first entry", () => {
    const doc = sample();
    doc.vulnerabilities.push(
      { cveID: "not-a-cve", dateAdded: "2022-01-01", vendorProject: "X", product: "Y" },
      { cveID: "CVE-2020-0001", dateAdded: "yesterday", vendorProject: "X", product: "Y" },
      { ...doc.vulnerabilities[0], dateAdded: "2030-01-01" },
      { cveID: "cve-2019-11510", dateAdded: "2021-11-03", vendorProject: "Pulse Secure", product: "Pulse Connect Secure" },
    );
    const kev = parseKev(doc);
    expect(kev.cves.get("CVE-2021-44228")?.dateAdded).toBe("2021-12-10");
    expect(kev.cves.get("CVE-2019-11510")).toMatchObject({ dueDate: null, knownRansomwareCampaignUse: null });
    expect(kev.problems.map((p) => p.location)).toEqual([
      "$.count",
      "$.vulnerabilities[2].cveID",
      "$.vulnerabilities[3].dateAdded",
      "$.vulnerabilities[4].cveID",
    ]);
  });

  it("refuses input that is not a catalog", () => {
    expect(() => parseKev({ title: "x" })).toThrow(IngestInputError);
    expect(() => parseKev(null)).toThrow(IngestInputError);
    expect(() => parseKev([])).toThrow(IngestInputError);
  });

  it("accepts a catalog without header fields", () => {
    const kev = parseKev({ vulnerabilities: [{ cveID: "CVE-2017-5638", dateAdded: "2021-11-03" }] });
    expect(kev).toMatchObject({ catalogVersion: null, dateReleased: null, problems: [] });
    expect(kev.cves.get("CVE-2017-5638")).toMatchObject({ vendorProject: "", product: "" });
  });
});
