// Templating of undocumented traffic through the real ingest: the spec's parameter positions are kept for
// undocumented sub-resources (after its base path), and endpoints already stored are never renamed by new traffic.
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, endpoints } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { ingestOpenApi } from "@/lib/server/ingest/openapi";
import { ingestTraffic } from "@/lib/server/ingest/traffic";
import { useTestDatabase } from "../db";

const actor: Actor = { label: "test", role: "admin" };
let db: Db;
const now = new Date("2026-11-25T00:00:00Z");
const ctx = () => ({ db, actor, trigger: "test", now });

const SPEC = JSON.stringify({
  openapi: "3.0.3",
  info: { title: "People", version: "2.0.0" },
  servers: [{ url: "https://people.example.test/api/v2" }],
  paths: {
    "/users": { get: { responses: { 200: { description: "ok" } } } },
    "/users/{id}": {
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      get: { responses: { 200: { description: "ok" } } },
      delete: { responses: { 204: { description: "gone" } } },
    },
  },
});

let clock = Date.parse("2026-11-20T10:00:00Z");
/** A HAR of inbound calls to the application's host; every entry has its own time, so none is a duplicate. */
function har(calls: readonly [string, string][]): AsyncIterable<Buffer> {
  const entries = calls.map(([method, path]) => ({
    startedDateTime: new Date((clock += 1000)).toISOString(),
    time: 12,
    request: { method, url: `https://people.example.test${path}`, httpVersion: "HTTP/1.1", headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: -1 },
    response: { status: 200, statusText: "", httpVersion: "HTTP/1.1", headers: [], cookies: [], content: { size: 0, mimeType: "application/json" }, redirectURL: "", headersSize: -1, bodySize: -1 },
    cache: {},
    timings: { send: 1, wait: 10, receive: 1 },
  }));
  const text = JSON.stringify({ log: { version: "1.2", creator: { name: "sibyl-tests", version: "1" }, entries } });
  return (async function* () {
    yield Buffer.from(text);
  })();
}

async function inventory() {
  const [app] = await db.select({ id: applications.id }).from(applications).where(eq(applications.slug, "people"));
  return db
    .select({ id: endpoints.id, method: endpoints.method, path: endpoints.pathTemplate, apiId: endpoints.apiId, inferred: endpoints.inferred, calls: endpoints.callCount, reasons: endpoints.inferenceReasons, status: endpoints.status })
    .from(endpoints)
    .where(and(eq(endpoints.applicationId, app.id)));
}

const ingest = async (calls: readonly [string, string][]) => {
  const summary = await ingestTraffic(ctx(), { stream: har(calls), appSlug: "people", sourceName: "people.har" });
  expect(summary.status).toBe("succeeded");
  return summary;
};

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  const summary = await ingestOpenApi(ctx(), { text: SPEC, appSlug: "people", sourceName: "people.json" });
  expect(summary.status).toBe("succeeded");
});

