import { createHash } from "node:crypto";
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { and, asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, auditLog, dependencies, endpoints, findings, ingestRuns } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { getInventory } from "@/lib/server/dal/inventory";
import { ingestOpenApi } from "@/lib/server/ingest/openapi";
import { ingestTraffic } from "@/lib/server/ingest/traffic";
import { setDeclaredHosts } from "@/lib/server/dal/application-hosts";
import { ForbiddenError } from "@/lib/server/actor";
import { NotFoundError, ValidationError } from "@/lib/validation/errors";
import { useTestDatabase } from "../db";

const fixture = (name: string) => `test/fixtures/ingest/${name}`;
const read = (name: string) => fs.readFileSync(fixture(name));
const sha256 = (name: string) => createHash("sha256").update(read(name)).digest("hex");
const actor: Actor = { label: "test", role: "admin" };
let db: Db;
const now = new Date("2026-11-25T00:00:00Z");
const ctx = () => ({ db, actor, trigger: "test", now });

function stream(data: string | Buffer) {
  return (async function* () {
    yield Buffer.from(data);
  })();
}

/** Everything an ingest may change, per application: endpoints with their counts, dependencies with theirs. */
async function state(slug: string) {
  const [app] = await db.select({ id: applications.id, hosts: applications.hosts, declaredHosts: applications.declaredHosts }).from(applications).where(eq(applications.slug, slug));
  const eps = await db.select({ method: endpoints.method, path: endpoints.pathTemplate, calls: endpoints.callCount, status: endpoints.status }).from(endpoints).where(eq(endpoints.applicationId, app.id)).orderBy(asc(endpoints.pathTemplate), asc(endpoints.method));
  const deps = await db.select({ host: dependencies.host, calls: dependencies.callCount, kind: dependencies.targetKind }).from(dependencies).where(eq(dependencies.applicationId, app.id)).orderBy(asc(dependencies.host));
  const [{ n: findingCount }] = await db.select({ n: count() }).from(findings).where(eq(findings.applicationId, app.id));
  return { app, eps, deps, findingCount };
}

beforeAll(async () => {
  db = (await useTestDatabase()).db;
});

const ENVOY = "orders-istio.log";
const HAR = "acme-customers.har";

