// The spec_hygiene factor: subscore from severity-weighted findings normalised by operations (the
// documented formula), evidence per OWASP category with a bounded list of examples, improvements
// by category, and null for a document that is not OpenAPI.
import { describe, expect, it } from "vitest";
import { RULE_BY_NAME } from "./index";
import { SEVERITY_WEIGHT, specHygieneFactor } from "./factor";
import { goodOperation, lint, oas3 } from "./test-helpers";

const secured = { securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key" } } };
const compliant = (extra: Record<string, unknown> = {}) =>
  oas3({ servers: [{ url: "https://api.example.com", description: "production", "x-internal": false }], paths: { "/a": { get: goodOperation() }, "/b": { get: goodOperation() } }, components: secured, ...extra });

function budgetOf(doc: unknown): number {
  return lint(doc).rulesRun.reduce((s, name) => s + SEVERITY_WEIGHT[RULE_BY_NAME.get(name)?.severity ?? "hint"], 0);
}

describe("specHygieneFactor", () => {
  it("scores a clean document 100", () => {
    const r = specHygieneFactor(compliant());
    expect(r).toMatchObject({ name: "spec_hygiene", subscore: 100, improvements: [], caps: [] });
    expect(r.summary).toMatch(/^No OWASP API Top 10 design findings across 2 operations/);
  });

  it("spends each rule's weight by findings per operation (capped at 1) and document-level rules in full", () => {
    // One unbounded string in a component schema: string-limit (error) and string-restricted (warn), once each, over 2 operations.
    const schema = { type: "object", properties: { name: { type: "string" } } };
    const withString = compliant({ components: { ...secured, schemas: { S: schema } } });
    const budget = budgetOf(withString);
    expect(specHygieneFactor(withString).subscore).toBe(Math.round(100 * (1 - (10 * 0.5 + 4 * 0.5) / budget)));
    // A server without x-internal: inventory-access (error, document-level) costs its whole weight.
    const server = compliant({ servers: [{ url: "https://api.example.com", description: "production" }] });
    expect(specHygieneFactor(server).subscore).toBe(Math.round(100 * (1 - 10 / budget)));
  });

  it("reports counts per category and severity, a bounded list of examples and the costliest categories to fix", () => {
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < 30; i++) paths[`/r${i}`] = { get: { responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "array", items: { type: "string" } } } } } } } };
    const r = specHygieneFactor(oas3({ servers: [{ url: "http://api.example.com" }], paths }));
    const evidence = r.evidence as { operations: number; findings: number; byCategory: Record<string, { findings: number; pointsLost: number }>; bySeverity: Record<string, number>; topFindings: { rule: string }[] };
    expect(evidence.operations).toBe(30);
    expect(Object.keys(evidence.byCategory)).toEqual(["API2", "API4", "API8", "API9"]);
    expect(evidence.byCategory.API2.findings).toBe(30);
    expect(evidence.bySeverity.error + evidence.bySeverity.warn).toBe(evidence.findings);
    expect(evidence.topFindings.length).toBe(20);
    // Examples cover the costliest rules before repeating one.
    expect(new Set(evidence.topFindings.slice(0, 8).map((f) => f.rule)).size).toBe(8);
    expect(r.improvements.length).toBe(3);
    expect(r.improvements[0].action).toMatch(/^API4 \(Unrestricted Resource Consumption\): /);
    for (const imp of r.improvements) expect(imp.subscoreAfter).toBeGreaterThan(r.subscore ?? 100);
    expect(r.summary).toMatch(/findings across 30 operations .*most costly: API4/);
  });

  it("has no subscore for a document that is not OpenAPI 2.0 / 3.x", () => {
    expect(specHygieneFactor({ hello: "world" }).subscore).toBeNull();
    expect(specHygieneFactor(null).subscore).toBeNull();
  });
});
