import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import type { DatabaseHandle, Db } from "@/db/client";
import { auditLog, users, webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { ForbiddenError, type Actor } from "@/lib/server/actor";
import { createJobs, QUEUES } from "@/lib/server/jobs/queue";
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookDeliveries, listWebhookEndpoints, sendTestWebhookEvent, setWebhookEndpointEnabled } from "@/lib/server/webhooks/dal";
import { deliverPendingWebhooks, deliverWebhook } from "@/lib/server/webhooks/deliver";
import { enqueueWebhookEvents } from "@/lib/server/webhooks/events";
import { ValidationError } from "@/lib/validation/errors";
import { useTestDatabase } from "../db";

// The receiver's side, written from the spec rather than imported: the header is
// `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
function referenceVerify(header: string | undefined, rawBody: string, secret: string): { ok: boolean; t: number } {
  const fields = new Map((header ?? "").split(",").map((kv) => kv.split("=", 2) as [string, string]));
  const t = Number(fields.get("t"));
  const v1 = fields.get("v1") ?? "";
  const expected = createHmac("sha256", secret).update(`${t}.${rawBody}`, "utf8").digest();
  const given = Buffer.from(v1, "hex");
  return { ok: Number.isInteger(t) && given.length === expected.length && timingSafeEqual(given, expected), t };
}

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

let handle: DatabaseHandle;
let db: Db;
let admin: Actor;
const secops: Actor = { label: "secops@example.com", role: "secops" };
let server: http.Server;
let base = "";
const received: Received[] = [];
// Scripted answers per path; the last one repeats.
const script: Record<string, number[]> = { "/flaky": [500, 500, 200], "/ok": [200], "/later": [200] };
const served: Record<string, number> = {};

const at = (iso: string) => new Date(iso);
const deliveryRow = async (id: string) => (await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)))[0];

beforeAll(async () => {
  handle = await useTestDatabase();
  db = handle.db;
  const [row] = await db.insert(users).values({ email: "root@example.com", name: "Root", role: "admin" }).returning({ id: users.id });
  admin = { userId: row.id, label: "root@example.com", role: "admin", ip: "127.0.0.1" };
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const path = req.url ?? "";
      received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      if (path === "/redirect") return res.writeHead(302, { location: `${base}/redirect-target` }).end();
      const answers = script[path];
      if (!answers) return res.writeHead(404).end();
      const n = served[path] ?? 0;
      served[path] = n + 1;
      res.writeHead(answers[Math.min(n, answers.length - 1)], { "content-type": "text/plain" }).end("answer");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

// Each test starts without endpoints (and so without deliveries), whatever the previous one left.
beforeEach(async () => {
  await db.delete(webhookEndpoints);
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe("webhook endpoints", () => {
  it("are for admins only", async () => {
    const input = { name: "nope", url: `${base}/ok`, events: ["finding.created"] };
    await expect(createWebhookEndpoint(db, secops, input)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listWebhookEndpoints(db, secops)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listWebhookDeliveries(db, secops, {})).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createWebhookEndpoint(db, { label: "ciso", role: "ciso" }, input)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await db.select().from(webhookEndpoints)).toHaveLength(0);
  });

  it.each([
    [{ name: "a", url: "ftp://example.com/x", events: ["finding.created"] }, "url"],
    [{ name: "a", url: `https://example.com/${"x".repeat(2000)}`, events: ["finding.created"] }, "url"],
    [{ name: "a", url: "https://user:pass@example.com/x", events: ["finding.created"] }, "url"],
    [{ name: "x".repeat(81), url: "https://example.com/x", events: ["finding.created"] }, "name"],
    [{ name: "a", url: "https://example.com/x", events: [] }, "events"],
    [{ name: "a", url: "https://example.com/x", events: ["finding.deleted"] }, "events.0"],
    [{ name: "a", url: "https://example.com/x", events: ["finding.created"], secret: "short" }, "secret"],
  ])("refuses bad input %# with a field error", async (input, field) => {
    const error = await createWebhookEndpoint(db, admin, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors).toHaveProperty([field]);
  });

  it("returns the secret once, stores it only encrypted, and audits the creation", async () => {
    const { id, secret } = await createWebhookEndpoint(db, admin, { name: "audited", url: `${base}/ok?token=abc`, events: ["finding.reopened", "finding.created", "finding.created"] });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const [stored] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    expect(stored.secretCiphertext).not.toContain(secret);
    expect(stored.secretCiphertext).not.toContain(secret.slice(6));
    expect(stored.events).toEqual(["finding.created", "finding.reopened"]);
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.targetId, id), eq(auditLog.action, "webhook.create")));
    expect(entry).toMatchObject({ actorUserId: admin.userId, targetType: "webhook_endpoint" });
    expect(JSON.stringify(entry.detail)).not.toContain(secret);
    expect(JSON.stringify(entry.detail)).not.toContain("token=abc");
    const listed = await listWebhookEndpoints(db, admin);
    expect(listed.map((e) => e.name)).toContain("audited");
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(listed)).not.toContain(stored.secretCiphertext);
    // A given secret is kept as given; names are unique.
    const own = await createWebhookEndpoint(db, admin, { name: "own-secret", url: `${base}/ok`, events: ["finding.reopened"], secret: "my-own-secret-of-enough-length" });
    expect(own.secret).toBe("my-own-secret-of-enough-length");
    await expect(createWebhookEndpoint(db, admin, { name: "audited", url: `${base}/ok`, events: ["finding.created"] })).rejects.toBeInstanceOf(ValidationError);
    await deleteWebhookEndpoint(db, admin, { endpointId: own.id });
    await deleteWebhookEndpoint(db, admin, { endpointId: id });
  });
});

