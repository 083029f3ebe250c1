import { describe, expect, it } from "vitest";
import { canonical, Dice, documentWith, generateTraffic, mulberry32, planSpec, rawOperations, serverInfo, valueFor, type Obj } from "./discovery-truth";

const SPEC: Obj = {
  openapi: "3.0.3",
  info: { title: "Projects", version: "2.1.0" },
  servers: [{ url: "https://{region}.api.example.com/api/v2/", variables: { region: { default: "eu" } } }],
  components: {
    parameters: { ProjectGid: { name: "project_gid", in: "path", required: true, schema: { $ref: "#/components/schemas/Gid" } } },
    schemas: { Gid: { type: "integer" } },
  },
  paths: {
    "/projects": { get: { responses: {} }, post: { responses: {} } },
    "/projects/{project_gid}": {
      parameters: [{ $ref: "#/components/parameters/ProjectGid" }],
      get: { responses: {} },
      delete: { deprecated: true, responses: {} },
    },
    "/users/{username}/repos": { get: { parameters: [{ name: "username", in: "path", schema: { type: "string" } }], responses: {} } },
    "/files/{name}.json": { get: { parameters: [{ name: "name", in: "path", schema: { type: "string" } }], responses: {} } },
    "/v1/{name}:disable": { post: { parameters: [{ name: "name", in: "path", schema: { type: "string" } }], responses: {} } },
    "/": { get: { responses: {} } },
    "/#X-Amz-Target=Service.Op": { post: { responses: {} } },
  },
};

describe("serverInfo", () => {
  it("reads host and base path from servers[0] with variables at their defaults", () => {
    expect(serverInfo(SPEC)).toEqual({ host: "eu.api.example.com", basePath: "/api/v2" });
  });
  it("has no host for a relative server URL, and no base path for a bare host", () => {
    expect(serverInfo({ openapi: "3.0.0", servers: [{ url: "/v1" }] })).toEqual({ host: null, basePath: "/v1" });
    expect(serverInfo({ openapi: "3.0.0", servers: [{ url: "https://API.Example.com" }] })).toEqual({ host: "api.example.com", basePath: "" });
    expect(serverInfo({ openapi: "3.0.0" })).toEqual({ host: null, basePath: "" });
  });
  it("reads Swagger 2 host and basePath", () => {
    expect(serverInfo({ swagger: "2.0", host: "petstore.swagger.io:443", basePath: "/v2/" })).toEqual({ host: "petstore.swagger.io", basePath: "/v2" });
  });
});

describe("rawOperations", () => {
  it("lists methods with deprecated flags and path parameter schemas through $refs and path-level parameters", () => {
    const ops = rawOperations(SPEC);
    expect(ops.map((o) => `${o.method} ${o.path}`)).toContain("DELETE /projects/{project_gid}");
    expect(ops.find((o) => o.method === "DELETE")?.deprecated).toBe(true);
    expect(ops.find((o) => o.method === "GET" && o.path === "/projects/{project_gid}")?.deprecated).toBe(false);
    expect(ops.find((o) => o.method === "GET" && o.path === "/projects/{project_gid}")?.params.get("project_gid")).toEqual({ type: "integer" });
    expect(ops).toHaveLength(9);
  });
});

describe("canonical", () => {
  it("writes every parameter as {} and keeps fixed prefixes and suffixes", () => {
    expect(canonical("/projects/{project_gid}/")).toBe("/projects/{}");
    expect(canonical("/files/{name}.json")).toBe("/files/{}.json");
    expect(canonical("/v1/{name}:disable")).toBe("/v1/{}:disable");
    expect(canonical("/a%2Db")).toBe("/a-b");
    expect(canonical("/{Bucket}/{Key}#uploadId")).toBe("/{}/{}#uploadId");
  });
});

