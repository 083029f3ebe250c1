import { describe, expect, it } from "vitest";
import { IngestInputError } from "../types";
import { parseQueuedOtlpSpans, type TrafficBatch } from "./index";
import { chunked, collect, fixture } from "./test-support";

describe("OTLP/JSON traces", () => {
  it("reads an attribute value nested thousands of levels deep without overflowing the stack", async () => {
    // found by the fuzz test: Number() of a deeply nested intValue array, and arrayValue recursion, threw RangeError
    const deep = (n: number, leaf: string) => "[".repeat(n) + leaf + "]".repeat(n);
    const arrays = '{"arrayValue":{"values":['.repeat(5000) + '{"stringValue":"x"}' + "]}}".repeat(5000);
    const span = `{"kind":2,"attributes":[{"key":"http.method","value":{"stringValue":"GET"}},{"key":"url.path","value":{"stringValue":"/a"}},{"key":"http.status_code","value":{"intValue":${deep(11000, "200")}}},{"key":"http.request.header.x","value":${arrays}}]}`;
    const text = `{"resourceSpans":[{"scopeSpans":[{"spans":[${span}]}]}]}`;
    const { events, problems } = await collect(text, "otlp");
    expect(problems).toEqual([]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ method: "GET", path: "/a", status: null });
    expect(events[0].requestHeaders).toBeUndefined();
  });

  it("skips the upstream example's non-HTTP server span silently", async () => {
    const { events, problems, skipped } = await collect(fixture("otlp-trace.json"), "otlp");
    expect(events).toEqual([]);
    expect(problems).toEqual([]);
    expect(skipped).toBe(1);
  });

  it("reads current semantic conventions on a SERVER span as inbound", async () => {
    const { events } = await collect(fixture("otlp-http-spans.json"), "otlp");
    expect(events[0]).toEqual({
      direction: "inbound",
      directionHint: "inbound",
      method: "GET",
      host: "shop.example.com",
      path: "/api/v1/orders",
      query: "limit=10",
      status: 200,
      durationMs: 12.5,
      timestamp: 1714644930123,
      location: "$.resourceSpans[0].scopeSpans[0].spans[0]",
      requestHeaders: [["authorization", expect.stringMatching(/^Bearer eyJ/)]],
    });
  });

  it("reads old semantic conventions on a CLIENT span as outbound", async () => {
    const { events } = await collect(fixture("otlp-http-spans.json"), "otlp");
    expect(events[1]).toMatchObject({
      direction: "outbound",
      directionHint: "outbound",
      method: "POST",
      host: "api.stripe.com",
      path: "/v1/charges",
      query: "expand[]=customer",
      status: 402,
      durationMs: 6,
      location: "$.resourceSpans[0].scopeSpans[0].spans[1]",
    });
  });

  it("handles _OTHER methods, string kinds and instrumentationLibrarySpans; skips INTERNAL and non-HTTP spans", async () => {
    const { events, problems, skipped } = await collect(fixture("otlp-http-spans.json"), "otlp");
    expect(events.map((e) => [e.direction, e.method, e.host, e.path, e.query, e.status])).toEqual([
      ["inbound", "GET", "shop.example.com", "/api/v1/orders", "limit=10", 200],
      ["outbound", "POST", "api.stripe.com", "/v1/charges", "expand[]=customer", 402],
      ["outbound", "PURGE", "cache.internal.example", "/img/logo.png", null, 200],
      ["inbound", "GET", "billing.example.com", "/billing/invoices", "customer=42", 500],
    ]);
    expect(events[3]).toMatchObject({ location: "$.resourceSpans[1].instrumentationLibrarySpans[0].spans[0]", durationMs: 42 });
    expect(skipped).toBe(2);
    expect(problems).toEqual([
      { location: "$.resourceSpans[1].instrumentationLibrarySpans[0].spans[1]", reason: expect.stringMatching(/without url\.full/) },
    ]);
  });

  it("keeps the span kind as the direction hint; a CLIENT span to one of the app's own hosts is a call of its API", async () => {
    const { events } = await collect(fixture("otlp-http-spans.json"), "otlp", { app: { hosts: ["*.internal.example"] } });
    expect(events.map((e) => [e.host, e.direction, e.directionHint])).toEqual([
      ["shop.example.com", "inbound", "inbound"],
      ["api.stripe.com", "outbound", "outbound"],
      ["cache.internal.example", "inbound", "outbound"],
      ["billing.example.com", "inbound", "inbound"],
    ]);
  });

  it("reads one export per line (the collector's file exporter)", async () => {
    const doc = JSON.stringify(JSON.parse(fixture("otlp-http-spans.json").toString("utf8")));
    const { events } = await collect(`${doc}\n${doc}\n`, "otlp");
    expect(events).toHaveLength(8);
    expect(events[4].location).toBe("document 2: $.resourceSpans[0].scopeSpans[0].spans[0]");
  });

  it("throws IngestInputError on a truncated export or a non-trace document", async () => {
    const full = fixture("otlp-http-spans.json");
    const err = await collect(full.subarray(0, 1500), "otlp").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestInputError);
    expect((err as IngestInputError).problems[0].location).toBe("byte 1500");
    await expect(collect('{"resourceLogs":[]}', "otlp")).rejects.toThrow(/not an OTLP\/JSON trace export/);
  });
});

describe("the OTLP receiver's queue, one span per line", () => {
  it("reads each span as parseOtlp reads it from an export, and reports a line that is not a span", async () => {
    const span = (path: string, kind: number) => ({ kind, attributes: [{ key: "http.request.method", value: { stringValue: "GET" } }, { key: "url.path", value: { stringValue: path } }, { key: "server.address", value: { stringValue: "shop.example.com" } }], startTimeUnixNano: "1764590400000000000", endTimeUnixNano: "1764590400012000000" });
    const spans = [span("/api/orders/17", 2), span("/api/orders/18", 2), span("/internal", 1)];
    const lines = `${JSON.stringify(spans[0])}\n{"kind": 2, "attributes": [\n${JSON.stringify(spans[1])}\n${JSON.stringify(spans[2])}\n`;
    const batches: TrafficBatch[] = [];
    for await (const b of parseQueuedOtlpSpans(chunked(lines, 64), { app: { hosts: ["shop.example.com"] } })) batches.push(b);
    const events = batches.flatMap((b) => b.events);
    const problems = batches.flatMap((b) => b.problems);
    const asExport = await collect(Buffer.from(JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [spans[0], spans[1]] }] }] })), "otlp", { app: { hosts: ["shop.example.com"] } });
    expect(events.map((e) => [e.direction, e.method, e.path, e.durationMs, e.timestamp])).toEqual(asExport.events.map((e) => [e.direction, e.method, e.path, e.durationMs, e.timestamp]));
    expect(events.map((e) => e.path)).toEqual(["/api/orders/17", "/api/orders/18"]);
    expect(problems).toEqual([{ location: "line 2", reason: "not an OTLP/JSON span" }]);
  });
});