describe("traffic-only discovery", () => {
  it("reads an Istio sidecar's log without any spec or host: inbound| calls become shadow endpoints, outbound| calls dependencies", async () => {
    const summary = await ingestTraffic(ctx(), { stream: stream(read(ENVOY)), appSlug: "orders", sourceName: ENVOY, contentHash: sha256(ENVOY) });
    expect(summary).toMatchObject({ status: "succeeded", format: "envoy", recordsAccepted: 12, recordsRejected: 0, newEndpoints: 5, newDependencies: 3 });
    const { app, eps, deps } = await state("orders");
    expect(app.declaredHosts).toEqual([]);
    expect(eps).toEqual([
      { method: "GET", path: "/api/v1/orders", calls: 2, status: "shadow" },
      { method: "POST", path: "/api/v1/orders", calls: 1, status: "shadow" },
      { method: "GET", path: "/api/v1/orders/{id}", calls: 3, status: "shadow" },
      { method: "PATCH", path: "/api/v1/orders/{id}", calls: 1, status: "shadow" },
      { method: "GET", path: "/api/v1/orders/{id}/items", calls: 2, status: "shadow" },
    ]);
    // the workload's own service name is never a dependency of itself
    expect(deps).toEqual([
      { host: "api.stripe.com", calls: 1, kind: "provider" },
      { host: "hooks.slack.com", calls: 1, kind: "provider" },
      { host: "inventory.shop.svc.cluster.local", calls: 1, kind: "unclassified" },
    ]);
    const inv = await getInventory(db, actor, "orders", now);
    expect(inv?.endpoints.map((e) => e.status)).toEqual(["shadow", "shadow", "shadow", "shadow", "shadow"]);
    const shadowFindings = await db.select({ n: count() }).from(findings).where(and(eq(findings.applicationId, app.id), eq(findings.kind, "shadow_endpoint")));
    expect(shadowFindings[0].n).toBe(5);
  });

  it("changes nothing when the same log is ingested again, by file (same content) or as a stream (same events)", async () => {
    const before = await state("orders");
    const byFile = await ingestTraffic(ctx(), { stream: stream(read(ENVOY)), appSlug: "orders", sourceName: ENVOY, contentHash: sha256(ENVOY) });
    expect(byFile.status).toBe("unchanged");
    const byStream = await ingestTraffic(ctx(), { stream: stream(read(ENVOY)), appSlug: "orders", sourceName: "upload" });
    expect(byStream).toMatchObject({ status: "succeeded", recordsRead: 12, recordsAccepted: 0, newEndpoints: 0, newDependencies: 0 });
    expect(await state("orders")).toEqual(before);
  });

  it("makes a call to another application's declared host a dependency on that application", async () => {
    await db.insert(applications).values({ slug: "inventory", name: "Inventory", declaredHosts: ["inventory.shop.svc.cluster.local"] });
    await ingestTraffic(ctx(), { stream: stream(read(ENVOY)), appSlug: "orders-canary", sourceName: ENVOY });
    const { deps } = await state("orders-canary");
    expect(deps.find((d) => d.host === "inventory.shop.svc.cluster.local")).toMatchObject({ kind: "internal_api" });
  });

  it("reads a HAR with --host: calls to the declared host become endpoints, calls to other hosts dependencies; the host is saved and audited", async () => {
    const summary = await ingestTraffic(ctx(), { stream: stream(read(HAR)), appSlug: "customers", sourceName: HAR, contentHash: sha256(HAR), hosts: ["API.acme.test:443"] });
    expect(summary).toMatchObject({ status: "succeeded", format: "har", recordsAccepted: 11, newEndpoints: 5, newDependencies: 3 });
    expect(summary.notes).toContain("Declared api.acme.test as host of customers: traffic to it is inbound.");
    const { app, eps, deps } = await state("customers");
    expect(app).toMatchObject({ hosts: [], declaredHosts: ["api.acme.test"] });
    expect(eps).toEqual([
      { method: "GET", path: "/v2/customers", calls: 1, status: "shadow" },
      { method: "POST", path: "/v2/customers", calls: 1, status: "shadow" },
      { method: "DELETE", path: "/v2/customers/{id}", calls: 1, status: "shadow" },
      { method: "GET", path: "/v2/customers/{id}", calls: 3, status: "shadow" },
      { method: "GET", path: "/v2/customers/{id}/invoices", calls: 2, status: "shadow" },
    ]);
    expect(deps.map((d) => d.host)).toEqual(["api.segment.io", "api.stripe.com", "fonts.gstatic.com"]);
    const audit = await db.select({ detail: auditLog.detail }).from(auditLog).where(and(eq(auditLog.action, "application.hosts_declared"), eq(auditLog.targetId, app.id)));
    expect(audit.map((a) => a.detail)).toEqual([{ slug: "customers", before: [], after: ["api.acme.test"], via: "ingest" }]);
  });

  it("changes nothing when the HAR is sent again with the same host; keeps spec hosts and declared hosts apart", async () => {
    const before = await state("customers");
    const again = await ingestTraffic(ctx(), { stream: stream(read(HAR)), appSlug: "customers", sourceName: HAR, contentHash: sha256(HAR), hosts: ["api.acme.test"] });
    expect(again.status).toBe("unchanged");
    expect(await state("customers")).toEqual(before);
    const spec = `openapi: 3.0.3\ninfo: {title: Customers, version: "2.0"}\nservers: [{url: "https://customers.acme.test/v2"}]\npaths:\n  /customers/{customerId}:\n    get: {responses: {"200": {description: ok}}}\n`;
    expect((await ingestOpenApi(ctx(), { text: spec, appSlug: "customers", sourceName: "customers.yaml" })).status).toBe("succeeded");
    expect((await state("customers")).app).toMatchObject({ hosts: ["customers.acme.test"], declaredHosts: ["api.acme.test"] });
  });

  it("reads the same file again when --host declares a new host, and counts only what now reads differently", async () => {
    const first = await ingestTraffic(ctx(), { stream: stream(read(HAR)), appSlug: "billing", sourceName: HAR, contentHash: sha256(HAR), hosts: ["api.segment.io"] });
    expect(first.status).toBe("succeeded");
    const second = await ingestTraffic(ctx(), { stream: stream(read(HAR)), appSlug: "billing", sourceName: HAR, contentHash: sha256(HAR), hosts: ["*.acme.test"] });
    // the eight calls to api.acme.test were outbound and are inbound now; the other three read the same and are not counted again
    expect(second).toMatchObject({ status: "succeeded", recordsAccepted: 8, newEndpoints: 5 });
    expect(second.notes).toContain("billing already has a dependency on api.acme.test, recorded before that host was declared; it is kept as recorded.");
    expect((await state("billing")).app.declaredHosts).toEqual(["*.acme.test", "api.segment.io"]);
  });

  it("refuses a bad --host: nothing stored, no application created", async () => {
    const runsBefore = (await db.select({ n: count() }).from(ingestRuns))[0].n;
    const summary = await ingestTraffic(ctx(), { stream: stream(read(HAR)), appSlug: "bad-hosts", sourceName: HAR, hosts: ["https://api.acme.test/v2"] });
    expect(summary).toMatchObject({ status: "failed", failure: "invalid" });
    expect(summary.errors[0]).toMatchObject({ location: "--host", reason: expect.stringContaining("https://api.acme.test/v2") });
    expect(await db.select({ id: applications.id }).from(applications).where(eq(applications.slug, "bad-hosts"))).toEqual([]);
    expect((await db.select({ n: count() }).from(ingestRuns))[0].n).toBe(runsBefore + 1);
  });
});

