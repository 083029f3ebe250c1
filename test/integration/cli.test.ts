import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { applications } from "@/db/schema";
import { useTestDatabase } from "../db";
import { databaseUrl } from "../pg-admin";

let url = "";
let db: Db;

function sibyl(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, DATABASE_URL: url, SIBYL_BCRYPT_COST: "4", ...env },
    timeout: 120_000,
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

beforeAll(async () => {
  const handle = await useTestDatabase();
  db = handle.db;
  url = databaseUrl(handle.location.split("/").pop() ?? "");
});

describe("sibyl CLI", () => {
  it("answers usage errors with exit code 2", () => {
    expect(sibyl([]).code).toBe(2);
    expect(sibyl(["frobnicate"]).code).toBe(2);
    const noApp = sibyl(["ingest", "openapi", "test/fixtures/ingest/shop-v1.yaml"]);
    expect(noApp.code).toBe(2);
    expect(noApp.err).toMatch(/needs --app/);
    expect(sibyl(["ingest", "traffic", "x.log", "--app", "a", "--format", "csv"]).code).toBe(2);
    expect(sibyl(["ingest", "sbom", "does-not-exist.json", "--app", "a"]).code).toBe(2);
  }, 240_000);

  it("ingests a spec for an unknown app, says it created it, and prints the inventory contract", () => {
    const spec = sibyl(["ingest", "openapi", "test/fixtures/ingest/shop-v1.yaml", "--app", "cli-shop"]);
    expect(spec.code).toBe(0);
    expect(spec.out).toMatch(/Created application cli-shop/);
    const traffic = sibyl(["ingest", "traffic", "test/fixtures/ingest/shop.har", "--app", "cli-shop"]);
    expect(traffic.code).toBe(0);
    const inv = sibyl(["inventory", "--app", "cli-shop", "--json"]);
    expect(inv.code).toBe(0);
    const json = JSON.parse(inv.out) as { app: string; endpoints: Record<string, unknown>[]; dependencies: Record<string, unknown>[] };
    expect(json.app).toBe("cli-shop");
    expect(Object.keys(json.endpoints[0]).sort()).toEqual(["calls", "deprecated", "firstSeen", "lastSeen", "method", "path", "status"]);
    expect(json.endpoints.some((e) => e.status === "shadow")).toBe(true);
    expect(json.endpoints.find((e) => e.path === "/orders/{orderId}" && e.method === "GET")).toMatchObject({ status: "documented", calls: 5 });
    expect(Object.keys(json.dependencies[0]).sort()).toEqual(["calls", "dataClasses", "host", "provider", "source"]);
    expect(json.dependencies.find((d) => d.host === "api.stripe.com")).toMatchObject({ provider: "Stripe", source: "traffic" });
  }, 240_000);

  it("ingests a provider's spec under --provider, and refuses an unknown provider with exit code 1", () => {
    const spec = "test/fixtures/ingest/stripe-provider-spec.yaml";
    const noProvider = sibyl(["ingest", "provider-spec", spec]);
    expect(noProvider.code).toBe(2);
    expect(noProvider.err).toMatch(/needs --provider <slug>/);
    const unknown = sibyl(["ingest", "provider-spec", spec, "--provider", "no-such-provider"]);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(`${spec}:--provider: No provider has the slug "no-such-provider".`);
    const stored = sibyl(["ingest", "provider-spec", spec, "--provider", "stripe"]);
    expect(stored.code).toBe(0);
    expect(stored.out).toMatch(/Stored for Stripe: .* 1 deprecated/);
  }, 240_000);

  it("prints each bad line as file:line: reason and exits 1", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sibyl-cli-"));
    const file = path.join(dir, "access.log");
    fs.writeFileSync(file, ['1.2.3.4 - - [20/Nov/2026:10:00:00 +0000] "GET /a HTTP/1.1" 200 1 "-" "x"', "garbage line", '1.2.3.4 - - [20/Nov/2026:10:00:01 +0000] "GET /b HTTP/1.1" 200 1 "-" "x"'].join("\n"));
    const r = sibyl(["ingest", "traffic", file, "--app", "cli-logs", "--format", "nginx"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${file}:2: `);
    // some bad lines beside good ones: the good ones are stored (exit 1 still flags the bad ones)
    expect(r.out).toMatch(/: succeeded\. 3 read, 2 accepted, 1 rejected/);
    const bad = sibyl(["ingest", "openapi", "test/fixtures/ingest/shop.har", "--app", "cli-logs"]);
    expect(bad.code).toBe(1);
    // A truncated HAR for an application that does not exist yet: the problem with its JSON path, exit 1, no stack trace.
    const cut = path.join(dir, "cut.har");
    const har = fs.readFileSync("test/fixtures/ingest/shop.har", "utf8");
    fs.writeFileSync(cut, har.slice(0, Math.floor(har.length / 2)));
    const fresh = sibyl(["ingest", "traffic", cut, "--app", "cli-brand-new", "--format", "har"]);
    expect(fresh.code).toBe(1);
    expect(fresh.err).toContain(`${cut}:$.log.entries`);
    expect(fresh.err).not.toMatch(/\n\s+at /);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 240_000);

  it("refuses a traffic file of which no line can be read like any invalid file: exit 1, each line located, no application created", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sibyl-cli-"));
    const file = path.join(dir, "garbage.log");
    fs.writeFileSync(file, ["garbage line", "more garbage", "not a log line at all"].join("\n"));
    for (const app of ["cli-all-bad", "cli-shop"]) {
      const r = sibyl(["ingest", "traffic", file, "--app", app, "--format", "nginx"]);
      expect(r.code, app).toBe(1);
      expect(r.err, app).toContain(`${file}:input: Not one record of this nginx file could be read: all 3 have problems`);
      for (const n of [1, 2, 3]) expect(r.err, app).toContain(`${file}:${n}: `);
      expect(r.out, app).toMatch(/: failed\. 3 read, 0 accepted, 3 rejected/);
      expect(r.out, app).not.toMatch(/Created application/);
    }
    expect(await db.select({ slug: applications.slug }).from(applications).where(eq(applications.slug, "cli-all-bad"))).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 240_000);

  it("takes --host (repeatable) on ingest traffic only, saves it on the application and turns a traffic-only HAR into an inventory", async () => {
    expect(sibyl(["ingest", "sbom", "x.json", "--app", "a", "--host", "api.acme.test"]).err).toMatch(/--host only applies to ingest traffic/);
    const bad = sibyl(["ingest", "traffic", "test/fixtures/ingest/acme-customers.har", "--app", "cli-acme", "--host", "https://api.acme.test/"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--host "https:\/\/api\.acme\.test\/": Use a host name/);
    const r = sibyl(["ingest", "traffic", "test/fixtures/ingest/acme-customers.har", "--app", "cli-acme", "--host", "api.acme.test", "--host", "*.internal.acme.test"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Declared \*\.internal\.acme\.test, api\.acme\.test as hosts of cli-acme/);
    expect(r.out).toMatch(/: succeeded\. 11 read, 11 accepted, 0 rejected, 5 new endpoint\(s\), 3 new dependencies\./);
    const [app] = await db.select({ declaredHosts: applications.declaredHosts }).from(applications).where(eq(applications.slug, "cli-acme"));
    expect(app.declaredHosts).toEqual(["*.internal.acme.test", "api.acme.test"]);
    const inv = sibyl(["inventory", "--app", "cli-acme", "--json"]);
    const json = JSON.parse(inv.out) as { endpoints: { method: string; path: string; status: string }[]; dependencies: { host: string }[] };
    expect(json.endpoints.map((e) => `${e.method} ${e.path} ${e.status}`)).toContain("GET /v2/customers/{id} shadow");
    expect(json.endpoints.every((e) => e.status === "shadow")).toBe(true);
    expect(json.dependencies.map((d) => d.host).sort()).toEqual(["api.segment.io", "api.stripe.com", "fonts.gstatic.com"]);
  }, 240_000);

  it("refuses to open an embedded database that another process holds", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sibyl-cli-lock-"));
    const holder = await openDatabase({ dataDir: dir });
    try {
      // The lock belongs to this test process; the CLI is another process.
      const r = sibyl(["inventory", "--app", "x"], { DATABASE_URL: "", SIBYL_DATA_DIR: dir });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/already open in process \d+/);
    } finally {
      await holder.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);
});
