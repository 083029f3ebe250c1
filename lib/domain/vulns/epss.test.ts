import { createReadStream, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { parseEpssCsv } from "./epss";

const FILE = path.resolve(__dirname, "../../../test/fixtures/vulns/epss-sample.csv");

describe("parseEpssCsv", () => {
  it("reads the model comment, the header and every row of a string", async () => {
    const r = await parseEpssCsv(readFileSync(FILE, "utf8"));
    expect(r.modelVersion).toBe("v2023.03.01");
    expect(r.scoreDate).toBe("2024-01-02T00:00:00+0000");
    expect(r.scores.size).toBe(18);
    expect(r.scores.get("CVE-2021-44228")).toEqual({ epss: 0.97562, percentile: 0.99984 });
    expect(r.problems).toEqual([]);
  });

  it("streams lines from readline and gives the same result", async () => {
    const lines = createInterface({ input: createReadStream(FILE), crlfDelay: Infinity });
    const streamed = await parseEpssCsv(lines);
    const whole = await parseEpssCsv(readFileSync(FILE, "utf8"));
    expect(streamed.scores).toEqual(whole.scores);
    expect(streamed.modelVersion).toBe(whole.modelVersion);
  });

  it("reports bad rows with their line numbers and keeps the good ones", async () => {
    const text = [
      "#model_version:v2023.03.01,score_date:2024-01-02T00:00:00+0000",
      "cve,epss,percentile",
      "CVE-2021-44228,0.97562,0.99984",
      "CVE-2021-0001,1.5,0.5",
      "not-a-cve,0.1,0.2",
      "CVE-2021-0002,abc,0.2",
      "CVE-2021-0003,0.1",
      "CVE-2021-44228,0.1,0.1",
      "CVE-2017-5638,0.97565,0.99986",
      "",
    ].join("\r\n");
    const r = await parseEpssCsv(text);
    expect([...r.scores.keys()]).toEqual(["CVE-2021-44228", "CVE-2017-5638"]);
    expect(r.scores.get("CVE-2021-44228")?.epss).toBe(0.97562);
    expect(r.problems.map((p) => p.location)).toEqual(["line 4", "line 5", "line 6", "line 7", "line 8"]);
    expect(r.problems[4].reason).toContain("listed twice");
  });

  it("reads a file without the comment or header in the standard column order, saying so", async () => {
    const r = await parseEpssCsv(["CVE-2021-44228,0.9,0.99", "CVE-2017-5638,0.8,0.98"]);
    expect(r.modelVersion).toBeNull();
    expect(r.scores.size).toBe(2);
    expect(r.problems).toEqual([{ location: "line 1", reason: expect.stringContaining("no cve,epss,percentile header") }]);
  });

  it("follows the header's column order", async () => {
    const r = await parseEpssCsv("percentile,cve,epss\n0.5,CVE-2020-1234,0.01\n");
    expect(r.scores.get("CVE-2020-1234")).toEqual({ epss: 0.01, percentile: 0.5 });
  });

  it("handles a quarter of a million rows from an async source", async () => {
    async function* rows() {
      yield "#model_version:v2025.03.14,score_date:2025-06-01T00:00:00+0000";
      yield "cve,epss,percentile";
      for (let i = 0; i < 250_000; i++) yield `CVE-2020-${String(10000 + i)},0.0${i % 10},0.5`;
    }
    const started = performance.now();
    const r = await parseEpssCsv(rows());
    expect(r.scores.size).toBe(250_000);
    expect(r.problems).toEqual([]);
    // About a second here; the bound only catches a pathological slowdown on a busy machine.
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 30_000);

  it("reports an empty input", async () => {
    const r = await parseEpssCsv("");
    expect(r.scores.size).toBe(0);
    expect(r.problems).toHaveLength(1);
  });
});
