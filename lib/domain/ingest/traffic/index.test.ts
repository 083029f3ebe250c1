import { describe, expect, it } from "vitest";
import type { TrafficFormat } from "../types";
import { parseTraffic } from "./index";
import { chunked, collect, fixture } from "./test-support";

const CASES: [string, TrafficFormat][] = [
  ["full.har", "har"],
  ["invalid-url.har", "har"],
  ["binary-json.har", "har"],
  ["auth-variants.har", "har"],
  ["envoy-access.log", "envoy"],
  ["nginx-edge-cases.log", "nginx"],
  ["apache-combined-2000.log", "nginx"],
  ["otlp-http-spans.json", "otlp"],
];

describe("parseTraffic streaming", () => {
  it.each(CASES)("%s gives identical results in 7-byte chunks, one buffer, and a string", async (name, format) => {
    const data = fixture(name);
    const options = { app: { hosts: ["shop.example.com", "httpbin.org"] } };
    const whole = await collect(data, format, { ...options, chunkSize: data.length });
    const tiny = await collect(data, format, { ...options, chunkSize: 7 });
    const asString = await collect(
      (async function* () {
        yield data.toString("utf8") as unknown as Buffer;
      })(),
      format,
      options,
    );
    expect(whole.events.length + whole.problems.length).toBeGreaterThan(0);
    expect(tiny.events).toEqual(whole.events);
    expect(tiny.problems).toEqual(whole.problems);
    expect(asString.events).toEqual(whole.events);
    expect(tiny.bytesRead).toBe(data.length);
  });

  it("splits multi-byte characters across chunks correctly", async () => {
    const line = '1.2.3.4 - - [02/May/2024:10:15:30 +0000] "GET /caf\u00e9/\u{1F600}?q=\u00fc HTTP/1.1" 200 1 "-" "-"\n';
    const { events } = await collect(line.repeat(3), "nginx", { chunkSize: 1 });
    expect(events.map((e) => e.path)).toEqual(["/caf\u00e9/\u{1F600}", "/caf\u00e9/\u{1F600}", "/caf\u00e9/\u{1F600}"]);
  });

  it("yields batches of about 1,000 events and reports progress", async () => {
    const line = JSON.stringify({ method: "GET", path: "/x", authority: "a.example", response_code: 200 }) + "\n";
    const progress: number[] = [];
    const { batches, events } = await collect(line.repeat(3500), "envoy", { onProgress: (b) => progress.push(b), chunkSize: 8192 });
    expect(events).toHaveLength(3500);
    expect(batches.map((b) => b.events.length)).toEqual([1000, 1000, 1000, 500]);
    expect(batches.at(-1)?.bytesRead).toBe(line.length * 3500);
    expect(progress.at(-1)).toBe(line.length * 3500);
    expect(progress.every((b, i) => i === 0 || b >= progress[i - 1])).toBe(true);
  });

  it("accepts a Node.js readable stream", async () => {
    const { Readable } = await import("node:stream");
    const stream = Readable.from(chunked(fixture("nginx-edge-cases.log"), 100));
    let n = 0;
    for await (const batch of parseTraffic(stream, "nginx")) n += batch.events.length;
    expect(n).toBe(6);
  });

  it("stops reading when the consumer stops", async () => {
    let pulled = 0;
    const line = JSON.stringify({ method: "GET", path: "/x" }) + "\n";
    async function* endless() {
      for (;;) {
        pulled++;
        yield Buffer.from(line.repeat(100));
      }
    }
    for await (const batch of parseTraffic(endless(), "envoy")) {
      expect(batch.events.length).toBeGreaterThan(0);
      break;
    }
    expect(pulled).toBeLessThan(20);
  });

  it.each(["har", "otlp"] as const)("stops reading a %s stream when the consumer stops", async (format) => {
    let pulled = 0;
    const span = JSON.stringify({ kind: 2, attributes: [{ key: "http.method", value: { stringValue: "GET" } }, { key: "url.path", value: { stringValue: "/x" } }] });
    const entry = JSON.stringify({ request: { method: "GET", url: "https://a.example/x" } });
    async function* endless() {
      yield Buffer.from(format === "har" ? '{"log":{"entries":[' + entry : '{"resourceSpans":[{"scopeSpans":[{"spans":[' + span);
      for (;;) {
        pulled++;
        yield Buffer.from(("," + (format === "har" ? entry : span)).repeat(200));
      }
    }
    for await (const batch of parseTraffic(endless(), format)) {
      expect(batch.events.length).toBeGreaterThan(0);
      break;
    }
    const after = pulled;
    await new Promise((r) => setTimeout(r, 50));
    expect(pulled).toBe(after);
    expect(pulled).toBeLessThan(200);
  });
});
