import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiSpecVersions, applications, dependencies, endpoints, findings, ingestRuns, internalApis } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { getInventory } from "@/lib/server/dal/inventory";
import { ingestOpenApi } from "@/lib/server/ingest/openapi";
import { ingestTraffic } from "@/lib/server/ingest/traffic";
import { useTestDatabase } from "../db";

const fixture = (name: string) => `test/fixtures/ingest/${name}`;
const read = (name: string) => fs.readFileSync(fixture(name), "utf8");
const actor: Actor = { label: "test", role: "admin" };
let db: Db;
const now = new Date("2026-11-25T00:00:00Z");
const ctx = () => ({ db, actor, trigger: "test", now });

async function snapshot() {
  const tables = [applications, internalApis, apiSpecVersions, endpoints, dependencies, findings];
  return Promise.all(tables.map(async (t) => (await db.select({ n: count() }).from(t))[0].n));
}

function stream(text: string | Buffer) {
  return (async function* () {
    yield Buffer.from(text);
  })();
}

beforeAll(async () => {
  db = (await useTestDatabase()).db;
});

describe("OpenAPI ingest", () => {
  it("creates the application and its documented endpoints, and says so", async () => {
    const summary = await ingestOpenApi(ctx(), { text: read("shop-v1.yaml"), appSlug: "shop", sourceName: "shop-v1.yaml" });
    expect(summary.status).toBe("succeeded");
    expect(summary.notes.join(" ")).toMatch(/Created application shop/);
    expect(summary.newEndpoints).toBe(7);
    const [app] = await db.select({ hosts: applications.hosts }).from(applications).where(eq(applications.slug, "shop"));
    expect(app.hosts).toEqual(["shop.example.test"]);
    const inv = await getInventory(db, actor, "shop", now);
    expect(inv?.endpoints.find((e) => e.path === "/orders/{orderId}")).toMatchObject({ method: "GET", status: "orphan", calls: 0 });
    expect(inv?.endpoints.find((e) => e.path === "/legacy/export")).toMatchObject({ status: "deprecated", deprecated: true });
  });

  it("changes nothing when the same spec is sent again", async () => {
    const before = await snapshot();
    const summary = await ingestOpenApi(ctx(), { text: read("shop-v1.yaml"), appSlug: "shop", sourceName: "again" });
    expect(summary.status).toBe("unchanged");
    expect(await snapshot()).toEqual(before);
  });

  it.each([
    ["truncated JSON", '{"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {'],
    ["a YAML bomb", `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nopenapi: 3.0.0\n`],
    ["a $ref loop", JSON.stringify({ openapi: "3.0.3", info: { title: "Loop", version: "1" }, paths: { "/a": { $ref: "#/paths/~1a" } } })],
    ["a binary file", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0xff, 0xfe]).toString("latin1")],
    ["not a spec", "just: some yaml\n"],
  ])("refuses %s with a clear error and loses nothing already stored", async (_label, text) => {
    const before = await snapshot();
    const summary = await ingestOpenApi(ctx(), { text, appSlug: "shop", apiName: "Bad", sourceName: "bad" });
    expect(summary.status).toBe("failed");
    expect(summary.errors.length).toBeGreaterThan(0);
    expect(summary.errors[0].reason.length).toBeGreaterThan(5);
    expect(await snapshot()).toEqual(before);
    const [run] = await db.select({ status: ingestRuns.status, errors: ingestRuns.errors }).from(ingestRuns).where(eq(ingestRuns.id, summary.id));
    expect(run.status).toBe("failed");
    expect(run.errors.length).toBeGreaterThan(0);
  });
});

