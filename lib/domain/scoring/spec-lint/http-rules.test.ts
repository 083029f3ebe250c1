// API1 / API2 / API4 / API5 / API7 / API8 / API9 rules on small synthetic documents: responses and
// headers, parameters, security schemes and requirements, servers and schemes. Each case has a
// compliant counterpart, and paths are where Spectral reports them (the deepest part that exists).
import { describe, expect, it } from "vitest";
import { byRule, goodOperation, goodResponses, limitedHeaders, lint, oas3, pathsOf, swagger2 } from "./test-helpers";

const secured = { components: { securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key" } } } };
const op = (operation: Record<string, unknown>, path = "/things") => oas3({ ...secured, paths: { [path]: { get: operation } } });

describe("a compliant operation", () => {
  it("raises nothing but the server-less document's silence", () => {
    expect(byRule(lint(op(goodOperation())))).toEqual({});
  });
});

describe("responses (API4 rate limiting, API8 error responses)", () => {
  it("wants 400/422/4XX, 401 and 500 with content, and a 429 with content", () => {
    const r = lint(op({ security: [{ key: [] }], responses: { "200": { description: "ok", headers: limitedHeaders() }, "401": { description: "no body", headers: limitedHeaders() } } }));
    const at = "paths./things.get.responses";
    expect(pathsOf(r, "api8:2023-define-error-validation")).toEqual([at]);
    expect(pathsOf(r, "api8:2023-define-error-responses-401")).toEqual([`${at}.401`]);
    expect(pathsOf(r, "api8:2023-define-error-responses-500")).toEqual([at]);
    expect(pathsOf(r, "api4:2023-rate-limit-responses-429")).toEqual([at]);
  });

  it("accepts 422 or 4XX for validation errors (case-sensitive)", () => {
    const responses = (code: string) => ({ ...goodResponses(), "400": undefined, [code]: { description: "bad", headers: limitedHeaders(), content: {} } });
    expect(pathsOf(lint(op({ security: [{ key: [] }], responses: JSON.parse(JSON.stringify(responses("422"))) })), "api8:2023-define-error-validation")).toEqual([]);
    expect(pathsOf(lint(op({ security: [{ key: [] }], responses: JSON.parse(JSON.stringify(responses("4xx"))) })), "api8:2023-define-error-validation")).toEqual(["paths./things.get.responses"]);
  });

  it("rate-limit: every 2XX / 4XX response needs exactly one rate-limit header set", () => {
    const responses = {
      ...goodResponses(),
      "201": { description: "none" },
      "202": { description: "draft", headers: { RateLimit: {}, "Access-Control-Allow-Origin": {} } },
      "203": { description: "split", headers: { "RateLimit-Limit": {}, "Access-Control-Allow-Origin": {} } },
      "204": { description: "two sets", headers: { "X-RateLimit-Limit": {}, "X-Rate-Limit-Limit": {}, "Access-Control-Allow-Origin": {} } },
      "301": { description: "not 2XX/4XX" },
    };
    const r = lint(op({ security: [{ key: [] }], responses }));
    expect(pathsOf(r, "api4:2023-rate-limit")).toEqual(["paths./things.get.responses.201", "paths./things.get.responses.203.headers", "paths./things.get.responses.204.headers"]);
  });

  it("rate-limit-retry-after: a 429 with headers needs Retry-After", () => {
    const responses = { ...goodResponses(), "429": { description: "slow", headers: limitedHeaders(), content: {} } };
    expect(pathsOf(lint(op({ security: [{ key: [] }], responses })), "api4:2023-rate-limit-retry-after")).toEqual(["paths./things.get.responses.429.headers"]);
  });

  it("define-cors-origin: every headers object needs Access-Control-Allow-Origin", () => {
    const responses = { ...goodResponses(), "200": { description: "ok", headers: { "X-RateLimit-Limit": {} } } };
    expect(pathsOf(lint(op({ security: [{ key: [] }], responses })), "api8:2023-define-cors-origin")).toEqual(["paths./things.get.responses.200.headers"]);
  });

  it("follows a $ref response and reports the component", () => {
    const doc = oas3({
      ...secured,
      paths: { "/things": { get: { security: [{ key: [] }], responses: { ...goodResponses(), "401": { $ref: "#/components/responses/Unauthorised" } } } } },
      components: { ...secured.components, responses: { Unauthorised: { description: "no body", headers: limitedHeaders() } } },
    });
    expect(pathsOf(lint(doc), "api8:2023-define-error-responses-401")).toEqual(["components.responses.Unauthorised"]);
  });
});

describe("parameters", () => {
  const params = (parameters: unknown[]) => op(goodOperation({ parameters }), "/things/{id}");

  it("no-numeric-ids: id-like parameters must not be integers (a schema without a type also fails)", () => {
    const r = lint(params([
      { name: "id", in: "path", schema: { type: "integer" } },
      { name: "user_id", in: "query", schema: { format: "x" } },
      { name: "orgId", in: "query", schema: { type: "string", format: "uuid" } },
      { name: "idea", in: "query", schema: { type: "integer" } },
    ]));
    expect(pathsOf(r, "api1:2023-no-numeric-ids")).toEqual(["paths./things/{id}.get.parameters.0.schema", "paths./things/{id}.get.parameters.1.schema"]);
  });

  it("no-credentials-in-url: query and path parameters must not look like credentials", () => {
    const r = lint(params([
      { name: "access_token", in: "query", schema: { type: "string", enum: ["x"] } },
      { name: "X-Api-Key", in: "path", schema: { type: "string", enum: ["x"] } },
      { name: "api_key", in: "query", schema: { type: "string", enum: ["x"] } },
      { name: "token", in: "header", schema: { type: "string", enum: ["x"] } },
    ]));
    expect(pathsOf(r, "api2:2023-no-credentials-in-url")).toEqual(["paths./things/{id}.get.parameters.0.name", "paths./things/{id}.get.parameters.1.name"]);
  });

  it("concerning-url-parameter (info): callback / redirect / *_url parameters", () => {
    const r = lint(params([
      { name: "callback", in: "query", schema: { type: "string", enum: ["x"] } },
      { name: "imageUrl", in: "query", schema: { type: "string", enum: ["x"] } },
      { name: "urls", in: "query", schema: { type: "string", enum: ["x"] } },
    ]));
    expect(pathsOf(r, "api7:2023-concerning-url-parameter")).toEqual(["paths./things/{id}.get.parameters.0.name", "paths./things/{id}.get.parameters.1.name"]);
    expect(r.findings.find((f) => f.rule.includes("concerning"))?.severity).toBe("info");
  });
});

describe("security schemes (API2)", () => {
  const schemes = (securitySchemes: Record<string, unknown>) => oas3({ components: { securitySchemes } });

  it("flags HTTP basic, API keys in the query or path, and Negotiate / OAuth 1 schemes", () => {
    const r = lint(schemes({
      basic: { type: "http", scheme: "basic" },
      capital: { type: "http", scheme: "Basic" },
      query: { type: "apiKey", in: "query", name: "k" },
      header: { type: "apiKey", in: "header", name: "k" },
      negotiate: { type: "http", scheme: "negotiate" },
      bearer: { type: "http", scheme: "bearer" },
    }));
    expect(pathsOf(r, "api2:2023-no-http-basic")).toEqual(["components.securitySchemes.basic.scheme"]);
    expect(pathsOf(r, "api2:2023-no-api-keys-in-url")).toEqual(["components.securitySchemes.query.in"]);
    expect(pathsOf(r, "api2:2023-auth-insecure-schemes")).toEqual(["components.securitySchemes.negotiate.scheme"]);
  });

  it("JWT and OAuth 2 schemes must cite RFC8725; OAuth 2 flows need a refreshUrl", () => {
    const r = lint(schemes({
      jwt: { type: "http", scheme: "bearer", bearerFormat: "JWT" },
      vague: { type: "http", scheme: "bearer", bearerFormat: "jwt", description: "a token" },
      good: { type: "oauth2", description: "Conforms to RFC8725.", flows: { authorizationCode: { authorizationUrl: "https://a", tokenUrl: "https://t", refreshUrl: "https://r", scopes: {} } } },
      noRefresh: { type: "oauth2", description: "RFC8725", flows: { clientCredentials: { tokenUrl: "https://t", scopes: {} } } },
    }));
    expect(pathsOf(r, "api2:2023-jwt-best-practices")).toEqual(["components.securitySchemes.jwt", "components.securitySchemes.vague.description"]);
    expect(pathsOf(r, "api2:2023-short-lived-access-tokens")).toEqual(["components.securitySchemes.noRefresh.flows.clientCredentials"]);
  });
});

describe("security requirements (API2, API5)", () => {
  it("write-restricted (error) and read-restricted (warn) flag operations without any security", () => {
    const doc = oas3({ ...secured, paths: { "/a": { get: { responses: goodResponses() }, post: { security: [], responses: goodResponses() }, put: goodOperation() } } });
    const r = lint(doc);
    expect(pathsOf(r, "api2:2023-read-restricted")).toEqual(["paths./a.get"]);
    expect(pathsOf(r, "api2:2023-write-restricted")).toEqual(["paths./a.post.security"]);
  });

  it("global security covers operations that do not override it", () => {
    const doc = oas3({ ...secured, security: [{ key: [] }], paths: { "/a": { get: { responses: goodResponses() } } } });
    expect(pathsOf(lint(doc), "api2:2023-read-restricted")).toEqual([]);
  });

  it("admin-security-unique: an /admin operation must not reuse a non-admin requirement", () => {
    const doc = oas3({ ...secured, paths: { "/admin/users": { get: goodOperation() }, "/users": { get: goodOperation() }, "/admin/keys": { get: goodOperation({ security: [{ admin: [] }] }) } } });
    expect(pathsOf(lint(doc), "api5:2023-admin-security-unique")).toEqual(["paths./admin/users.get.security.0"]);
  });
});

describe("servers and schemes (API8, API9)", () => {
  it("OpenAPI 3: https servers, marked x-internal, with an environment in the description", () => {
    const r = lint(oas3({ servers: [{ url: "http://api.example.com", description: "Production" }, { url: "https://api.example.com", "x-internal": false, description: "Main" }, { url: "https://sandbox.example.com" }] }));
    expect(pathsOf(r, "api8:2023-no-server-http")).toEqual(["servers.0.url"]);
    expect(pathsOf(r, "api9:2023-inventory-access")).toEqual(["servers.0", "servers.2"]);
    expect(pathsOf(r, "api9:2023-inventory-environment")).toEqual(["servers.1.description"]);
  });

  it("Swagger 2.0: schemes must be https or wss; server rules do not apply", () => {
    const r = lint(swagger2({ schemes: ["https", "http", "wss"], servers: [{ url: "http://x" }] }));
    expect(pathsOf(r, "api8:2023-no-scheme-http")).toEqual(["schemes.1"]);
    expect(pathsOf(r, "api8:2023-no-server-http")).toEqual([]);
    expect(r.rulesRun).not.toContain("owasp:api9:2023-inventory-access");
  });
});

describe("documents that are not OpenAPI", () => {
  it("runs no rule", () => {
    for (const doc of [null, 42, "openapi", [], { info: {} }, { openapi: "2.0" }]) expect(lint(doc)).toEqual({ findings: [], truncated: false, rulesRun: [] });
  });
});