describe("webhook delivery", () => {
  it("retries a receiver that answers 500 twice then 200: three signed attempts, then succeeded", async () => {
    const { id: endpointId, secret } = await createWebhookEndpoint(db, admin, { name: "flaky", url: `${base}/flaky`, events: ["finding.created", "finding.sla_breached"] });
    const other = await createWebhookEndpoint(db, admin, { name: "reopen-only", url: `${base}/ok`, events: ["finding.reopened"] });
    const t0 = at("2030-01-01T00:00:00Z");
    const findingId = randomUUID();
    const queued = await db.transaction((tx) => enqueueWebhookEvents(tx, [{ type: "finding.created", key: `finding.created:${findingId}`, findingId, at: t0, extra: { severity: "critical" } }]));
    expect(queued).toBe(1); // the reopen-only endpoint is not subscribed
    const [delivery] = await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
    expect(delivery).toMatchObject({ status: "pending", attempts: 0 });

    const before = received.length;
    const attemptTimes: Date[] = [];
    let now = t0;
    // Not yet due a second before the event.
    expect((await deliverPendingWebhooks(db, { now: new Date(t0.getTime() - 1000) })).attempted).toBe(0);
    for (let round = 0; round < 5; round++) {
      const result = await deliverPendingWebhooks(db, { now });
      expect(result.attempted).toBe(1);
      attemptTimes.push(now);
      const row = await deliveryRow(delivery.id);
      if (row.status === "succeeded") break;
      expect(row).toMatchObject({ status: "pending", attempts: round + 1, lastStatusCode: 500 });
      expect(row.lastError).toMatch(/HTTP 500/);
      const next = row.nextAttemptAt as Date;
      expect(next.getTime()).toBeGreaterThan(now.getTime());
      // Backoff grows: a retry is not sent before its time.
      expect((await deliverPendingWebhooks(db, { now: new Date(next.getTime() - 1000) })).attempted).toBe(0);
      now = next;
    }
    expect(attemptTimes[1].getTime() - attemptTimes[0].getTime()).toBeLessThan(attemptTimes[2].getTime() - attemptTimes[1].getTime());

    const final = await deliveryRow(delivery.id);
    expect(final).toMatchObject({ status: "succeeded", attempts: 3, lastStatusCode: 200, lastError: null, nextAttemptAt: null });
    expect(final.deliveredAt?.getTime()).toBe(now.getTime());
    // Nothing is sent again.
    expect((await deliverPendingWebhooks(db, { now: new Date(now.getTime() + 86_400_000) })).attempted).toBe(0);

    const requests = received.slice(before);
    expect(requests.map((r) => r.path)).toEqual(["/flaky", "/flaky", "/flaky"]);
    requests.forEach((r, i) => {
      expect(r.headers["content-type"]).toBe("application/json");
      expect(r.headers["sibyl-event"]).toBe("finding.created");
      expect(r.headers["sibyl-delivery"]).toBe(delivery.id);
      const verified = referenceVerify(r.headers["sibyl-signature"] as string, r.body, secret);
      expect(verified.ok).toBe(true);
      expect(verified.t).toBe(Math.floor(attemptTimes[i].getTime() / 1000));
      expect(referenceVerify(r.headers["sibyl-signature"] as string, r.body, other.secret).ok).toBe(false);
      expect(referenceVerify(r.headers["sibyl-signature"] as string, `${r.body} `, secret).ok).toBe(false);
      expect(JSON.parse(r.body)).toMatchObject({ type: "finding.created", id: `finding.created:${findingId}`, data: { findingId, severity: "critical" } });
    });

    const log = await listWebhookDeliveries(db, admin, { pageSize: "10" });
    expect(log.rows.find((d) => d.id === delivery.id)).toMatchObject({ endpointName: "flaky", status: "succeeded", attempts: 3, lastStatusCode: 200, lastError: null });
    // Queuing the same event again changes nothing.
    expect(await enqueueWebhookEvents(db, [{ type: "finding.created", key: `finding.created:${findingId}`, findingId, at: t0 }])).toBe(0);
    await deleteWebhookEndpoint(db, admin, { endpointId });
    await deleteWebhookEndpoint(db, admin, { endpointId: other.id });
  });

  it("gives up after eight attempts", async () => {
    const { id: endpointId } = await createWebhookEndpoint(db, admin, { name: "down", url: "https://receiver.invalid/hook", events: ["finding.reopened"] });
    const t0 = at("2030-02-01T00:00:00Z");
    const { deliveryId } = await sendTestWebhookEvent(db, admin, { endpointId }, t0);
    let calls = 0;
    const fetchImpl: typeof fetch = async () => {
      calls++;
      return new Response("unavailable", { status: 503, statusText: "Service Unavailable" });
    };
    const outcomes: string[] = [];
    let now = t0;
    for (let i = 0; i < 8; i++) {
      outcomes.push(await deliverWebhook(db, deliveryId, { now, fetchImpl }));
      now = (await deliveryRow(deliveryId)).nextAttemptAt ?? now;
    }
    expect(outcomes).toEqual([...Array(7).fill("retry"), "failed"]);
    expect(await deliveryRow(deliveryId)).toMatchObject({ status: "failed", attempts: 8, lastStatusCode: 503, lastError: "HTTP 503 Service Unavailable", nextAttemptAt: null });
    expect(await deliverWebhook(db, deliveryId, { now, fetchImpl })).toBe("skipped");
    expect((await deliverPendingWebhooks(db, { now: new Date(now.getTime() + 86_400_000 * 30), fetchImpl })).attempted).toBe(0);
    expect(calls).toBe(8);
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.targetId, endpointId), eq(auditLog.action, "webhook.test")));
    expect(entry.detail).toMatchObject({ deliveryId });
    await deleteWebhookEndpoint(db, admin, { endpointId });
  });

  it("does not follow redirects, and records unreachable receivers", async () => {
    const redirect = await createWebhookEndpoint(db, admin, { name: "redirect", url: `${base}/redirect`, events: ["finding.reopened"] });
    const t0 = at("2030-03-01T00:00:00Z");
    const { deliveryId } = await sendTestWebhookEvent(db, admin, { endpointId: redirect.id }, t0);
    expect(await deliverWebhook(db, deliveryId, { now: t0 })).toBe("retry");
    const row = await deliveryRow(deliveryId);
    expect(row.lastStatusCode).toBe(302);
    expect(row.lastError).toMatch(/redirects are not followed/);
    expect(received.some((r) => r.path === "/redirect-target")).toBe(false);

    const closed = await createWebhookEndpoint(db, admin, { name: "closed", url: "http://127.0.0.1:1/hook", events: ["finding.reopened"] });
    const test = await sendTestWebhookEvent(db, admin, { endpointId: closed.id }, t0);
    expect(await deliverWebhook(db, test.deliveryId, { now: t0 })).toBe("retry");
    expect(await deliveryRow(test.deliveryId)).toMatchObject({ lastStatusCode: null, lastError: expect.stringMatching(/Could not connect/) });
    await deleteWebhookEndpoint(db, admin, { endpointId: redirect.id });
    await deleteWebhookEndpoint(db, admin, { endpointId: closed.id });
  });

  it("holds deliveries while an endpoint is disabled; enable, disable and delete are audited", async () => {
    const { id: endpointId } = await createWebhookEndpoint(db, admin, { name: "paused", url: `${base}/ok`, events: ["finding.sla_breached"] });
    const t0 = at("2030-04-01T00:00:00Z");
    const findingId = randomUUID();
    await enqueueWebhookEvents(db, [{ type: "finding.sla_breached", key: `sla:${findingId}`, findingId, at: t0 }]);
    await setWebhookEndpointEnabled(db, admin, { endpointId, enabled: false });
    await expect(sendTestWebhookEvent(db, admin, { endpointId })).rejects.toBeInstanceOf(ValidationError);
    expect((await deliverPendingWebhooks(db, { now: t0 })).attempted).toBe(0);
    // A disabled endpoint gets no new events.
    expect(await enqueueWebhookEvents(db, [{ type: "finding.sla_breached", key: `sla:${randomUUID()}`, findingId, at: t0 }])).toBe(0);
    await setWebhookEndpointEnabled(db, admin, { endpointId, enabled: true });
    expect(await deliverPendingWebhooks(db, { now: t0 })).toMatchObject({ attempted: 1, succeeded: 1 });
    await deleteWebhookEndpoint(db, admin, { endpointId });
    expect(await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId))).toHaveLength(0);
    const actions = (await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, endpointId))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["webhook.create", "webhook.disable", "webhook.enable", "webhook.delete"]));
    await expect(deleteWebhookEndpoint(db, admin, { endpointId })).rejects.toBeInstanceOf(ValidationError);
    await expect(setWebhookEndpointEnabled(db, secops, { endpointId, enabled: true })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("sends through the pg-boss queue", async () => {
    const { id: endpointId, secret } = await createWebhookEndpoint(db, admin, { name: "queued", url: `${base}/later`, events: ["finding.reopened"] });
    const { deliveryId } = await sendTestWebhookEvent(db, admin, { endpointId });
    const boss = await createJobs(handle);
    try {
      await boss.send(QUEUES.deliverWebhooks, {});
      await expect.poll(async () => (await deliveryRow(deliveryId)).status, { timeout: 90_000, interval: 250 }).toBe("succeeded");
      const request = received.find((r) => r.path === "/later");
      expect(request?.headers["sibyl-event"]).toBe("webhook.test");
      expect(referenceVerify(request?.headers["sibyl-signature"] as string, request?.body ?? "", secret).ok).toBe(true);
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
  }, 120_000);
});
