// API3 / API4 schema rules on small synthetic documents: string, integer and array limits and the
// additional / unevaluated properties rules, with the version gating and the loose `==` comparisons
// of Spectral's JSONPath filters (`type: ["string"]` counts as a string in 3.0).
import { describe, expect, it } from "vitest";
import { byRule, lint, oas3, pathsOf, swagger2, withSchema } from "./test-helpers";

const S = "components.schemas.S";

describe("string rules (#StringProperties)", () => {
  it("flags an unbounded, unrestricted string", () => {
    const r = lint(withSchema({ type: "string" }));
    expect(pathsOf(r, "api4:2023-string-limit")).toEqual([S]);
    expect(pathsOf(r, "api4:2023-string-restricted")).toEqual([S]);
  });

  it("maxLength satisfies string-limit, format or pattern satisfy string-restricted, enum and const satisfy both", () => {
    const r = lint(withSchema({ type: "object", properties: { a: { type: "string", maxLength: 5 }, b: { type: "string", format: "uuid" }, c: { type: "string", pattern: "^x$" }, d: { type: "string", enum: ["x"] }, e: { type: "string", const: "x" } } }));
    expect(pathsOf(r, "api4:2023-string-limit")).toEqual([`${S}.properties.b`, `${S}.properties.c`]);
    expect(pathsOf(r, "api4:2023-string-restricted")).toEqual([`${S}.properties.a`]);
  });

  it("treats type: [\"string\"] as a string in 3.0 (loose ==) but not [\"string\", \"null\"]; 3.1 accepts any array containing it", () => {
    const schema = { type: "object", properties: { one: { type: ["string"] }, two: { type: ["string", "null"] } } };
    expect(pathsOf(lint(withSchema(schema)), "api4:2023-string-limit")).toEqual([`${S}.properties.one`]);
    expect(pathsOf(lint(withSchema(schema, "3.1.0")), "api4:2023-string-limit")).toEqual([`${S}.properties.one`, `${S}.properties.two`]);
  });

  it("looks everywhere, not only at schemas (a Swagger 2.0 parameter with type string counts)", () => {
    const doc = swagger2({ paths: { "/a": { get: { parameters: [{ name: "q", in: "query", type: "string" }], responses: { "200": { description: "ok" } } } } } });
    expect(pathsOf(lint(doc), "api4:2023-string-limit")).toEqual(["paths./a.get.parameters.0"]);
  });

  it("runs nothing type-based for an OpenAPI version Spectral has no alias target for (3.2)", () => {
    const r = lint(withSchema({ type: "string" }, "3.2.0"));
    expect(pathsOf(r, "api4:2023-string-limit")).toEqual([]);
  });
});

describe("integer rules (#IntegerProperties)", () => {
  it("3.0 / 2.0: integer-limit-legacy wants minimum and maximum, integer-format a format", () => {
    const r = lint(withSchema({ type: "object", properties: { a: { type: "integer" }, b: { type: "integer", minimum: 0 }, c: { type: "integer", minimum: 0, maximum: 9, format: "int32" } } }));
    expect(pathsOf(r, "api4:2023-integer-limit-legacy")).toEqual([`${S}.properties.a`, `${S}.properties.b`]);
    expect(pathsOf(r, "api4:2023-integer-format")).toEqual([`${S}.properties.a`, `${S}.properties.b`]);
    expect(pathsOf(r, "api4:2023-integer-limit")).toEqual([]);
    expect(r.rulesRun).toContain("owasp:api4:2023-integer-limit-legacy");
    expect(r.rulesRun).not.toContain("owasp:api4:2023-integer-limit");
  });

  it("3.1: integer-limit wants exactly one of minimum / exclusiveMinimum and of maximum / exclusiveMaximum", () => {
    const schema = {
      type: "object",
      properties: {
        ok: { type: "integer", format: "int64", exclusiveMinimum: 0, maximum: 9 },
        both: { type: "integer", format: "int64", minimum: 0, exclusiveMinimum: 0, maximum: 9 },
        none: { type: ["integer", "null"], format: "int64" },
      },
    };
    const r = lint(withSchema(schema, "3.1.0"));
    expect(pathsOf(r, "api4:2023-integer-limit")).toEqual([`${S}.properties.both`, `${S}.properties.none`]);
    expect(pathsOf(r, "api4:2023-integer-limit-legacy")).toEqual([]);
    expect(pathsOf(r, "api4:2023-integer-format")).toEqual([]);
  });
});

describe("array-limit", () => {
  it("wants maxItems on arrays", () => {
    const r = lint(withSchema({ type: "object", properties: { a: { type: "array", items: {} }, b: { type: "array", maxItems: 3, items: {} } } }));
    expect(pathsOf(r, "api4:2023-array-limit")).toEqual([`${S}.properties.a`]);
  });
});

describe("additionalProperties (3.0) and unevaluatedProperties (3.1)", () => {
  it("flags additionalProperties that is true or a schema; a schema without maxProperties is also unconstrained", () => {
    const r = lint(withSchema({ type: "object", properties: { t: { type: "object", additionalProperties: true }, s: { type: "object", additionalProperties: { type: "integer", format: "int32", minimum: 0, maximum: 1 } }, m: { type: "object", maxProperties: 4, additionalProperties: {} }, f: { type: "object", additionalProperties: false } } }));
    expect(pathsOf(r, "api3:2023-no-additionalProperties")).toEqual([`${S}.properties.m.additionalProperties`, `${S}.properties.s.additionalProperties`, `${S}.properties.t.additionalProperties`]);
    expect(pathsOf(r, "api3:2023-constrained-additionalProperties")).toEqual([`${S}.properties.s`]);
  });

  it("reports additionalProperties given by $ref where the referenced schema is", () => {
    const doc = oas3({ components: { schemas: { S: { type: "object", additionalProperties: { $ref: "#/components/schemas/V" } }, V: { type: "boolean" } } } });
    expect(pathsOf(lint(doc), "api3:2023-no-additionalProperties")).toEqual(["components.schemas.V"]);
  });

  it("runs the unevaluatedProperties twins on 3.1 only", () => {
    const schema = { type: "object", additionalProperties: true, unevaluatedProperties: { type: "boolean" } };
    const r30 = byRule(lint(withSchema(schema)));
    const r31 = byRule(lint(withSchema(schema, "3.1.0")));
    expect(r30["api3:2023-no-additionalProperties"]).toEqual([`${S}.additionalProperties`]);
    expect(r30["api3:2023-no-unevaluatedProperties"]).toBeUndefined();
    expect(r31["api3:2023-no-unevaluatedProperties"]).toEqual([`${S}.unevaluatedProperties`]);
    expect(r31["api3:2023-constrained-unevaluatedProperties"]).toEqual([S]);
    expect(r31["api3:2023-no-additionalProperties"]).toBeUndefined();
  });
});
