import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import YAML from "yaml";
import { basePathOf, parseOpenApi } from "./openapi";
import { IngestInputError, type IngestProblem } from "./types";

const FIXTURES = fileURLToPath(new URL("../../../test/fixtures/openapi/", import.meta.url));
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");
const asYaml = (name: string) => YAML.stringify(JSON.parse(fixture(name)));

async function problemOf(text: string, options?: { maxBytes?: number }): Promise<IngestProblem> {
  try {
    await parseOpenApi(text, options);
  } catch (e) {
    expect(e).toBeInstanceOf(IngestInputError);
    return (e as IngestInputError).problems[0];
  }
  throw new Error("expected an IngestInputError");
}

const minimal = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ openapi: "3.0.3", info: { title: "T", version: "1" }, paths: { "/a": { get: { responses: {} } } }, ...extra });

describe("parseOpenApi on real specs", () => {
  it("reads Swagger 2.0: basePath, securityDefinitions, deprecated, operation security", async () => {
    const spec = await parseOpenApi(fixture("instagram.com.swagger2.json"));
    expect(spec.specVersion).toBe("2.0");
    expect(spec.title).toBe("Instagram API");
    expect(spec.version).toBe("1.0.0");
    expect(spec.basePaths).toEqual(["/v1"]);
    expect(spec.operations).toHaveLength(27);
    expect(spec.operations.filter((o) => o.deprecated).map((o) => o.path)).toEqual(["/geographies/{geo-id}/media/recent", "/media/popular", "/users/self/feed"]);
    expect(spec.securitySchemes).toEqual({ api_key: { type: "apiKey", in: "query", name: "access_token" }, instagram_auth: { type: "oauth2" } });
    const follows = spec.operations.find((o) => o.method === "GET" && o.path === "/users/{user-id}/follows");
    expect(follows?.security).toEqual(["api_key", "instagram_auth"]);
    expect((spec.document as { swagger: string }).swagger).toBe("2.0");
  });

  it("reads the same Swagger 2.0 document written as YAML", async () => {
    const json = await parseOpenApi(fixture("instagram.com.swagger2.json"));
    const yaml = await parseOpenApi(asYaml("instagram.com.swagger2.json"));
    expect(yaml.operations).toEqual(json.operations);
    expect(yaml.basePaths).toEqual(["/v1"]);
  });

  it("reads OpenAPI 3.0 (JSON and YAML): servers (also an operation's), document-level security, deprecated", async () => {
    for (const text of [fixture("nexmo.com-conversation.json"), asYaml("nexmo.com-conversation.json")]) {
      const spec = await parseOpenApi(text);
      expect(spec.specVersion).toBe("3.0");
      // PUT /conversations/{conversation_id}/record overrides its server with ".../v1".
      expect(spec.basePaths).toEqual(["/v0.1", "/v1"]);
      expect(spec.operations).toHaveLength(23);
      expect(spec.operations.filter((o) => o.deprecated)).toHaveLength(4);
      expect(spec.operations.every((o) => o.security.join() === "bearerAuth")).toBe(true);
      expect(spec.securitySchemes.bearerAuth).toEqual({ type: "http", scheme: "bearer" });
    }
  });

  it("substitutes server variables with their defaults", async () => {
    const spec = await parseOpenApi(fixture("va.gov-confirmation.json"));
    expect(spec.basePaths).toEqual(["/services/veteran_confirmation/v0"]);
    expect(spec.operations).toEqual([{ method: "POST", path: "/status", deprecated: true, operationId: "getVeteranStatus", security: ["apikey"] }]);
  });

  it("reads OpenAPI 3.1 and an explicit empty document-level security", async () => {
    const codat = await parseOpenApi(asYaml("codat.io-banking.json"));
    expect(codat.specVersion).toBe("3.1");
    expect(codat.basePaths).toEqual([""]);
    expect(codat.operations.filter((o) => o.deprecated)).toHaveLength(3);
    const guru = await parseOpenApi(fixture("apis.guru.json"));
    expect(guru.operations.map((o) => o.path)).toContain("/{provider}.json");
    expect(guru.operations.every((o) => o.security.length === 0)).toBe(true);
    expect(guru.basePaths).toEqual(["/v2"]);
  });

  it("parses GitHub's spec (1,000+ operations) in well under a few seconds", async () => {
    const text = fs.readFileSync(path.resolve(FIXTURES, "../../../node_modules/@octokit/openapi/generated/api.github.com.json"), "utf8");
    const started = performance.now();
    const spec = await parseOpenApi(text);
    const elapsed = performance.now() - started;
    expect(spec.operations.length).toBeGreaterThan(1000);
    expect(spec.basePaths).toEqual([""]);
    expect(elapsed).toBeLessThan(4000);
  }, 30_000);
});

