import { describe, expect, it } from "vitest";
import { formatJson } from "./json";
import { sampleResult } from "./gate-fixture";
import type { GateResult } from "./types";

describe("formatJson", () => {
  it("carries the application, exit code, counts and items in severity order", () => {
    const json = JSON.parse(formatJson(sampleResult()));
    expect(Object.keys(json)).toEqual(["application", "evaluatedAt", "exitCode", "summary", "items", "inputErrors"]);
    expect(json).toMatchObject({ application: "checkout", evaluatedAt: "2026-12-06T12:00:00.000Z", exitCode: 3, summary: { blocked: 2, allow: 12 }, inputErrors: [] });
    expect(json.items.map((i: { decision: { decision: string } }) => i.decision.decision).slice(0, 4)).toEqual(["quarantine", "require_approval", "alert", "allow"]);
    expect(json.items[1]).toMatchObject({ target: "Stripe", origin: "sbom", evidence: "pkg:npm/stripe@14.0.0", location: { file: "bom.json", line: 12 } });
  });

  it("is byte-for-byte stable: the same input, or the same content in another order, gives the same output", () => {
    const a = sampleResult();
    expect(formatJson(a)).toBe(formatJson(sampleResult()));
    // Items reversed, and every object's keys (evidence included) written in reverse order.
    const reverseKeys = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(reverseKeys) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverseKeys(x)])) : v;
    const b = reverseKeys({ ...a, items: [...a.items].reverse() }) as GateResult;
    expect(Object.keys(b.items[1].decision.evidence)).toEqual(["dependency.dataClasses", "provider.grade"]);
    expect(Object.keys(a.items[13].decision.evidence)).toEqual(["provider.grade", "dependency.dataClasses"]);
    expect(formatJson(b)).toBe(formatJson(a));
  });

  it("says exit code 1 and lists input errors", () => {
    const json = JSON.parse(formatJson(sampleResult({ inputErrors: [{ file: "spec.yaml", location: "line 3", reason: "not OpenAPI" }] })));
    expect(json.exitCode).toBe(1);
    expect(json.inputErrors).toEqual([{ file: "spec.yaml", location: "line 3", reason: "not OpenAPI" }]);
  });
});