describe("traffic ingest", () => {
  it("maps inbound calls to spec templates, finds shadow and zombie endpoints and outbound providers", async () => {
    const text = read("shop.har");
    const summary = await ingestTraffic(ctx(), { stream: stream(text), appSlug: "shop", sourceName: "shop.har" });
    expect(summary.status).toBe("succeeded");
    expect(summary.format).toBe("har");
    expect(summary.recordsAccepted).toBe(15);
    const inv = await getInventory(db, actor, "shop", now);
    const find = (method: string, path: string) => inv?.endpoints.find((e) => e.method === method && e.path === path);
    expect(find("GET", "/orders/{orderId}")).toMatchObject({ status: "documented", calls: 5 });
    expect(find("GET", "/users/me")).toMatchObject({ status: "documented", calls: 1 });
    expect(find("GET", "/users/{userId}")).toMatchObject({ status: "documented", calls: 1 });
    expect(find("GET", "/legacy/export")).toMatchObject({ status: "zombie", calls: 1 });
    expect(find("DELETE", "/orders/{orderId}")).toMatchObject({ status: "shadow" });
    const debug = inv?.endpoints.filter((e) => e.path.startsWith("/internal/debug"));
    expect(debug?.every((e) => e.status === "shadow")).toBe(true);
    const stripe = inv?.dependencies.find((d) => d.host === "api.stripe.com");
    expect(stripe).toMatchObject({ provider: "Stripe", source: "traffic", calls: 2 });
    expect(stripe?.dataClasses).toContain("api_key_in_query");
    const unknown = inv?.dependencies.find((d) => d.host === "collector.unknown-vendor.test");
    expect(unknown).toMatchObject({ provider: null });
    expect(unknown?.dataClasses).toEqual(expect.arrayContaining(["email", "card_number"]));

    const kinds = (await db.select({ kind: findings.kind, severity: findings.severity }).from(findings)).map((f) => f.kind);
    expect(kinds).toEqual(expect.arrayContaining(["shadow_endpoint", "zombie_endpoint", "orphan_endpoint", "api_key_in_query", "sensitive_data_to_unclassified_host"]));
    const [dep] = await db.select({ errors: dependencies.errorCount, samples: dependencies.latencySamples }).from(dependencies).where(eq(dependencies.host, "api.stripe.com"));
    expect(dep).toEqual({ errors: 1, samples: 2 });
  });

  it("stores only the class and location of sensitive values, never the values", async () => {
    const rows = await db.select({ detail: findings.detail, title: findings.title }).from(findings);
    const deps = await db.select({ locations: dependencies.dataLocations }).from(dependencies);
    const all = JSON.stringify([rows, deps]);
    expect(all).not.toContain("sk_test_4eC39HqLyjWDarjtT1zdp7dc");
    expect(all).not.toContain("jane.doe@example.org");
    expect(all).not.toContain("4111");
  });

  it("counts a re-sent file and overlapping events once", async () => {
    const before = await snapshot();
    const [{ calls: callsBefore }] = await db.select({ calls: endpoints.callCount }).from(endpoints).where(eq(endpoints.pathTemplate, "/orders/{orderId}"));
    const again = await ingestTraffic(ctx(), { stream: stream(read("shop.har")), appSlug: "shop", sourceName: "shop.har again" });
    expect(again.recordsAccepted).toBe(0);
    expect(await snapshot()).toEqual(before);
    const overlap = await ingestTraffic(ctx(), { stream: stream(read("shop-overlap.har")), appSlug: "shop", sourceName: "overlap" });
    expect(overlap.recordsAccepted).toBe(1);
    const rows = await db.select({ method: endpoints.method, calls: endpoints.callCount }).from(endpoints).where(eq(endpoints.pathTemplate, "/orders/{orderId}"));
    expect(rows.find((r) => r.method === "GET")?.calls).toBe(callsBefore + 1);
  });

  it("turns removed operations into zombies when a new spec version drops them", async () => {
    const summary = await ingestOpenApi(ctx(), { text: read("shop-v2.yaml"), appSlug: "shop", sourceName: "shop-v2.yaml" });
    expect(summary.status).toBe("succeeded");
    expect(summary.notes.join(" ")).toMatch(/2\.0\.0 replaces 1\.0\.0/);
    const [api] = await db.select({ version: internalApis.currentVersion }).from(internalApis).where(eq(internalApis.name, "Shop API"));
    expect(api.version).toBe("2.0.0");
    const reports = await db.select({ removed: endpoints.removed, documented: endpoints.documented }).from(endpoints).where(eq(endpoints.pathTemplate, "/reports"));
    expect(reports).toEqual([{ removed: true, documented: false }]);
    const versions = await db.select({ v: apiSpecVersions.version }).from(apiSpecVersions);
    expect(versions.map((v) => v.v).sort()).toEqual(["1.0.0", "2.0.0"]);
  });

  it("rejects bad lines with their line numbers and keeps the good ones", async () => {
    const good = '127.0.0.1 - - [20/Nov/2026:10:00:00 +0000] "GET /api/orders/7 HTTP/1.1" 200 12 "-" "curl/8"';
    const garbage = "x".repeat(1024 * 1024);
    const log = [good, garbage, good.replace("10:00:00", "10:00:01"), "not a log line at all"].join("\n");
    const summary = await ingestTraffic(ctx(), { stream: stream(log), appSlug: "shop", format: "nginx", sourceName: "access.log" });
    expect(summary.status).toBe("succeeded");
    expect(summary.recordsAccepted).toBe(2);
    expect(summary.errors.map((e) => e.location)).toEqual(["line 2", "line 4"]);
  });

  it("refuses a file of which not one record can be read, for an existing and for a new application: each problem located, nothing stored", async () => {
    const before = await snapshot();
    const runsBefore = (await db.select({ n: count() }).from(ingestRuns))[0].n;
    const [shop] = await db.select({ id: applications.id }).from(applications).where(eq(applications.slug, "shop"));
    const log = ["garbage line", '127.0.0.1 - - [20/Nov/2026:10:00:00 +0000] "" 200 12 "-" "curl/8"', "not a log line at all"].join("\n");
    const har = JSON.stringify({ log: { version: "1.2", entries: [{ request: { method: "GET" } }, { startedDateTime: "2026-11-20T10:00:00Z" }] } });
    const cases = [
      { slug: "shop", applicationId: shop.id, format: "nginx" as const, text: log, locations: ["input", "line 1", "line 2", "line 3"] },
      { slug: "all-bad-new-app", applicationId: null, format: "nginx" as const, text: log, locations: ["input", "line 1", "line 2", "line 3"] },
      { slug: "all-bad-new-har", applicationId: null, format: "har" as const, text: har, locations: ["input", "$.log.entries[0].request.url", "$.log.entries[1].request"] },
    ];
    for (const c of cases) {
      const summary = await ingestTraffic(ctx(), { stream: stream(c.text), appSlug: c.slug, format: c.format, sourceName: "all-bad.log" });
      // "invalid": the API answers 422 and the CLI exits 1, as for any other refused file
      expect(summary, c.slug).toMatchObject({ status: "failed", failure: "invalid", application: c.slug, recordsRead: c.locations.length - 1, recordsAccepted: 0, recordsRejected: c.locations.length - 1, errorCount: c.locations.length });
      expect(summary.errors.map((e) => e.location), c.slug).toEqual(c.locations);
      expect(summary.errors[0].reason).toMatch(new RegExp(`^Not one record of this ${c.format} file could be read: all ${c.locations.length - 1} have problems`));
      expect(summary.notes.join(" ")).not.toMatch(/Created application/);
      const [run] = await db.select({ status: ingestRuns.status, applicationId: ingestRuns.applicationId, errors: ingestRuns.errors }).from(ingestRuns).where(eq(ingestRuns.id, summary.id));
      expect(run, c.slug).toEqual({ status: "failed", applicationId: c.applicationId, errors: summary.errors });
    }
    expect(await db.select().from(applications).where(eq(applications.slug, "all-bad-new-app"))).toEqual([]);
    expect(await snapshot()).toEqual(before);
    expect((await db.select({ n: count() }).from(ingestRuns))[0].n).toBe(runsBefore + cases.length);
  });

  it("refuses binary input, an unknown format, truncated HAR and oversized uploads without storing anything", async () => {
    const before = await snapshot();
    const binary = await ingestTraffic(ctx(), { stream: stream(Buffer.from([0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0])), appSlug: "shop", sourceName: "x.gz" });
    expect(binary).toMatchObject({ status: "failed", failure: "invalid" });
    const unknown = await ingestTraffic(ctx(), { stream: stream("hello world\n"), appSlug: "shop", sourceName: "x.txt" });
    expect(unknown.status).toBe("failed");
    const har = read("shop.har");
    const truncated = await ingestTraffic(ctx(), { stream: stream(har.slice(0, Math.floor(har.length / 2))), appSlug: "shop", format: "har", sourceName: "cut.har" });
    expect(truncated.status).toBe("failed");
    const big = await ingestTraffic(ctx(), { stream: stream("x".repeat(5000)), appSlug: "shop", format: "nginx", sourceName: "big.log", limitBytes: 1000 });
    expect(big).toMatchObject({ status: "failed", failure: "too_large" });
    expect(await snapshot()).toEqual(before);
  });

  it("refuses a bad file for an application that does not exist yet: a failed run, no application, no crash", async () => {
    const before = await snapshot();
    const har = read("shop.har");
    const truncated = await ingestTraffic(ctx(), { stream: stream(har.slice(0, Math.floor(har.length / 2))), appSlug: "brand-new-app", format: "har", sourceName: "cut.har" });
    expect(truncated).toMatchObject({ status: "failed", failure: "invalid", application: "brand-new-app" });
    expect(truncated.errors[0].location.length).toBeGreaterThan(0);
    expect(truncated.notes.join(" ")).not.toMatch(/Created application/);
    const [run] = await db.select({ status: ingestRuns.status, applicationId: ingestRuns.applicationId }).from(ingestRuns).where(eq(ingestRuns.id, truncated.id));
    expect(run).toEqual({ status: "failed", applicationId: null });
    const bad = await ingestOpenApi(ctx(), { text: '{"openapi": "3.0.3", "paths": {', appSlug: "another-new-app", sourceName: "bad.json" });
    expect(bad).toMatchObject({ status: "failed", failure: "invalid" });
    expect(await snapshot()).toEqual(before);
  });

  it("discovers without any spec: everything seen is shadow", async () => {
    const log = Array.from({ length: 12 }, (_, i) => `10.0.0.1 - - [20/Nov/2026:10:00:${String(i).padStart(2, "0")} +0000] "GET /v1/accounts/${1000 + i}/statement HTTP/1.1" 200 12 "-" "curl/8"`).join("\n");
    const summary = await ingestTraffic(ctx(), { stream: stream(log), appSlug: "ledger", format: "nginx", sourceName: "ledger.log" });
    expect(summary.notes.join(" ")).toMatch(/Created application ledger/);
    const inv = await getInventory(db, actor, "ledger", now);
    expect(inv?.endpoints).toHaveLength(1);
    expect(inv?.endpoints[0]).toMatchObject({ method: "GET", status: "shadow", calls: 12 });
    expect(inv?.endpoints[0].path).toMatch(/^\/v1\/accounts\/\{[a-z]+\}\/statement$/);
  });
});