describe("declared hosts on the Application page", () => {
  const secops: Actor = { label: "secops@test", role: "secops" };

  it("are changed by roles that may edit applications, audited with before and after; refused for others, bad hosts and unknown apps", async () => {
    await expect(setDeclaredHosts(db, { label: "dev@test", role: "developer" }, { slug: "customers", hosts: "x.acme.test" })).rejects.toBeInstanceOf(ForbiddenError);
    const bad = await setDeclaredHosts(db, secops, { slug: "customers", hosts: "api.acme.test\nhttps://x.test/" }).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as ValidationError).fieldErrors.hosts?.[0]).toContain('"https://x.test/"');
    await expect(setDeclaredHosts(db, secops, { slug: "no-such-app", hosts: "" })).rejects.toBeInstanceOf(NotFoundError);

    const saved = await setDeclaredHosts(db, secops, { slug: "customers", hosts: "api.acme.test, *.billing.acme.test\n" });
    expect(saved).toEqual({ slug: "customers", declaredHosts: ["*.billing.acme.test", "api.acme.test"], changed: true });
    const again = await setDeclaredHosts(db, secops, { slug: "customers", hosts: "*.billing.acme.test api.acme.test" });
    expect(again.changed).toBe(false);
    const { app } = await state("customers");
    expect(app).toMatchObject({ hosts: ["customers.acme.test"], declaredHosts: ["*.billing.acme.test", "api.acme.test"] });
    const audit = await db.select({ actor: auditLog.actorLabel, detail: auditLog.detail }).from(auditLog).where(and(eq(auditLog.action, "application.hosts_declared"), eq(auditLog.targetId, app.id))).orderBy(asc(auditLog.id));
    expect(audit.at(-1)).toEqual({ actor: "secops@test", detail: { slug: "customers", before: ["api.acme.test"], after: ["*.billing.acme.test", "api.acme.test"], via: "application page" } });
    expect(audit).toHaveLength(2);
  });

  it("make a file ingested before they were declared read again when it is sent again", async () => {
    const first = await ingestTraffic(ctx(), { stream: stream(read(HAR)), appSlug: "storefront", sourceName: HAR, contentHash: sha256(HAR) });
    expect(first).toMatchObject({ status: "succeeded", newEndpoints: 0, newDependencies: 4 });
    await setDeclaredHosts(db, secops, { slug: "storefront", hosts: "api.acme.test" });
    const second = await ingestTraffic(ctx(), { stream: stream(read(HAR)), appSlug: "storefront", sourceName: HAR, contentHash: sha256(HAR) });
    expect(second).toMatchObject({ status: "succeeded", recordsAccepted: 8, newEndpoints: 5 });
    expect(second.notes.join(" ")).toMatch(/declared hosts changed since: it was read again/);
    const third = await ingestTraffic(ctx(), { stream: stream(read(HAR)), appSlug: "storefront", sourceName: HAR, contentHash: sha256(HAR) });
    expect(third.status).toBe("unchanged");
  });
});
