// How the lint goes through `$ref`s: lazily, once per shared target, safe on cycles, reporting a
// finding where Spectral does (at the target, cut short before a segment its pointer decoding mangles,
// or in place for a ref with siblings); and that a huge document lints in bounded work, with truncation.
import { describe, expect, it } from "vitest";
import { RefIndex, isSafeSegment, pointerToPath } from "./refs";
import { goodOperation, lint, oas3, pathsOf } from "./test-helpers";

const json = (schemaRef: string) => ({ description: "ok", content: { "application/json": { schema: { $ref: schemaRef } } } });
const getting = (schemaRef: string) => oas3({ paths: { "/a": { get: { security: [{}], responses: { "200": json(schemaRef) } } } } });

describe("$ref cycles", () => {
  it("lints self- and mutually-recursive schemas once, without looping", () => {
    const doc = getting("#/components/schemas/Node");
    doc.components = {
      schemas: {
        Node: { type: "object", properties: { name: { type: "string" }, children: { type: "array", items: { $ref: "#/components/schemas/Node" } }, peer: { $ref: "#/components/schemas/Peer" } } },
        Peer: { type: "object", properties: { back: { $ref: "#/components/schemas/Node" }, size: { type: "integer" } } },
      },
    };
    const r = lint(doc);
    expect(pathsOf(r, "api4:2023-string-limit")).toEqual(["components.schemas.Node.properties.name"]);
    expect(pathsOf(r, "api4:2023-array-limit")).toEqual(["components.schemas.Node.properties.children"]);
    expect(pathsOf(r, "api4:2023-integer-format")).toEqual(["components.schemas.Peer.properties.size"]);
  });

  it("survives a path item that refers to itself and a chain of refs that loops (Spectral never finishes this one)", () => {
    const doc = oas3({
      paths: { "/a": { $ref: "#/paths/~1a" }, "/b": { get: { responses: { "200": { $ref: "#/components/responses/Loop1" } } } } },
      components: { responses: { Loop1: { $ref: "#/components/responses/Loop2" }, Loop2: { $ref: "#/components/responses/Loop1" } } },
    });
    const r = lint(doc);
    expect(r.truncated).toBe(false);
    // The loop is left as the `$ref` object it is; rules judge that object.
    expect(pathsOf(r, "api4:2023-rate-limit")).toEqual(["components.responses.Loop1"]);
  });

  it("reports through a ref to a missing target at the part of its path that exists, and through a chain ending outside the document where it starts", () => {
    const doc = oas3({
      paths: { "/b": { get: { responses: { "200": { $ref: "#/components/responses/Gone" }, "201": { $ref: "#/components/responses/Far" } } } } },
      components: { responses: { Gone: { $ref: "#/components/responses/Missing" }, Far: { $ref: "other.yaml#/x" } } },
    });
    expect(pathsOf(lint(doc), "api4:2023-rate-limit")).toEqual(["components.responses", "paths./b.get.responses.201"]);
  });
});

describe("where findings reached through a ref are reported", () => {
  it("at the target's own location, once however often it is used", () => {
    const doc = getting("#/components/schemas/Pet");
    (doc.paths as Record<string, unknown>)["/b"] = { get: { security: [{}], responses: { "200": json("#/components/schemas/Pet") } } };
    doc.components = { schemas: { Pet: { type: "object", properties: { name: { type: "string" } } } } };
    expect(pathsOf(lint(doc), "api4:2023-string-limit")).toEqual(["components.schemas.Pet.properties.name"]);
  });

  it("cut before a segment Spectral's URI round trip changes (here `@type` and a space), as well as in place", () => {
    const doc = getting("#/components/schemas/Thing");
    doc.components = { schemas: { Thing: { type: "object", properties: { "@type": { type: "string", enum: ["x"], format: "x", maxLength: 1 }, "a b": { type: "integer", format: "int32", minimum: 0, maximum: 1 }, tags: { type: "array", items: { type: "string", enum: ["t"] } } } } } };
    const r = lint(doc);
    expect(pathsOf(r, "api4:2023-array-limit")).toEqual(["components.schemas.Thing.properties.tags"]);
    expect(lint(withUnsafeString()).findings.filter((f) => f.rule.endsWith("string-limit")).map((f) => f.path.join("."))).toEqual(["components.schemas.Thing.properties", "components.schemas.Thing.properties.@type"]);
  });

  it("in place for a ref with sibling keys met outside any other ref (OpenAPI 3.1 style)", () => {
    const doc = oas3({ components: { schemas: { Holder: { type: "object", properties: { when: { $ref: "#/components/schemas/Date", description: "when it happened" } } }, Date: { type: "string", format: "date" } } } }, "3.1.0");
    expect(pathsOf(lint(doc), "api4:2023-string-limit")).toEqual(["components.schemas.Date", "components.schemas.Holder.properties.when"]);
  });
});

