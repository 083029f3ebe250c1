import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { alerted, blockGradeF, decision, excepted, item, needsApproval, quarantined, sampleResult } from "./gate-fixture";
import { artifactLocation, formatSarif, policyRuleIds, slugify } from "./sarif";
import type { GateResult } from "./types";

const options = { toolVersion: "0.1.0", informationUri: "https://sibyl.example.com/" };
const require = createRequire(import.meta.url);
const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));

// Two copies of the 2.1.0 schema, neither written here: the 2.1.0-rtm.5 schema (draft-04) that
// @microsoft/jest-sarif ships, and the SARIF SDK's current 2.1.0 schema (2020-12) from
// @microsoft/sarif-multitool-linux (see test/fixtures/sarif/LICENSE-NOTE.md).
// unicodeRegExp off: both schemas' `language` pattern has a stray "]" that only a non-unicode RegExp accepts.
const validators = (() => {
  const rtm5 = new AjvDraft04({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(rtm5);
  const sdk = new Ajv2020({ strict: false, allErrors: true, unicodeRegExp: false });
  addFormats(sdk);
  return {
    "2.1.0-rtm.5": rtm5.compile(readJson(require.resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json"))),
    "2.1.0 (SARIF SDK)": sdk.compile(readJson(path.resolve(__dirname, "../../../../test/fixtures/sarif/sarif-2.1.0.schema.json"))),
  };
})();

function expectValid(log: unknown) {
  for (const [name, validate] of Object.entries(validators)) {
    const ok = validate(log);
    expect({ schema: name, errors: ok ? null : validate.errors }).toEqual({ schema: name, errors: null });
  }
}

const sarif = (r: GateResult) => JSON.parse(formatSarif(r, options));

describe("formatSarif", () => {
  it("is valid SARIF 2.1.0 by both schemas, with input errors and hostile names too", () => {
    expectValid(sarif(sampleResult()));
    expectValid(sarif({ application: "empty", evaluatedAt: "2026-12-06T12:00:00.000Z", items: [] }));
    const hostile = item(`<script>"&'\u0001 ünï`, decision("quarantine", { ...blockGradeF, name: "Ünïcode <policy> & co" }, "bad\nreason"), {
      location: { file: "C:\\repo\\my bom#1.json", line: 0 },
    });
    expectValid(sarif(sampleResult({ items: [hostile, alerted], inputErrors: [{ file: "specs/bad spec?.yaml", location: "line 9", reason: "not YAML" }] })));
  });

  it("would notice invalid SARIF (the validators are not vacuous)", () => {
    const broken = sarif(sampleResult());
    broken.runs[0].results[0].level = "fatal";
    broken.runs[0].results[1].suppressions = [{ justification: "no kind" }];
    for (const validate of Object.values(validators)) expect(validate(broken)).toBe(false);
  });

  it("declares the tool, one rule per flagging policy plus sibyl/default, and one result per flagged dependency", () => {
    const log = sarif(sampleResult());
    expect(log.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(log.version).toBe("2.1.0");
    expect(log.runs).toHaveLength(1);
    const { driver } = log.runs[0].tool;
    expect(driver).toMatchObject({ name: "Sibyl", informationUri: "https://sibyl.example.com/", semanticVersion: "0.1.0" });
    // "Allow graded providers" allowed plainly: it flags nothing, so it gets no rule.
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(["sibyl/default", "sibyl/policy/block-grade-f", "sibyl/policy/payments-need-approval"]);
    const blockRule = driver.rules[1];
    expect(blockRule).toMatchObject({ defaultConfiguration: { level: "error" }, properties: { tags: ["sibyl", "connectivity-policy", "quarantine"] } });
    expect(blockRule.shortDescription.text).toContain("Block grade F");
    expect(blockRule.fullDescription.text).toContain("priority 10");
    expect(blockRule.help.text).toMatch(/exception/);
    expect(driver.rules[0].defaultConfiguration).toEqual({ level: "warning" });

    const results = log.runs[0].results;
    expect(results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ["sibyl/policy/block-grade-f", "error"],
      ["sibyl/policy/payments-need-approval", "error"],
      ["sibyl/default", "warning"],
      ["sibyl/policy/block-grade-f", "error"],
    ]);
    for (const r of results) expect(driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    expect(results[1].message.text).toBe(
      'Require approval: Stripe (api.stripe.com) is decided by policy "Payments need approval". Sends payment and tier-1 application (found in sbom as pkg:npm/stripe@14.0.0).',
    );
    expect(results[1].properties).toMatchObject({ decision: "require_approval", policy: "Payments need approval", exception: null, origin: "sbom" });
  });

  it("points at the input file and line, percent-encoded and relative to the checkout; else at the manifest", () => {
    const results = sarif(sampleResult()).runs[0].results;
    expect(results[1].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "bom.json", uriBaseId: "%SRCROOT%" }, region: { startLine: 12 } });
    expect(results[2].locations[0].physicalLocation.artifactLocation).toEqual({ uri: "specs/my%20api.yaml", uriBaseId: "%SRCROOT%" });
    expect(results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: "catalog-info.yaml", uriBaseId: "%SRCROOT%" } });
    const custom = JSON.parse(formatSarif(sampleResult(), { ...options, manifestUri: "deploy/app.yaml" })).runs[0].results[0];
    expect(custom.locations[0].physicalLocation.artifactLocation.uri).toBe("deploy/app.yaml");
    expect(artifactLocation("/abs/x y.json")).toEqual({ uri: "file:///abs/x%20y.json" });
    expect(artifactLocation("C:\\repo\\bom.json")).toEqual({ uri: "file:///C:/repo/bom.json" });
    expect(artifactLocation("./a/b#c.json")).toEqual({ uri: "a/b%23c.json", uriBaseId: "%SRCROOT%" });
  });

  it("shows a dependency allowed by an exception as a suppressed result of the policy it overrode", () => {
    const suppressed = sarif(sampleResult()).runs[0].results.filter((r: { suppressions?: unknown }) => r.suppressions);
    expect(suppressed).toHaveLength(1);
    expect(suppressed[0]).toMatchObject({
      ruleId: "sibyl/policy/block-grade-f",
      level: "error",
      suppressions: [{ kind: "external", status: "accepted", justification: expect.stringContaining("migration to another SMS provider") }],
      properties: { decision: "allow", overridden: "quarantine", exception: { id: "exc-7", owner: "growth-team" } },
    });
    expect(suppressed[0].message.text).toMatch(/^Twilio \(api\.twilio\.com\) is allowed by exception exc-7 for growth-team/);
  });

  it("fingerprints by application, dependency and policy: stable across runs, origins and files", () => {
    const fp = (r: GateResult) => sarif(r).runs[0].results.map((x: { partialFingerprints: Record<string, string> }) => x.partialFingerprints["sibylGateDependency/v1"]);
    const first = fp(sampleResult());
    expect(new Set(first).size).toBe(first.length);
    expect(fp(sampleResult({ evaluatedAt: "2027-01-01T00:00:00.000Z" }))).toEqual(first);
    const moved = { ...needsApproval, origin: "inventory" as const, location: { file: "other.json", line: 99 }, evidence: null };
    expect(fp({ ...sampleResult(), items: [quarantined, moved, alerted, excepted] })).toEqual(first);
    expect(fp(sampleResult({ application: "billing" }))[0]).not.toBe(first[0]);
  });

  it("reports input errors as tool notifications of an unsuccessful run", () => {
    const run = sarif(sampleResult({ inputErrors: [{ file: "bom.json", location: "line 4", reason: "not CycloneDX" }] })).runs[0];
    expect(run.invocations[0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: "bom.json (line 4): not CycloneDX" } }] });
    expect(run.properties.exitCode).toBe(1);
  });
});

describe("policy rule ids", () => {
  it("slug policy names, and keep names that slug alike apart", () => {
    expect(slugify("Block grade F")).toBe("block-grade-f");
    expect(slugify("Ünïcode <policy> & co")).toBe("unicode-policy-co");
    expect(slugify("«»")).toBe("policy");
    const ids = policyRuleIds(["Block F", "block-f", "Other"]);
    expect(ids.get("Other")).toBe("sibyl/policy/other");
    expect(ids.get("Block F")).toMatch(/^sibyl\/policy\/block-f-[0-9a-f]{8}$/);
    expect(ids.get("block-f")).toMatch(/^sibyl\/policy\/block-f-[0-9a-f]{8}$/);
    expect(ids.get("Block F")).not.toBe(ids.get("block-f"));
  });

  it("leave plain allows out of the results", () => {
    const log = sarif({ application: "a", evaluatedAt: "2026-12-06T12:00:00.000Z", items: [excepted, ...sampleResult().items.filter((i) => i.decision.decision === "allow" && !i.decision.exception)] });
    expect(log.runs[0].results).toHaveLength(1);
  });
});
