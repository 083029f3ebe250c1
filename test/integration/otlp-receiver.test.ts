// The OTLP/HTTP receiver as an OpenTelemetry exporter meets it: the real SDK's exporters (protobuf, and
// JSON gzipped) send to POST /v1/traces of the front process, which queues the spans and answers; the
// fold then turns them into ingest runs of the application named by service.name, and the inventory
// shows them. Refusals: a bad token (401), a token without the ingest scope (403), an oversized body
// before and after gunzip (413), a full queue (503 with Retry-After), a body that is not an export (400).
import { execFile } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import zlib from "node:zlib";
import { SpanKind } from "@opentelemetry/api";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from "@opentelemetry/sdk-trace";
import { and, eq, sql } from "drizzle-orm";
import protobuf from "protobufjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DatabaseHandle } from "@/db/client";
import { apiTokens, applications, auditLog, dependencies, endpoints, ingestRuns, otlpQueue, users } from "@/db/schema";
import { generateApiToken } from "@/lib/domain/auth/api-token";
import { serviceSlug, splitExport, type OtlpExport } from "@/lib/domain/ingest/otlp-export";
import { createFrontServer } from "@/lib/server/edge/front";
import { receiveProcessState } from "@/lib/server/otlp/receive-process";
import { decodeTraceRequest, decodeTraceRequestForQueue } from "@/lib/server/otlp/codec";
import { foldOtlpQueue } from "@/lib/server/otlp/fold";
import { handleWebTraces } from "@/lib/server/otlp/http";
import { OTLP_LIMITS, receiveTraces } from "@/lib/server/otlp/receiver";
import { useTestDatabase } from "../db";

let handle: DatabaseHandle;
let upstream: http.Server;
let front: http.Server;
let base = "";
let userId = "";
const proxied: string[] = [];
/** What each request to the front process said it was (Content-Type, Content-Encoding). */
const received: string[] = [];
const ingestToken = generateApiToken();
const readToken = generateApiToken();

function listen(server: http.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));
}

/** Spans as the SDK records them for one service: HTTP server calls, an outbound client call and an internal span. */
function recordSpans(serviceName: string, paths: string[]): ReadableSpan[] {
  const memory = new InMemorySpanExporter();
  const provider = new TracerProvider({ resource: resourceFromAttributes({ "service.name": serviceName }), spanProcessors: [new SimpleSpanProcessor({ exporter: memory })] });
  const tracer = provider.getTracer("otlp-receiver-test");
  const t0 = Date.UTC(2026, 11, 1, 12, 0, 0);
  paths.forEach((path, i) => {
    tracer
      .startSpan(`GET ${path}`, { kind: SpanKind.SERVER, startTime: t0 + i * 1000, attributes: { "http.request.method": "GET", "url.path": path, "url.scheme": "https", "server.address": "shop.example.test", "http.response.status_code": 200 } })
      .end(t0 + i * 1000 + 12);
  });
  tracer
    .startSpan("POST", { kind: SpanKind.CLIENT, startTime: t0 + 500, attributes: { "http.request.method": "POST", "url.full": "https://api.stripe.com/v1/charges", "http.response.status_code": 201 } })
    .end(t0 + 620);
  tracer.startSpan("render basket", { kind: SpanKind.INTERNAL, startTime: t0 }).end(t0 + 3);
  return memory.getFinishedSpans();
}

function exportWith(exporter: { export(spans: ReadableSpan[], done: (r: { code: number; error?: Error }) => void): void }, spans: ReadableSpan[]): Promise<{ code: number; error?: Error }> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