describe("parseOpenApi details", () => {
  it("reads enumerated path parameters (Swagger 2 on the parameter, through $ref; OpenAPI 3 on the schema); the operation's override the path item's", async () => {
    // Azure's way of spelling a fixed action as a one-value parameter.
    const swagger = await parseOpenApi(
      JSON.stringify({
        swagger: "2.0",
        info: { title: "jit", version: "1" },
        paths: {
          "/policies/{name}/{action}": {
            parameters: [{ $ref: "#/parameters/Action" }, { name: "name", in: "path", required: true, type: "string" }],
            post: { responses: {} },
            put: { parameters: [{ name: "action", in: "path", required: true, type: "string", enum: ["initiate", "revoke"] }], responses: {} },
          },
          "/plain/{id}": { get: { parameters: [{ name: "id", in: "path", required: true, type: "string" }], responses: {} } },
        },
        parameters: { Action: { name: "action", in: "path", required: true, type: "string", enum: ["initiate"] } },
      }),
    );
    expect(swagger.operations.map((o) => [o.method, o.path, o.pathEnums])).toEqual([
      ["PUT", "/policies/{name}/{action}", { action: ["initiate", "revoke"] }],
      ["POST", "/policies/{name}/{action}", { action: ["initiate"] }],
      ["GET", "/plain/{id}", undefined],
    ]);
    const oas3 = await parseOpenApi(
      minimal({
        paths: { "/reports/{format}": { get: { parameters: [{ name: "format", in: "path", required: true, schema: { $ref: "#/components/schemas/Format" } }], responses: {} } } },
        components: { schemas: { Format: { type: "string", enum: ["csv", "pdf"] } } },
      }),
    );
    expect(oas3.operations[0].pathEnums).toEqual({ format: ["csv", "pdf"] });
  });

  it("reads numeric path parameters (Swagger 2 on the parameter, OpenAPI 3 on the schema, 3.1 with null); an enumeration wins over the type", async () => {
    const swagger = await parseOpenApi(
      JSON.stringify({
        swagger: "2.0",
        info: { title: "Bungie", version: "2.18" },
        paths: {
          "/Destiny2/{membershipType}/Profile/{destinyMembershipId}": {
            parameters: [{ $ref: "#/parameters/MembershipType" }],
            get: { parameters: [{ name: "destinyMembershipId", in: "path", required: true, type: "integer", format: "int64" }], responses: {} },
            delete: { parameters: [{ name: "membershipType", in: "path", required: true, type: "string" }, { name: "destinyMembershipId", in: "path", required: true, type: "string" }], responses: {} },
          },
          "/Tiers/{tier}": { get: { parameters: [{ name: "tier", in: "path", required: true, type: "integer", enum: [1, 2, 3] }], responses: {} } },
        },
        parameters: { MembershipType: { name: "membershipType", in: "path", required: true, type: "integer", format: "int32" } },
      }),
    );
    expect(swagger.operations.map((o) => [o.method, o.path, o.pathTypes, o.pathEnums])).toEqual([
      ["GET", "/Destiny2/{membershipType}/Profile/{destinyMembershipId}", { membershipType: "integer", destinyMembershipId: "integer" }, undefined],
      ["DELETE", "/Destiny2/{membershipType}/Profile/{destinyMembershipId}", undefined, undefined],
      ["GET", "/Tiers/{tier}", undefined, { tier: ["1", "2", "3"] }],
    ]);
    const oas3 = await parseOpenApi(
      minimal({
        paths: {
          "/maps/{lat}/{lon}/{zoom}": {
            get: {
              parameters: [
                { name: "lat", in: "path", required: true, schema: { $ref: "#/components/schemas/Coordinate" } },
                { name: "lon", in: "path", required: true, schema: { type: ["number", "null"] } },
                { name: "zoom", in: "path", required: true, schema: { type: "string", pattern: "^[0-9]+$" } },
              ],
              responses: {},
            },
          },
        },
        components: { schemas: { Coordinate: { type: "number", format: "double" } } },
      }),
    );
    expect(oas3.operations[0].pathTypes).toEqual({ lat: "number", lon: "number" });
  });

  it("takes operation security over document security; [] means none", async () => {
    const spec = await parseOpenApi(
      minimal({
        security: [{ key: [] }],
        paths: { "/a": { get: { responses: {} }, post: { security: [], responses: {} }, put: { security: [{ oauth: ["w"], key: [] }, {}], responses: {} } } },
        components: { securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key" }, oauth: { $ref: "#/components/x" } }, x: { type: "oauth2" } },
      }),
    );
    expect(spec.operations.map((o) => [o.method, o.security])).toEqual([["GET", ["key"]], ["PUT", ["oauth", "key"]], ["POST", []]]);
    expect(spec.securitySchemes).toEqual({ key: { type: "apiKey", in: "header", name: "X-Key" }, oauth: { type: "oauth2" } });
  });

  it("normalises and deduplicates server base paths", async () => {
    const servers = [
      { url: "https://api.example.com/v1/" },
      { url: "http://localhost:8080/v1" },
      { url: "/api/v2" },
      { url: "api/v3" },
      { url: "{scheme}://{host}/{basePath}", variables: { scheme: { default: "https" }, host: { default: "x.io" }, basePath: { default: "v4" } } },
      { url: "https://x.io/{tenant}/api", variables: { tenant: { enum: ["acme"] } } },
      { url: "https://x.io/base/{nodefault}/more" },
      { url: "https://x.io" },
    ];
    const spec = await parseOpenApi(minimal({ servers }));
    expect(spec.basePaths).toEqual(["/v1", "/api/v2", "/api/v3", "/v4", "/acme/api", "/base", ""]);
    expect((await parseOpenApi(minimal())).basePaths).toEqual([""]);
    expect((await parseOpenApi(minimal({ servers: [] }))).basePaths).toEqual([""]);
    expect(["/", "", "https://h", "//h/x/", "./v1", "/a//b/"].map(basePathOf)).toEqual(["", "", "", "/x", "/v1", "/a/b"]);
  });

  it("reads YAML written in flow style, which looks like JSON", async () => {
    const spec = await parseOpenApi("{openapi: 3.0.0, info: {title: Flow, version: '1'}, paths: {/a: {get: {}}}}");
    expect(spec.title).toBe("Flow");
    expect(spec.operations.map((o) => o.path)).toEqual(["/a"]);
  });

  it("reads Swagger 2 without basePath as the root", async () => {
    const spec = await parseOpenApi(JSON.stringify({ swagger: "2.0", info: { title: "S", version: 2 }, paths: { "/x/": { delete: {} } } }));
    expect(spec.basePaths).toEqual([""]);
    expect(spec.version).toBe("2");
    expect(spec.operations).toEqual([{ method: "DELETE", path: "/x/", deprecated: false, security: [] }]);
  });

  it("resolves a local path-item $ref and a parameter $ref", async () => {
    const spec = await parseOpenApi(
      minimal({
        paths: { "/a": { $ref: "#/x-shared/item" }, "/b/{id}": { parameters: [{ $ref: "#/components/parameters/id" }], get: { deprecated: true } } },
        "x-shared": { item: { get: { operationId: "getA" } } },
        components: { parameters: { id: { name: "id", in: "path", required: true, schema: { type: "integer" } } } },
      }),
    );
    expect(spec.operations).toEqual([
      { method: "GET", path: "/a", deprecated: false, operationId: "getA", security: [] },
      { method: "GET", path: "/b/{id}", deprecated: true, security: [], pathTypes: { id: "integer" } },
    ]);
  });
});

describe("parseOpenApi problems", () => {
  afterEach(() => vi.restoreAllMocks());

  it("reports truncated JSON with the last line", async () => {
    const text = JSON.stringify(JSON.parse(fixture("va.gov-confirmation.json")), null, 2);
    for (const share of [0.1, 0.33, 0.5, 0.77, 0.999]) {
      const cut = text.slice(0, Math.floor(text.length * share));
      const lines = cut.trimEnd().split("\n").length;
      expect(await problemOf(cut)).toEqual({ location: `line ${lines}`, reason: `Unexpected end of JSON input at line ${lines} (truncated file?)` });
    }
  });

  it("locates a JSON syntax error by line", async () => {
    expect((await problemOf('{\n  "openapi": "3.0.0",\n  "info": {,\n}')).location).toBe("line 3");
    expect((await problemOf('{\n  "a": 1\n  "b": 2\n}')).location).toBe("line 3");
  });

  it("locates a YAML syntax error by line", async () => {
    const p = await problemOf("openapi: 3.0.0\ninfo:\n  title: [unclosed\n  version: 1\npaths: {}\n");
    expect(p.location).toMatch(/^line \d+$/);
    expect(p.reason).toMatch(/^YAML syntax error/);
  });

  it("refuses a YAML bomb", async () => {
    const lol = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (const [name, prev] of [["b", "a"], ["c", "b"], ["d", "c"], ["e", "d"], ["f", "e"], ["g", "f"], ["h", "g"]]) {
      lol.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(", ")}]`);
    }
    const started = performance.now();
    const p = await problemOf(`openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n${lol.join("\n")}\n`);
    expect(p.reason).toMatch(/too many aliases \(possible YAML bomb\)/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("refuses a path item that refers to itself, but accepts a schema cycle", async () => {
    const loop = await problemOf(minimal({ paths: { "/a": { $ref: "#/paths/~1a" } } }));
    expect(loop.location).toBe("$.paths./a");
    expect(loop.reason).toMatch(/loops back to itself/);
    const twoStep = await problemOf(minimal({ paths: { "/a": { $ref: "#/paths/~1b" }, "/b": { $ref: "#/paths/~1a" } } }));
    expect(twoStep.reason).toMatch(/circular/);
    const cyclic = { Node: { type: "object", properties: { child: { $ref: "#/components/schemas/Node" }, list: { type: "array", items: { $ref: "#/components/schemas/Node" } } } } };
    const spec = await parseOpenApi(minimal({ components: { schemas: cyclic }, paths: { "/n": { get: { responses: { 200: { description: "ok", content: { "application/json": { schema: { $ref: "#/components/schemas/Node" } } } } } } } } }));
    expect(spec.operations).toHaveLength(1);
  });

  it("reports a remote $ref without fetching it", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    const p = await problemOf(minimal({ paths: { "/users": { $ref: "https://example.com/paths.yaml#/users" } } }));
    expect(p.location).toBe("$.paths./users");
    expect(p.reason).toMatch(/external \$ref 'https:\/\/example\.com\/paths\.yaml#\/users' is not fetched/);
    const param = await problemOf(minimal({ paths: { "/u": { get: { parameters: [{ $ref: "common.yaml#/parameters/id" }] } } } }));
    expect(param.location).toBe("$.paths./u.get.parameters[0]");
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it("reports a local $ref that points to nothing", async () => {
    const p = await problemOf(minimal({ paths: { "/u": { get: { parameters: [{ $ref: "#/components/parameters/missing" }] } } } }));
    expect(p).toEqual({ location: "$.paths./u.get.parameters[0]", reason: "$ref '#/components/parameters/missing' points to nothing in this document" });
  });

  it("refuses binary input", async () => {
    expect((await problemOf("\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR")).reason).toMatch(/^not a text file/);
    const bytes = Uint8Array.from({ length: 400 }, (_, i) => 0x80 + ((i * 37) % 0x7f));
    expect((await problemOf(new TextDecoder().decode(bytes))).reason).toMatch(/^not a text file/);
  });

  it("refuses inputs over the size limit and empty inputs", async () => {
    expect((await problemOf(minimal(), { maxBytes: 50 })).reason).toMatch(/larger than the .* limit/);
    expect((await problemOf("  \n")).reason).toMatch(/empty/);
  });

  it("requires an OpenAPI or Swagger document with info", async () => {
    expect((await problemOf('{"name": "not a spec"}')).reason).toBe("not an OpenAPI or Swagger document: missing 'openapi' or 'swagger' field");
    expect((await problemOf("- just\n- a list\n")).reason).toMatch(/not an OpenAPI or Swagger document/);
    expect(await problemOf(JSON.stringify({ openapi: "3.0.0", paths: {} }))).toEqual({ location: "$.info", reason: "missing 'info' object (title and version are required)" });
    expect((await problemOf(JSON.stringify({ openapi: "3.0.0", info: { version: "1" }, paths: {} }))).location).toBe("$.info.title");
    expect((await problemOf(JSON.stringify({ openapi: "3.0.0", info: { title: "t" }, paths: {} }))).location).toBe("$.info.version");
    expect((await problemOf(JSON.stringify({ openapi: "4.0.0", info: { title: "t", version: "1" } }))).location).toBe("$.openapi");
    expect((await problemOf(JSON.stringify({ swagger: "1.2", info: { title: "t", version: "1" } }))).location).toBe("$.swagger");
    expect((await problemOf(JSON.stringify({ openapi: "3.0.0", info: { title: "t", version: "1" } }))).location).toBe("$.paths");
    expect((await problemOf(minimal({ paths: { "/a": { get: "nope" } } }))).location).toBe("$.paths./a.get");
  });

  it("refuses a version field that is a mapping or a list with a located error (found by the fuzz test: TypeError)", async () => {
    const hostile = JSON.parse('{"constructor": "x", "toString": 1, "valueOf": null}');
    expect(await problemOf(JSON.stringify({ swagger: hostile, info: { title: "t", version: "1" }, paths: {} }))).toEqual({
      location: "$.swagger",
      reason: "unsupported Swagger version '(a mapping)' (only 2.0)",
    });
    expect((await problemOf(JSON.stringify({ openapi: hostile, info: { title: "t", version: "1" }, paths: {} }))).location).toBe("$.openapi");
    expect((await problemOf(JSON.stringify({ openapi: ["3.0.0"], info: { title: "t", version: "1" }, paths: {} }))).reason).toMatch(/'\(a list\)'/);
  });

  it("accepts an empty title (common in the wild) and a 3.1 document without paths", async () => {
    const spec = await parseOpenApi(JSON.stringify({ openapi: "3.1.0", info: { title: "", version: "1" }, webhooks: {} }));
    expect(spec.title).toBe("Untitled API");
    expect(spec.operations).toEqual([]);
  });
});