describe("templating of undocumented traffic", () => {
  it("templates an undocumented sub-resource with the spec's parameter after its base path: /users/{id}/impersonate", async () => {
    await ingest([
      ["POST", "/api/v2/users/octocat/impersonate"],
      ["POST", "/api/v2/users/mojombo/impersonate"],
      ["POST", "/api/v2/users/defunkt/impersonate"],
      ["GET", "/api/v2/users/octocat"],
    ]);
    const rows = await inventory();
    const impersonate = rows.filter((r) => r.path.endsWith("/impersonate"));
    expect(impersonate).toHaveLength(1);
    expect(impersonate[0]).toMatchObject({ method: "POST", path: "/users/{id}/impersonate", apiId: null, inferred: true, calls: 3, status: "shadow" });
    expect(impersonate[0].reasons).toEqual(["segment 2 is the spec's {id}: 3 distinct value(s) in 3 call(s)"]);
    expect(rows.find((r) => r.method === "GET" && r.path === "/users/{id}")?.calls).toBe(1);
  });

  it("records a repeated literal posted beside the spec's parameter as a new endpoint, with its evidence", async () => {
    await ingest(Array.from({ length: 8 }, (): [string, string] => ["POST", "/api/v2/users/bulk-invite"]));
    const rows = await inventory();
    const bulk = rows.find((r) => r.path === "/users/bulk-invite");
    expect(bulk).toMatchObject({ method: "POST", apiId: null, inferred: true, calls: 8, status: "shadow" });
    expect(bulk?.reasons[0]).toBe(
      'segment 2 "bulk-invite" is a new endpoint beside /users/{id}: 8 call(s) with this value; 1 distinct value(s) at this position in 8 call(s); the spec documents DELETE, GET on /users/{id}, not POST; "bulk-invite" is made of path words',
    );
    expect(rows.some((r) => r.method === "POST" && r.path === "/users/{id}")).toBe(false);
  });

  it("does not rename stored endpoints when more traffic brings many new values", async () => {
    // First run: few repeated flags stay literal; teams with a new value per call become a parameter.
    await ingest([
      ...["dark-mode", "beta-ui"].flatMap((f): [string, string][] => [0, 1, 2].map(() => ["GET", `/internal/flags/${f}`])),
      ...["data-eng", "sre-oncall", "payments-core"].map((t): [string, string] => ["GET", `/internal/teams/${t}/members`]),
    ]);
    const before = await inventory();
    const internal = (rows: typeof before) => rows.filter((r) => r.path.startsWith("/api/v2/internal") || r.path.startsWith("/internal")).map((r) => `${r.method} ${r.path}`).sort();
    expect(internal(before)).toEqual(["GET /internal/flags/beta-ui", "GET /internal/flags/dark-mode", "GET /internal/teams/{team}/members"]);

    // Second run: 40 new flags and 40 new teams, once each, plus the old ones again.
    const flags = Array.from({ length: 40 }, (_, i) => `rollout-${["eu", "us", "apac", "latam"][i % 4]}-${i}`);
    const teams = Array.from({ length: 40 }, (_, i) => `squad-${["red", "blue", "green", "gold"][i % 4]}-${i}`);
    await ingest([
      ...flags.map((f): [string, string] => ["GET", `/internal/flags/${f}`]),
      ...teams.map((t): [string, string] => ["GET", `/internal/teams/${t}/members`]),
      ["GET", "/internal/flags/dark-mode"],
      ["DELETE", "/internal/teams/growth/members"],
    ]);
    const after = await inventory();
    const byKey = new Map(after.map((r) => [`${r.method} ${r.path}`, r]));
    // Every endpoint stored before is still there, with the same id, and kept its calls.
    for (const row of before) {
      const same = byKey.get(`${row.method} ${row.path}`);
      expect(same?.id).toBe(row.id);
      expect(same?.calls).toBeGreaterThanOrEqual(row.calls);
    }
    expect(byKey.get("GET /internal/flags/dark-mode")?.calls).toBe(4);
    expect(byKey.get("GET /internal/teams/{team}/members")?.calls).toBe(43);
    // New traffic adds endpoints beside them; the new method reuses the stored parameter.
    expect(internal(after)).toEqual([
      "DELETE /internal/teams/{team}/members",
      "GET /internal/flags/beta-ui",
      "GET /internal/flags/dark-mode",
      "GET /internal/flags/{flag}",
      "GET /internal/teams/{team}/members",
    ]);
  });
});

describe("enumerated path parameters through the real ingest", () => {
  // Azure spells fixed actions as one-value parameters: POST …/{policy}/{initiateType} with enum [initiate].
  const JIT = JSON.stringify({
    openapi: "3.0.3",
    info: { title: "JIT", version: "1" },
    servers: [{ url: "https://jit.example.test" }],
    paths: {
      "/policies/{policy}/{initiateType}": {
        post: { parameters: [{ name: "policy", in: "path", required: true, schema: { type: "string" } }, { $ref: "#/components/parameters/InitiateType" }], responses: { 200: { description: "ok" } } },
      },
    },
    components: { parameters: { InitiateType: { name: "initiateType", in: "path", required: true, schema: { type: "string", enum: ["initiate"] } } } },
  });
  const post = (path: string) => ({
    startedDateTime: new Date((clock += 1000)).toISOString(),
    time: 5,
    request: { method: "POST", url: `https://jit.example.test${path}`, httpVersion: "HTTP/1.1", headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: -1 },
    response: { status: 200, statusText: "", httpVersion: "HTTP/1.1", headers: [], cookies: [], content: { size: 0, mimeType: "application/json" }, redirectURL: "", headersSize: -1, bodySize: -1 },
    cache: {},
    timings: { send: 1, wait: 3, receive: 1 },
  });

  it("stores the spec's enumeration and templates another word there as a shadow sibling, the documented value as the operation", async () => {
    const spec = await ingestOpenApi(ctx(), { text: JIT, appSlug: "jit", sourceName: "jit.json" });
    expect(spec.status).toBe("succeeded");
    const entries = ["web-billing-dev", "website-7", "payments-2"].flatMap((p) => [post(`/policies/${p}/initiate`), post(`/policies/${p}/impersonate`)]);
    const text = JSON.stringify({ log: { version: "1.2", creator: { name: "sibyl-tests", version: "1" }, entries } });
    const summary = await ingestTraffic(ctx(), { stream: (async function* () { yield Buffer.from(text); })(), appSlug: "jit", sourceName: "jit.har" });
    expect(summary.status).toBe("succeeded");
    const [app] = await db.select({ id: applications.id }).from(applications).where(eq(applications.slug, "jit"));
    const rows = await db.select({ path: endpoints.pathTemplate, apiId: endpoints.apiId, calls: endpoints.callCount, status: endpoints.status, enums: endpoints.pathEnums }).from(endpoints).where(eq(endpoints.applicationId, app.id));
    const byPath = new Map(rows.map((r) => [r.path, r]));
    expect(byPath.get("/policies/{policy}/{initiateType}")).toMatchObject({ calls: 3, status: "documented", enums: { initiateType: ["initiate"] } });
    expect(byPath.get("/policies/{policy}/impersonate")).toMatchObject({ calls: 3, status: "shadow", apiId: null });
    expect(rows).toHaveLength(2);
  });
});