describe("planSpec and documentWith", () => {
  it("hides operations from both versions, removes some from version B, and marks some deprecated there", () => {
    const many: Obj = { openapi: "3.0.0", info: { title: "t", version: "1" }, paths: Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`/things${i}/{id}`, { get: { responses: {} }, put: { responses: {} } }])) };
    const ops = rawOperations(many);
    const plan = planSpec(ops, new Dice(mulberry32(7)));
    expect(plan.hidden.length).toBeGreaterThan(0);
    expect(plan.removed.length).toBeGreaterThan(0);
    expect(plan.markedDeprecated.length).toBeGreaterThan(0);
    const a = rawOperations(documentWith(many, plan.versionA));
    const b = rawOperations(documentWith(many, plan.versionB, plan.markedDeprecated));
    const keys = (xs: { method: string; path: string }[]) => new Set(xs.map((o) => `${o.method} ${o.path}`));
    for (const h of plan.hidden) {
      expect(keys(a).has(`${h.method} ${h.path}`)).toBe(false);
      expect(keys(b).has(`${h.method} ${h.path}`)).toBe(false);
    }
    for (const r of plan.removed) {
      expect(keys(a).has(`${r.method} ${r.path}`)).toBe(true);
      expect(keys(b).has(`${r.method} ${r.path}`)).toBe(false);
    }
    for (const m of plan.markedDeprecated) expect(b.find((o) => o.method === m.method && o.path === m.path)?.deprecated).toBe(true);
    // The original document is not changed.
    expect(rawOperations(many)).toHaveLength(160);
  });
});

describe("generateTraffic", () => {
  const ops = rawOperations(SPEC);
  const plan = planSpec(ops, new Dice(mulberry32(1)));
  const traffic = generateTraffic(new Dice(mulberry32(3)), ops, plan, { host: "eu.api.example.com", basePath: "/api/v2", maxCalledOps: 40, shadowMinCalls: 12 });

  it("prefixes the base path and keeps truth relative to it", () => {
    for (const r of traffic.requests) {
      expect(r.path.startsWith("/api/v2")).toBe(true);
      expect(r.truth.startsWith("/api/v2")).toBe(false);
      expect(new URL(r.url).hostname).toBe("eu.api.example.com");
    }
  });

  it("calls the deprecated operation as a zombie, injects shadows, and never calls query or fragment paths", () => {
    const status = (method: string, template: string) => traffic.endpoints.get(`${method} ${template}`)?.status;
    expect(["zombie", "deprecated"]).toContain(status("DELETE", "/projects/{}"));
    expect(traffic.requests.some((r) => r.truth.includes("#"))).toBe(false);
    const shadows = [...traffic.endpoints].filter(([, e]) => e.status === "shadow").map(([, e]) => e.kind);
    expect(shadows).toEqual(expect.arrayContaining(["literal-sibling", "sub-resource", "new-path", "undocumented-method"]));
    // Never called (a request cannot carry the fragment): an orphan.
    expect(status("POST", "/#X-Amz-Target=Service.Op")).toBe("orphan");
  });

  it("fills parameters with values that are not literals of the spec, suffixes kept", () => {
    for (const r of traffic.requests.filter((x) => x.truth === "/files/{}.json")) expect(r.path).toMatch(/^\/api\/v2\/files\/[^/.]+\.json$/);
    for (const r of traffic.requests.filter((x) => x.truth === "/v1/{}:disable")) expect(r.path).toMatch(/^\/api\/v2\/v1\/[^/:]+:disable$/);
    const literals = new Set(["projects", "users", "repos", "files", "v1"]);
    for (const r of traffic.requests) for (const seg of r.path.split("/")) expect(literals.has(seg) && !r.truth.includes(seg)).toBe(false);
  });

  it("is deterministic for a seed", () => {
    const again = generateTraffic(new Dice(mulberry32(3)), ops, planSpec(ops, new Dice(mulberry32(1))), { host: "eu.api.example.com", basePath: "/api/v2", maxCalledOps: 40, shadowMinCalls: 12 });
    expect(again.requests.map((r) => r.url)).toEqual(traffic.requests.map((r) => r.url));
  });
});

describe("valueFor", () => {
  it("gives word-like names for user and project parameters, numbers for integers, UUIDs for uuid", () => {
    const d = new Dice(mulberry32(5));
    expect(valueFor(d, "count", { type: "integer" }).value).toMatch(/^\d+$/);
    expect(valueFor(d, "x", { type: "string", format: "uuid" }).value).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4/);
    const user = valueFor(d, "username", {});
    expect(user.kind).toBe("word");
    expect(user.value).toMatch(/^[a-z][a-z0-9_-]*$/);
    expect(valueFor(d, "region", {}).value).toMatch(/^[a-z]+(-[a-z]+)?-?\d*$/);
    expect(valueFor(d, "format", { enum: ["json", "xml"] })).toMatchObject({ kind: "enum" });
    // "/v{version}/…": the version number alone.
    expect(valueFor(d, "version", { type: "string" }, true).value).toMatch(/^\d$/);
  });
});