describe("a $ref whose sibling keys shadow its target (left by some bundlers)", () => {
  it("reports what lies under the shadowing siblings at the path as walked, as Spectral's traverseObjUntilRef does", () => {
    const doc = oas3({
      paths: { "/m": { get: { security: [{}], responses: { "200": { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/M", allOf: { "1": { properties: { a: {} } } } } } } } } } } },
      components: { schemas: { M: { allOf: [{ type: "object", properties: { x: { type: "string", format: "f" } } }, { type: "object", properties: { a: { type: "string", format: "f" }, b: { type: "string", format: "f" } } }] } } },
    });
    const walked = "paths./m.get.responses.200.content.application/json.schema.allOf";
    expect(pathsOf(lint(doc), "api4:2023-string-limit")).toEqual([
      "components.schemas.M.allOf.0.properties.x",
      "components.schemas.M.allOf.1.properties.a",
      "components.schemas.M.allOf.1.properties.b",
      `${walked}.0.properties.x`,
      `${walked}.1.properties.a`,
      `${walked}.1.properties.b`,
    ]);
  });
});

function withUnsafeString() {
  const doc = getting("#/components/schemas/Thing");
  doc.components = { schemas: { Thing: { type: "object", properties: { "@type": { type: "string", format: "x" } } } } };
  return doc;
}

describe("ref index internals", () => {
  it("decodes pointers like @stoplight/json and knows which segments survive its encoding", () => {
    expect(pointerToPath("#/paths/~1a~1%7Bid%7D/get")).toEqual(["paths", "/a/{id}", "get"]);
    expect(pointerToPath("#")).toEqual([]);
    expect(pointerToPath("other.yaml#/x")).toBeNull();
    expect(["name", "a-b_c.d", "x~y", "a/b", 3, "a\u2013b"].every(isSafeSegment)).toBe(true);
    expect(["@type", "a b", "{id}", "é", "$ref", "😀"].some(isSafeSegment)).toBe(false);
  });

  it("leaves a ref unresolved when its target contains it or cycles back to it", () => {
    const a = { $ref: "#/s/A" };
    const b = { $ref: "#/s/B" };
    const c = { $ref: "#/s/A" };
    const root = { s: { A: { p: b }, B: { q: a } }, x: c };
    const index = new RefIndex(root);
    index.add(b, b.$ref, ["s", "A", "p"]);
    index.add(a, a.$ref, ["s", "B", "q"]);
    index.add(c, c.$ref, ["x"]);
    expect(index.follow(b)).toBeNull();
    expect(index.follow(a)).toBeNull();
    expect(index.follow(c)?.value).toBe(root.s.A);
  });
});

describe("a huge document", () => {
  function huge(operations: number) {
    const paths: Record<string, unknown> = {};
    for (let i = 0; i < operations; i++) {
      paths[`/r${i}/{id}`] = { get: goodOperation({ parameters: [{ $ref: "#/components/parameters/Id" }], responses: { "200": json(`#/components/schemas/M${i % 50}`) } }) };
    }
    const schemas: Record<string, unknown> = {};
    for (let i = 0; i < 50; i++) schemas[`M${i}`] = { type: "object", properties: { name: { type: "string" }, next: { $ref: `#/components/schemas/M${(i + 1) % 50}` }, list: { type: "array", items: { $ref: `#/components/schemas/M${(i + 7) % 50}` } } } };
    return oas3({ paths, components: { schemas, parameters: { Id: { name: "id", in: "path", required: true, schema: { type: "integer" } } }, securitySchemes: { key: { type: "apiKey", in: "header", name: "k" } } } });
  }

  let doc: ReturnType<typeof huge> | null = null;
  const hugeDoc = () => (doc ??= huge(5000));

  // No timing assertion (the suite shares its machine); the generous timeout only guards against a hang.
  it("lints 5,000 operations sharing cyclic schemas, each finding once", { timeout: 60_000 }, () => {
    const r = lint(hugeDoc(), 100_000);
    expect(r.truncated).toBe(false);
    expect(pathsOf(r, "api1:2023-no-numeric-ids")).toEqual(["components.parameters.Id.schema"]);
    expect(pathsOf(r, "api4:2023-string-limit")).toHaveLength(50);
    expect(pathsOf(r, "api4:2023-rate-limit")).toHaveLength(5000);
    expect(new Set(r.findings.map((f) => `${f.rule} ${f.path.join(".")}`)).size).toBe(r.findings.length);
  });

  it("stops at maxFindings and says so", { timeout: 60_000 }, () => {
    const r = lint(hugeDoc(), 100);
    expect(r.truncated).toBe(true);
    expect(r.findings).toHaveLength(100);
    expect(lint(huge(2), 0)).toMatchObject({ findings: [], truncated: true });
  });
});