describe("numeric path parameters through the real ingest", () => {
  // Bungie types {membershipType} as an integer: GET /Destiny2/{membershipType}/Profile/{destinyMembershipId}/.
  const BUNGIE = JSON.stringify({
    openapi: "3.0.0",
    info: { title: "Bungie.Net API", version: "2.18.0" },
    servers: [{ url: "https://www.bungie.test/Platform" }],
    paths: {
      "/Destiny2/{membershipType}/Profile/{destinyMembershipId}/": {
        get: {
          parameters: [
            { name: "destinyMembershipId", in: "path", required: true, schema: { type: "integer", format: "int64" } },
            { $ref: "#/components/parameters/MembershipType" },
          ],
          responses: { 200: { description: "ok" } },
        },
      },
      "/Destiny2/Manifest/": { get: { responses: { 200: { description: "ok" } } } },
    },
    components: { parameters: { MembershipType: { name: "membershipType", in: "path", required: true, schema: { type: "integer", format: "int32" } } } },
  });
  const call = (method: string, path: string) => ({
    startedDateTime: new Date((clock += 1000)).toISOString(),
    time: 5,
    request: { method, url: `https://www.bungie.test${path}`, httpVersion: "HTTP/1.1", headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: -1 },
    response: { status: 200, statusText: "", httpVersion: "HTTP/1.1", headers: [], cookies: [], content: { size: 0, mimeType: "application/json" }, redirectURL: "", headersSize: -1, bodySize: -1 },
    cache: {},
    timings: { send: 1, wait: 3, receive: 1 },
  });

  it("stores the spec's numeric parameters and templates a word at that position as a shadow endpoint, numbers as the operation", async () => {
    const spec = await ingestOpenApi(ctx(), { text: BUNGIE, appSlug: "bungie", sourceName: "bungie.json" });
    expect(spec.status).toBe("succeeded");
    const entries = [
      call("GET", "/Platform/Destiny2/3/Profile/4611686018467284386/"),
      call("GET", "/Platform/Destiny2/1/Profile/4611686018429681104"),
      call("GET", "/Platform/Destiny2/2/Profile/4611686018471516071/?components=100"),
      call("POST", "/Platform/Destiny2/SearchDestinyPlayerByBungieName/3"),
      call("POST", "/Platform/Destiny2/SearchDestinyPlayerByBungieName/1"),
      call("POST", "/Platform/Destiny2/SearchDestinyPlayerByBungieName/254"),
    ];
    const text = JSON.stringify({ log: { version: "1.2", creator: { name: "sibyl-tests", version: "1" }, entries } });
    const summary = await ingestTraffic(ctx(), { stream: (async function* () { yield Buffer.from(text); })(), appSlug: "bungie", sourceName: "bungie.har" });
    expect(summary.status).toBe("succeeded");
    const [app] = await db.select({ id: applications.id }).from(applications).where(eq(applications.slug, "bungie"));
    const rows = await db.select({ method: endpoints.method, path: endpoints.pathTemplate, apiId: endpoints.apiId, calls: endpoints.callCount, status: endpoints.status, types: endpoints.pathParamTypes }).from(endpoints).where(eq(endpoints.applicationId, app.id));
    const byPath = new Map(rows.map((r) => [r.path, r]));
    expect(byPath.get("/Destiny2/{membershipType}/Profile/{destinyMembershipId}/")).toMatchObject({ calls: 3, status: "documented", types: { membershipType: "integer", destinyMembershipId: "integer" } });
    expect(byPath.get("/Destiny2/SearchDestinyPlayerByBungieName/{id}")).toMatchObject({ method: "POST", calls: 3, status: "shadow", apiId: null });
    expect(byPath.get("/Destiny2/Manifest/")).toMatchObject({ status: "orphan", types: null });
    expect(rows).toHaveLength(3);
  });
});

