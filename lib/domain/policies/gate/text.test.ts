import { describe, expect, it } from "vitest";
import { alerted, allowed, decision, excepted, item, sampleResult } from "./gate-fixture";
import { formatText } from "./text";

const firstWord = (line: string) => line.split(/\s{2,}/)[0];

describe("formatText", () => {
  it("lists one line per dependency, most severe first, then by target, and ends with the summary", () => {
    const lines = formatText(sampleResult()).trimEnd().split("\n");
    const itemLines = lines.filter((l) => /^(QUARANTINE|REQUIRE APPROVAL|ALERT|ALLOW) /.test(l));
    expect(itemLines).toHaveLength(15);
    expect(itemLines.map(firstWord).slice(0, 4)).toEqual(["QUARANTINE", "REQUIRE APPROVAL", "ALERT", "ALLOW"]);
    expect(itemLines[0]).toMatch(/^QUARANTINE\s+evil\.example\s+hosts\s+Block grade F\s+Grade F < D and sends pii$/);
    expect(itemLines[2]).toMatch(/api\.unknown\.io\s+openapi\s+default action\s+No policy matched/);
    expect(itemLines.slice(3).map((l) => l.split(/\s{2,}/)[1])).toEqual([...allowed(11).map((i) => i.target), "Twilio"]);
    expect(lines.at(-1)).toBe("2 blocked (1 quarantine, 1 require approval), 1 alert, 12 allowed (1 by exception): the gate fails");
  });

  it("writes the example summary of the brief, and says when the gate passes or cannot trust its input", () => {
    const twelve = { ...sampleResult(), items: sampleResult().items.filter((i) => i !== excepted).concat(allowed(12).slice(11)) };
    expect(formatText(twelve).trimEnd().split("\n").at(-1)).toBe("2 blocked (1 quarantine, 1 require approval), 1 alert, 12 allowed: the gate fails");
    expect(formatText({ application: "a", evaluatedAt: "t", items: [alerted, alerted, ...allowed(1)] }).trimEnd().split("\n").at(-1)).toBe("0 blocked, 2 alerts, 1 allowed: the gate passes");
    const broken = formatText(sampleResult({ inputErrors: [{ file: "bom.json", location: "line 4", reason: "not CycloneDX" }] }));
    expect(broken).toContain("  bom.json (line 4): not CycloneDX\n");
    expect(broken.trimEnd().split("\n").at(-1)).toMatch(/; 1 input error: the gate fails$/);
    expect(formatText({ application: "a", evaluatedAt: "t", items: [] })).toContain("No dependencies found.");
  });

  it("shows the exception, what it overrides, and where a flagged dependency came from", () => {
    const text = formatText(sampleResult());
    expect(text).toMatch(/\n\s+exception exc-7 for growth-team until 2027-03-01T00:00:00\.000Z: migration to another SMS provider; without it: quarantine\n/);
    expect(text).toMatch(/\n\s+from bom\.json:12 pkg:npm\/stripe@14\.0\.0\n/);
  });

  it("drops control characters, so a hostile name cannot forge lines or colour the terminal", () => {
    const hostile = item("evil\n2 blocked: the gate passes\u001b[32m", decision("quarantine", null, "bad\r\nreason"));
    const text = formatText({ application: "a", evaluatedAt: "t", items: [hostile] });
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text.split("\n").filter((l) => l.startsWith("2 blocked"))).toEqual([]);
    expect(text).toMatch(/^QUARANTINE\s+evil 2 blocked: the gate passes \[32m\s+inventory\s+default action\s+bad reason$/m);
  });
});
