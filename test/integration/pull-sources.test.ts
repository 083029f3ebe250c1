import http from "node:http";
import type { AddressInfo } from "node:net";
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { endpoints, ingestRuns, pullSources } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { createSource, listSources } from "@/lib/server/dal/sources";
import { createJobs, QUEUES } from "@/lib/server/jobs/queue";
import { dueSources, pullSource } from "@/lib/server/jobs/pull-source";
import { ValidationError } from "@/lib/validation/errors";
import { ingestOpenApi } from "@/lib/server/ingest/openapi";
import { useTestDatabase } from "../db";

const spec = fs.readFileSync("test/fixtures/ingest/shop-v1.yaml", "utf8");
const admin: Actor = { label: "admin", role: "admin" };
let handle: DatabaseHandle;
let server: http.Server;
let base = "";
const hits: Record<string, number> = {};


beforeAll(async () => {
  handle = await useTestDatabase();
  server = http.createServer((req, res) => {
    const path = (req.url ?? "").split("?")[0];
    hits[path] = (hits[path] ?? 0) + 1;
    if (path === "/spec.yaml") {
      if (req.headers["if-none-match"] === '"v1"') return res.writeHead(304).end();
      return res.writeHead(200, { etag: '"v1"', "content-type": "application/yaml" }).end(spec);
    }
    if (req.url === "/broken") return res.writeHead(500).end("boom");
    if (req.url === "/huge") return res.writeHead(200, { "content-length": String(30 * 1024 * 1024) }).end();
    if (req.url === "/silent") return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await ingestOpenApi({ db: handle.db, actor: admin, trigger: "test" }, { text: spec, appSlug: "shop", sourceName: "seed" });
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("pull sources", () => {
  it("validates registrations and audits them", async () => {
    await expect(createSource(handle.db, admin, { kind: "openapi", url: "ftp://x", app: "shop", intervalMinutes: 60 })).rejects.toBeInstanceOf(ValidationError);
    await expect(createSource(handle.db, admin, { kind: "openapi", url: `${base}/spec.yaml`, intervalMinutes: 60 })).rejects.toThrow(ValidationError);
    await expect(createSource(handle.db, admin, { kind: "openapi", url: `${base}/spec.yaml`, app: "nope", intervalMinutes: 60 })).rejects.toThrow(ValidationError);
    await expect(createSource(handle.db, { label: "dev", role: "developer" }, { kind: "catalog", url: `${base}/c`, intervalMinutes: 60 })).rejects.toThrow(/Forbidden/);
    expect(await listSources(handle.db, admin)).toHaveLength(0);
  });

  it("pulls a spec, then answers 'not modified' through ETag, and records errors", async () => {
    const { id } = await createSource(handle.db, admin, { kind: "openapi", url: `${base}/spec.yaml`, app: "shop", apiName: "Shop API", intervalMinutes: 60 });
    expect(await dueSources(handle.db)).toContain(id);
    const first = await pullSource(handle.db, id);
    expect(first.status).toBe("succeeded");
    const second = await pullSource(handle.db, id);
    expect(second.status).toBe("not modified");
    expect(await dueSources(handle.db)).not.toContain(id);
    const [row] = await handle.db.select().from(pullSources).where(eq(pullSources.id, id));
    expect(row.etag).toBe('"v1"');

    for (const [path, pattern] of [["/broken", /HTTP 500/], ["/huge", /over the limit/], ["/silent", /No answer within/]] as const) {
      const s = await createSource(handle.db, admin, { kind: "catalog", url: `${base}${path}`, intervalMinutes: 15 });
      // Only the silent server needs a short timeout; the others answer at once (a busy machine needs slack).
      const result = await pullSource(handle.db, s.id, { timeoutMs: path === "/silent" ? 1000 : 20_000 });
      expect(result.status).toBe("error");
      const [src] = await handle.db.select({ lastError: pullSources.lastError }).from(pullSources).where(eq(pullSources.id, s.id));
      expect(src.lastError).toMatch(pattern);
    }
  });

  it("runs pulls through the pg-boss queue", async () => {
    const { id } = await createSource(handle.db, admin, { kind: "openapi", url: `${base}/spec.yaml?v=queue`, app: "shop", apiName: "Queued API", intervalMinutes: 60 });
    const boss = await createJobs(handle);
    try {
      await boss.send(QUEUES.pullSource, { sourceId: id });
      await expect.poll(async () => (await handle.db.select({ s: pullSources.lastStatus }).from(pullSources).where(eq(pullSources.id, id)))[0].s, { timeout: 90_000, interval: 250 }).toBe("succeeded");
      const runs = await handle.db.select({ trigger: ingestRuns.trigger }).from(ingestRuns).where(eq(ingestRuns.trigger, "pull"));
      expect(runs.length).toBeGreaterThan(0);
      const eps = await handle.db.select({ id: endpoints.id }).from(endpoints);
      expect(eps.length).toBeGreaterThan(0);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  }, 120_000);
});