describe("a spec whose paths start with parameters through the real ingest (AWS S3's /{Bucket}/{Key})", () => {
  // AWS keys operations of one path apart with a fragment; the plain path is the template of its methods.
  const param = (name: string) => ({ name, in: "path", required: true, schema: { type: "string" } });
  const ok = { responses: { 200: { description: "ok" } } };
  const S3 = JSON.stringify({
    openapi: "3.0.0",
    info: { title: "Amazon S3", version: "2006-03-01" },
    servers: [{ url: "https://s3.example.test" }],
    paths: {
      "/{Bucket}#tagging": { parameters: [param("Bucket")], get: ok, put: ok, delete: ok },
      "/{Bucket}": { parameters: [param("Bucket")], get: ok, head: ok, put: ok, delete: ok },
      "/{Bucket}/{Key}#uploads": { parameters: [param("Bucket"), param("Key")], post: ok },
      "/{Bucket}/{Key}#uploadId": { parameters: [param("Bucket"), param("Key")], get: ok, delete: ok },
      "/{Bucket}/{Key}": { parameters: [param("Bucket"), param("Key")], get: ok, head: ok, put: ok, delete: ok },
    },
  });
  const call = (method: string, path: string) => ({
    startedDateTime: new Date((clock += 1000)).toISOString(),
    time: 5,
    request: { method, url: `https://s3.example.test${path}`, httpVersion: "HTTP/1.1", headers: [], queryString: [], cookies: [], headersSize: -1, bodySize: -1 },
    response: { status: 200, statusText: "", httpVersion: "HTTP/1.1", headers: [], cookies: [], content: { size: 0, mimeType: "application/json" }, redirectURL: "", headersSize: -1, bodySize: -1 },
    cache: {},
    timings: { send: 1, wait: 3, receive: 1 },
  });

  it("stores documented calls with word-like bucket and key values on the spec's endpoints as documented, not as shadow endpoints beside them", async () => {
    const spec = await ingestOpenApi(ctx(), { text: S3, appSlug: "storage", sourceName: "s3.json" });
    expect(spec.status).toBe("succeeded");
    // Bucket names made of path words ("mobile-service") are held back as possible new literals, among many other
    // buckets patched (a method the spec does not have): the inferrer makes the first segment a parameter.
    const users = Array.from({ length: 32 }, (_, i) => `${["jonas", "lena", "mirek", "nia"][i % 4]}${i + 10}`);
    const buckets = ["acme-corp", "mobile-service", "billing-service", "platform-service", "search-service", "payments-service"];
    const keys = ["report.pdf", "mwtYL8rN5Cq9SDfMetoM7", "invoice-2024-0117.csv", "EebUfg0dB6DcvU0ijddDs", "P4R9Vad7HPsWbiGDyVb9uB", "9gCC3csg8ODV8AsRn834yu"];
    const entries = users.map((u) => call("PATCH", `/${u}`));
    for (const [i, bucket] of buckets.entries()) {
      for (const method of ["GET", "HEAD", "PUT", "DELETE"]) entries.push(call(method, `/${bucket}`));
      for (const [j, method] of ["GET", "PUT", "DELETE"].entries()) entries.push(call(method, `/${bucket}/${j === 0 ? keys[i] : `${keys[i]}-${j}`}`));
    }
    const text = JSON.stringify({ log: { version: "1.2", creator: { name: "sibyl-tests", version: "1" }, entries } });
    const summary = await ingestTraffic(ctx(), { stream: (async function* () { yield Buffer.from(text); })(), appSlug: "storage", sourceName: "s3.har" });
    expect(summary.status).toBe("succeeded");
    const [app] = await db.select({ id: applications.id }).from(applications).where(eq(applications.slug, "storage"));
    const rows = await db.select({ method: endpoints.method, path: endpoints.pathTemplate, apiId: endpoints.apiId, calls: endpoints.callCount, status: endpoints.status }).from(endpoints).where(eq(endpoints.applicationId, app.id));
    const called = rows.filter((r) => r.calls > 0).map((r) => `${r.status} ${r.method} ${r.path} ${r.calls}`).sort();
    expect(called).toEqual([
      "documented DELETE /{Bucket} 6",
      "documented DELETE /{Bucket}/{Key} 6",
      "documented GET /{Bucket} 6",
      "documented GET /{Bucket}/{Key} 6",
      "documented HEAD /{Bucket} 6",
      "documented PUT /{Bucket} 6",
      "documented PUT /{Bucket}/{Key} 6",
      // The spec has the path, not the method: a shadow of the API on its own template.
      "shadow PATCH /{Bucket} 32",
    ]);
    expect(rows.filter((r) => r.apiId === null)).toEqual([]);
    expect(rows.filter((r) => r.path.includes("#")).map((r) => r.status)).toEqual(Array(6).fill("orphan"));
  });
});