function post(path: string, body: Uint8Array | string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const jsonExport = (serviceName: string, spans: unknown[]) => ({
  resourceSpans: [{ resource: { attributes: [{ key: "service.name", value: { stringValue: serviceName } }] }, scopeSpans: [{ scope: { name: "hand" }, spans }] }],
});
const serverSpan = (path: string, ms: number) => ({
  traceId: "5b8efff798038103d269b633813fc60c",
  spanId: "eee19b7ec3c1b174",
  name: `GET ${path}`,
  kind: 2,
  startTimeUnixNano: String(BigInt(Date.UTC(2026, 11, 2)) * 1_000_000n + BigInt(ms) * 1_000_000n),
  endTimeUnixNano: String(BigInt(Date.UTC(2026, 11, 2)) * 1_000_000n + BigInt(ms + 7) * 1_000_000n),
  attributes: [
    { key: "http.request.method", value: { stringValue: "GET" } },
    { key: "url.path", value: { stringValue: path } },
    { key: "http.response.status_code", value: { intValue: "200" } },
  ],
});

beforeAll(async () => {
  handle = await useTestDatabase();
  const db = handle.db;
  const [user] = await db.insert(users).values({ email: "otel@test", name: "Otel", role: "developer" }).returning({ id: users.id });
  userId = user.id;
  await db.insert(apiTokens).values([
    { name: "collector", prefix: ingestToken.prefix, tokenHash: ingestToken.hash, scopes: ["ingest"], createdById: user.id },
    { name: "read", prefix: readToken.prefix, tokenHash: readToken.hash, scopes: ["read"], createdById: user.id },
  ]);
  upstream = http.createServer((req, res) => {
    proxied.push(`${req.method} ${req.url}`);
    req.resume();
    req.on("end", () => res.writeHead(404).end());
  });
  front = createFrontServer({ handle, upstreamPort: await listen(upstream) });
  front.prependListener("request", (req: http.IncomingMessage) => received.push(`${req.headers["content-type"]} ${req.headers["content-encoding"] ?? "identity"}`));
  base = `http://127.0.0.1:${await listen(front)}`;
}, 120_000);

afterAll(async () => {
  await new Promise((r) => front?.close(r));
  await new Promise((r) => upstream?.close(r));
});

async function inventoryOf(slug: string) {
  const [app] = await handle.db.select({ id: applications.id }).from(applications).where(eq(applications.slug, slug));
  if (!app) return null;
  const eps = await handle.db.select({ method: endpoints.method, path: endpoints.pathTemplate, calls: endpoints.callCount }).from(endpoints).where(eq(endpoints.applicationId, app.id));
  const deps = await handle.db.select({ host: dependencies.host, calls: dependencies.callCount }).from(dependencies).where(eq(dependencies.applicationId, app.id));
  return { id: app.id, endpoints: eps.sort((a, b) => a.path.localeCompare(b.path)), dependencies: deps };
}

describe("the OTLP/HTTP receiver", () => {
  it("maps service.name to an application slug", () => {
    expect(serviceSlug("checkout")).toBe("checkout");
    expect(serviceSlug("unknown_service:node")).toBe("unknown-service-node");
    expect(serviceSlug("  Shop.Front API  ")).toBe("shop-front-api");
    expect(serviceSlug("---")).toBe("unknown-service");
    expect(serviceSlug("x".repeat(100))).toHaveLength(63);
  });

  it("accepts the real SDK exporter's protobuf export, queues its HTTP spans, and the fold puts them in the inventory", async () => {
    const spans = recordSpans("Checkout Service", ["/orders/1001", "/orders/1002", "/orders/1003", "/health"]);
    const exporter = new ProtoExporter({ url: `${base}/v1/traces`, headers: { Authorization: `Bearer ${ingestToken.token}` } });
    received.length = 0;
    expect(await exportWith(exporter, spans)).toEqual({ code: 0 });
    await exporter.shutdown();
    expect(received).toEqual(["application/x-protobuf identity"]);
    expect(proxied).toEqual([]); // answered by the front process itself
    expect(receiveProcessState()).toBe("process"); // decoded and queued by its receive process, on the same database

    const queued = await handle.db.select({ serviceName: otlpQueue.serviceName, appSlug: otlpQueue.appSlug, spanCount: otlpQueue.spanCount, tokenId: otlpQueue.tokenId }).from(otlpQueue);
    expect(queued).toEqual([{ serviceName: "Checkout Service", appSlug: "checkout-service", spanCount: 5, tokenId: expect.any(String) }]); // the internal span is not traffic
    expect(await inventoryOf("checkout-service")).toBeNull(); // nothing is ingested on receipt

    const runs = await foldOtlpQueue(handle.db, { all: true });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "succeeded", kind: "traffic", format: "otlp", application: "checkout-service", recordsRead: 5, recordsAccepted: 5, recordsRejected: 0 });
    expect(runs[0].notes).toContain("Created application checkout-service (it did not exist).");
    expect(await handle.db.select({ id: otlpQueue.id }).from(otlpQueue)).toEqual([]);

    const inventory = await inventoryOf("checkout-service");
    expect(inventory?.endpoints.reduce((n, e) => n + e.calls, 0)).toBe(4);
    expect(inventory?.endpoints.map((e) => `${e.method} ${e.path}`)).toContain("GET /health");
    expect(inventory?.dependencies).toEqual([{ host: "api.stripe.com", calls: 1 }]);

    // The run is the token's, and audited once (not once per export).
    const [run] = await handle.db.select({ trigger: ingestRuns.trigger, tokenId: ingestRuns.tokenId, startedById: ingestRuns.startedById }).from(ingestRuns).where(eq(ingestRuns.id, runs[0].id));
    expect(run).toEqual({ trigger: "otlp", tokenId: expect.any(String), startedById: userId });
    const audits = await handle.db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.targetType, "ingest_run"), eq(auditLog.targetId, runs[0].id)));
    expect(audits).toEqual([{ action: "ingest.traffic" }]);

    // The same export again (an exporter's retry): queued, folded, and not counted twice.
    const again = new ProtoExporter({ url: `${base}/v1/traces`, headers: { Authorization: `Bearer ${ingestToken.token}` } });
    expect(await exportWith(again, spans)).toEqual({ code: 0 });
    await again.shutdown();
    const [rerun] = await foldOtlpQueue(handle.db, { all: true });
    expect(rerun).toMatchObject({ status: "succeeded", recordsRead: 5, recordsAccepted: 0 });
    expect((await inventoryOf("checkout-service"))?.endpoints.reduce((n, e) => n + e.calls, 0)).toBe(4);
  });

  it("accepts the real SDK exporter's gzipped JSON export", async () => {
    const exporter = new JsonExporter({ url: `${base}/v1/traces`, headers: { Authorization: `Bearer ${ingestToken.token}` }, compression: "gzip" as never });
    received.length = 0;
    expect(await exportWith(exporter, recordSpans("basket", ["/baskets/77", "/baskets/78"]))).toEqual({ code: 0 });
    expect(received).toEqual(["application/json gzip"]);
    await exporter.shutdown();
    const runs = await foldOtlpQueue(handle.db, { all: true });
    expect(runs.map((r) => [r.application, r.recordsAccepted])).toEqual([["basket", 3]]);
    const inventory = await inventoryOf("basket");
    expect(inventory?.endpoints.reduce((n, e) => n + e.calls, 0)).toBe(2);
  });

  it("answers partial_success for the spans it rejects, in JSON and in protobuf", async () => {
    const body = jsonExport("partial", [serverSpan("/a", 1), { ...serverSpan("/b", 2), attributes: [{ key: "http.request.method", value: { stringValue: "GET" } }] }]);
    const gz = zlib.gzipSync(JSON.stringify(body));
    const res = await post("/v1/traces", gz, { authorization: `Bearer ${ingestToken.token}`, "content-type": "application/json", "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ partialSuccess: { rejectedSpans: "1", errorMessage: expect.stringContaining("resourceSpans[0].scopeSpans[0].spans[1]") } });

    const noService = { resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ spans: [serverSpan("/c", 3)] }] }] };
    const res2 = await post("/v1/traces", JSON.stringify(noService), { authorization: `Bearer ${ingestToken.token}`, "content-type": "application/json" });
    expect(JSON.parse(res2.body.toString()).partialSuccess).toMatchObject({ rejectedSpans: "1", errorMessage: expect.stringContaining("service.name") });
    await handle.db.delete(otlpQueue);
  });

  it("refuses a bad token (401) and a token without the ingest scope (403), in the request's encoding", async () => {
    const spans = recordSpans("refused", ["/x"]);
    const bad = new ProtoExporter({ url: `${base}/v1/traces`, headers: { Authorization: "Bearer sib_not-a-real-token" } });
    const result = await exportWith(bad, spans);
    await bad.shutdown();
    expect(result.code).toBe(1);
    const res = await post("/v1/traces", JSON.stringify(jsonExport("refused", [serverSpan("/x", 1)])), { authorization: "Bearer sib_not-a-real-token", "content-type": "application/json" });
    expect(res.status).toBe(401);
    expect(res.headers["server-timing"]).toMatch(/^otlp;dur=\d+\.\d$/);
    expect(JSON.parse(res.body.toString())).toEqual({ error: "invalid or expired token" });
    const proto = await post("/v1/traces", new Uint8Array(0), { authorization: "Bearer sib_not-a-real-token", "content-type": "application/x-protobuf" });
    expect(proto.status).toBe(401);
    expect(proto.headers["content-type"]).toBe("application/x-protobuf");
    const forbidden = await post("/v1/traces", JSON.stringify(jsonExport("refused", [serverSpan("/x", 1)])), { authorization: `Bearer ${readToken.token}`, "content-type": "application/json" });
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.body.toString())).toEqual({ error: "forbidden", required: "ingest.write" });
    expect(await inventoryOf("refused")).toBeNull();
    expect(await handle.db.select({ id: otlpQueue.id }).from(otlpQueue)).toEqual([]);
  });

  it("refuses an oversized body (413), declared, streamed or once gunzipped", async () => {
    const auth = { authorization: `Bearer ${ingestToken.token}`, "content-type": "application/json" };
    const big = Buffer.alloc(OTLP_LIMITS.maxBodyBytes + 1, 0x20);
    expect((await post("/v1/traces", big, auth)).status).toBe(413);
    // A gzip bomb: 64 KiB on the wire, more than the limit once inflated.
    const bomb = zlib.gzipSync(Buffer.alloc(OTLP_LIMITS.maxBodyBytes + 1024, 0x20), { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    const res = await post("/v1/traces", bomb, { ...auth, "content-encoding": "gzip" });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body.toString()).message).toContain("once decompressed");
    // Streamed without a declared length.
    const streamed = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/v1/traces`, { method: "POST", headers: { ...auth, "transfer-encoding": "chunked" } }, (r) => {
        r.resume();
        resolve(r.statusCode ?? 0);
      });
      req.on("error", reject);
      for (let i = 0; i < 17; i++) req.write(Buffer.alloc(1024 * 1024, 0x20));
      req.end();
    });
    expect(streamed).toBe(413);
  });

  it("refuses what is not an export (400) or not OTLP/HTTP's encodings (415)", async () => {
    const auth = { authorization: `Bearer ${ingestToken.token}` };
    expect((await post("/v1/traces", "{", { ...auth, "content-type": "application/json" })).status).toBe(400);
    expect((await post("/v1/traces", JSON.stringify({ resourceSpans: "no" }), { ...auth, "content-type": "application/json" })).status).toBe(400);
    expect((await post("/v1/traces", "{}", { ...auth, "content-type": "application/json" })).status).toBe(400);
    expect((await post("/v1/traces", Buffer.from([0x0a, 0xff, 0xff, 0xff]), { ...auth, "content-type": "application/x-protobuf" })).status).toBe(400);
    expect((await post("/v1/traces", "x", { ...auth, "content-type": "text/plain" })).status).toBe(415);
    expect((await post("/v1/traces", "{}", { ...auth, "content-type": "application/json", "content-encoding": "br" })).status).toBe(415);
  });

  it("answers 503 with Retry-After when the queue is full, and queues nothing", async () => {
    const [actorRow] = await handle.db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.name, "collector"));
    const actor = { userId, tokenId: actorRow.id, label: "token:collector", role: "developer" as const };
    const body = Buffer.from(JSON.stringify(jsonExport("full", [serverSpan("/f", 1), serverSpan("/g", 2)])));
    const limits = { ...OTLP_LIMITS, maxQueuedSpans: 1 };
    const answer = await receiveTraces(handle.db, actor, { contentType: "application/json", contentEncoding: null, body }, limits);
    expect(answer.status).toBe(503);
    expect(answer.headers["retry-after"]).toBe(String(OTLP_LIMITS.retryAfterSeconds));
    expect(await handle.db.select({ n: sql<number>`count(*)::int` }).from(otlpQueue)).toEqual([{ n: 0 }]);
    // With SIBYL_OTLP_ASYNC_COMMIT's setting the spans are queued the same way.
    const queued = await receiveTraces(handle.db, actor, { contentType: "application/json", contentEncoding: null, body }, { ...OTLP_LIMITS, asyncCommit: true });
    expect(queued.status).toBe(200);
    expect(queued.headers["server-timing"]).toMatch(/^decode;dur=[\d.]+, check;dur=[\d.]+, store;dur=[\d.]+$/);
    expect(await handle.db.select({ appSlug: otlpQueue.appSlug, spanCount: otlpQueue.spanCount }).from(otlpQueue)).toEqual([{ appSlug: "full", spanCount: 2 }]);
    await handle.db.delete(otlpQueue);
  });

  it("answers the same through the Next.js route's handler (fetch Request and Response)", async () => {
    const [tokenRow] = await handle.db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.name, "collector"));
    const actor = { userId, tokenId: tokenRow.id, label: "token:collector", role: "developer" as const };
    const gz = zlib.gzipSync(JSON.stringify(jsonExport("route-app", [serverSpan("/r/1", 1)])));
    const ok = await handleWebTraces(new Request("http://sibyl.test/v1/traces", { method: "POST", headers: { "content-type": "application/json", "content-encoding": "gzip" }, body: gz }), handle, actor);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({});
    const small = { ...OTLP_LIMITS, maxBodyBytes: 1024 };
    const streamed = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 4; i++) controller.enqueue(new Uint8Array(512).fill(0x20));
        controller.close();
      },
    });
    const refused = await handleWebTraces(new Request("http://sibyl.test/v1/traces", { method: "POST", headers: { "content-type": "application/json" }, body: streamed, duplex: "half" } as RequestInit), handle, actor, small);
    expect(refused.status).toBe(413);
    const runs = await foldOtlpQueue(handle.db, { all: true });
    expect(runs.map((r) => [r.application, r.recordsAccepted])).toEqual([["route-app", 1]]);
  });

  it("decodes the protobuf encoding into the OTLP/JSON shape", () => {
    expect(decodeTraceRequest(new Uint8Array(0))).toEqual({});
    expect(decodeTraceRequestForQueue(new Uint8Array(0))).toEqual({});
  });

  it("keeps the same spans with the queue's reduced decoder as with the full OTLP/JSON conversion, for every attribute type", () => {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => path.join(process.cwd(), "lib/server/otlp/proto", target);
    root.loadSync("opentelemetry/proto/collector/trace/v1/trace_service.proto");
    const type = root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest");
    const attrs = [
      { key: "http.request.method", value: { stringValue: "GET" } },
      { key: "url.path", value: { stringValue: "/api/orders/42" } },
      { key: "http.response.status_code", value: { intValue: 404 } },
      { key: "big", value: { intValue: "9007199254740993" } },
      { key: "sampled", value: { boolValue: true } },
      { key: "ratio", value: { doubleValue: 0.25 } },
      { key: "http.request.header.accept", value: { arrayValue: { values: [{ stringValue: "application/json" }, { intValue: 1 }] } } },
      { key: "nested", value: { kvlistValue: { values: [{ key: "a", value: { stringValue: "b" } }] } } },
      { key: "raw", value: { bytesValue: Buffer.from([1, 2, 255]) } },
      { key: "empty", value: {} },
    ];
    const span = (kind: number, i: number) => ({ traceId: Buffer.alloc(16, i + 1), spanId: Buffer.alloc(8, i + 1), name: "n", kind, startTimeUnixNano: "1764590400000000000", endTimeUnixNano: "1764590400012000000", attributes: attrs, events: [{ name: "e", timeUnixNano: "1" }], status: { code: 2 } });
    const body = type
      .encode(
        type.fromObject({
          resourceSpans: [
            { resource: { attributes: [{ key: "service.name", value: { stringValue: "Typed Shop" } }] }, scopeSpans: [{ scope: { name: "s" }, spans: [span(2, 0), span(3, 1), span(0, 2), span(1, 3)] }] },
            { resource: { attributes: [{ key: "service.name", value: { stringValue: "Legacy" } }] }, instrumentationLibrarySpans: [{ spans: [span(2, 4)] }] },
            { resource: {} },
          ],
        }),
      )
      .finish();
    const full = splitExport(decodeTraceRequest(body) as OtlpExport);
    expect(full.queued).toBe(3);
    expect(splitExport(decodeTraceRequestForQueue(body) as OtlpExport)).toEqual(full);
  });

  it("receives in the front process's receive process under npm start's own node flags, queuing the same rows as in line", async () => {
    const { scriptNodeArgs } = await import("../../bench/next-server");
    const flags = scriptNodeArgs("scripts/start.ts");
    expect(flags).toContain("--import");
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [...flags, "test/integration/otlp-receive-process.ts"], { timeout: 60_000, env: { ...process.env, SIBYL_TEST_DATABASE_URL: handle.url } }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)));
    });
    expect(JSON.parse(out.trim().split("\n").at(-1) ?? "{}")).toEqual({ before: "not started", state: "process", status: 200, same: true, rows: [["decode-thread-shop", 300]], badStatus: 400 });
  });
});
