import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { alerted, decision, excepted, item, sampleResult } from "./gate-fixture";
import { formatJunit } from "./junit";
import type { GateResult } from "./types";
import { escapeXmlAttr, escapeXmlText, stripInvalidXmlChars } from "./xml";

interface Testcase {
  "@_classname": string;
  "@_name": string;
  failure?: { "@_message": string; "@_type": string; "#text": string };
  error?: { "@_message": string; "@_type": string };
  "system-out"?: string;
  properties?: { property: { "@_name": string; "@_value": string }[] };
}

// htmlEntities: fast-xml-parser decodes numeric character references (&#10;) only with it on.
function parse(xml: string) {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({ ignoreAttributes: false, trimValues: false, htmlEntities: true, parseTagValue: false, isArray: (name) => ["testsuite", "testcase", "property"].includes(name) });
  const doc = parser.parse(xml);
  const suite = doc.testsuites.testsuite[0];
  return { doc, suite, cases: suite.testcase as Testcase[] };
}

describe("formatJunit", () => {
  it("has one test case per dependency, failing the blocked ones, with suite counts", () => {
    const { doc, suite, cases } = parse(formatJunit(sampleResult()));
    expect(doc.testsuites).toMatchObject({ "@_tests": "15", "@_failures": "2", "@_errors": "0" });
    expect(suite).toMatchObject({ "@_name": "sibyl gate: checkout", "@_tests": "15", "@_failures": "2", "@_errors": "0", "@_timestamp": "2026-12-06T12:00:00" });
    expect(cases).toHaveLength(15);
    expect(cases.every((c) => c["@_classname"] === "sibyl.checkout")).toBe(true);
    expect(cases.slice(0, 3).map((c) => c["@_name"])).toEqual(["evil.example", "Stripe", "api.unknown.io"]);
    expect(cases.filter((c) => c.failure).map((c) => [c["@_name"], c.failure?.["@_type"]])).toEqual([
      ["evil.example", "quarantine"],
      ["Stripe", "require_approval"],
    ]);
    expect(cases[0].failure?.["@_message"]).toBe("Quarantine: Grade F < D and sends pii");
    expect(cases[1].failure?.["#text"]).toContain("evidence: pkg:npm/stripe@14.0.0");
  });

  it("writes alerts and exceptions to system-out, and properties on every case", () => {
    const { cases } = parse(formatJunit(sampleResult()));
    const byName = new Map(cases.map((c) => [c["@_name"], c]));
    expect(byName.get("api.unknown.io")?.["system-out"]).toContain("decision: Alert");
    expect(byName.get("api.unknown.io")?.failure).toBeUndefined();
    expect(byName.get("Twilio")?.["system-out"]).toContain("exception: exc-7 for growth-team until 2027-03-01T00:00:00.000Z: migration to another SMS provider (overrides quarantine)");
    expect(byName.get("Twilio")?.properties?.property).toContainEqual({ "@_name": "exception", "@_value": "exc-7" });
    expect(byName.get("Provider 01")?.["system-out"]).toBeUndefined();
    expect(byName.get("Provider 01")?.properties?.property).toContainEqual({ "@_name": "decision", "@_value": "allow" });
  });

  it("adds an error case per input error", () => {
    const { suite, cases } = parse(formatJunit({ ...sampleResult(), items: [alerted], inputErrors: [{ file: "bom.json", location: "line 4", reason: "not <CycloneDX>" }] }));
    expect(suite).toMatchObject({ "@_tests": "2", "@_failures": "0", "@_errors": "1" });
    expect(cases[1]).toMatchObject({ "@_classname": "sibyl.checkout.input", "@_name": "bom.json (line 4)", error: { "@_message": "not <CycloneDX>", "@_type": "input" } });
  });

  it("round-trips hostile names safely: markup escaped, line breaks kept in attributes, invalid characters dropped", () => {
    const nasty = `<script>alert("x")</script> "&' ]]> \u0000\u0001\u0008\u000b\u001f\uFFFE\uD800 tab\there\nline`;
    const result: GateResult = {
      application: `app"&<>`,
      evaluatedAt: "2026-12-06T12:00:00.000Z",
      items: [item(nasty, decision("quarantine", null, `reason <b>&amp;</b>\r\n"quoted"`), { host: nasty }), excepted],
    };
    const xml = formatJunit(result);
    expect(xml).not.toContain("<script>");
    // fast-xml-parser's validator lets control characters through, so check XML 1.0's Char production here.
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uFFFE\uFFFF]|\p{Cs}/u);
    expect(XMLValidator.validate(`<a>${nasty}</a>`)).not.toBe(true);
    const { suite, cases } = parse(xml);
    const expected = `<script>alert("x")</script> "&' ]]>  tab\there\nline`;
    expect(suite["@_name"]).toBe(`sibyl gate: app"&<>`);
    expect(cases[0]["@_classname"]).toBe(`sibyl.app"&<>`);
    expect(cases[0]["@_name"]).toBe(expected);
    expect(cases[0].failure?.["@_message"]).toBe(`Quarantine: reason <b>&amp;</b>\r\n"quoted"`);
    expect(cases[0].properties?.property).toContainEqual({ "@_name": "host", "@_value": expected });
    expect(cases[0].failure?.["#text"]).toContain(`host: ${expected}`);
  });
});

describe("XML escaping", () => {
  it("escapes the five markup characters and drops what XML 1.0 cannot carry, keeping astral characters", () => {
    expect(escapeXmlText(`<a href="x">&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;");
    expect(stripInvalidXmlChars("a\u0000b\u0007c\tok\n\r\uFFFF\uDC00😀é")).toBe("abc\tok\n\r😀é");
    expect(escapeXmlAttr("a\tb\nc\rd")).toBe("a&#9;b&#10;c&#13;d");
  });
});
