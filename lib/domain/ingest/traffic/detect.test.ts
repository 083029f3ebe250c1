import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { detectTrafficFormat } from "./detect";
import { fixture } from "./test-support";

describe("detectTrafficFormat", () => {
  it.each([
    ["full.har", "har"],
    ["auth-variants.har", "har"],
    ["binary-json.har", "har"],
    ["invalid-url.har", "har"],
    ["no-entries.har", "har"],
    ["security.har", "har"],
    ["typed-params.har", "har"],
    ["otlp-trace.json", "otlp"],
    ["otlp-http-spans.json", "otlp"],
    ["envoy-access.log", "envoy"],
    ["nginx-edge-cases.log", "nginx"],
    ["apache-combined-2000.log", "nginx"],
  ])("recognises %s as %s", (name, format) => {
    expect(detectTrafficFormat(fixture(name))).toBe(format);
    expect(detectTrafficFormat(fixture(name).toString("utf8"))).toBe(format);
  });

  it("looks only at the first 64 KB and tolerates a cut-off last line", () => {
    const log = fixture("apache-combined-2000.log");
    expect(log.length).toBeGreaterThan(64 * 1024);
    expect(detectTrafficFormat(log.subarray(0, 64 * 1024 + 17))).toBe("nginx");
    const har = fixture("full.har");
    expect(detectTrafficFormat(har.subarray(0, Math.floor(har.length / 2)))).toBe("har");
    const minified = JSON.stringify({ log: { version: "1.2", entries: [{ request: { url: "x".repeat(70_000) } }] } });
    expect(detectTrafficFormat(minified)).toBe("har");
    expect(detectTrafficFormat(JSON.stringify({ resourceSpans: [{ scopeSpans: [] }] }) + "\n")).toBe("otlp");
  });

  it("tells Istio's default JSON keys from nginx JSON log lines", () => {
    const istio = JSON.stringify({ upstream_host: "10.0.0.1:80", x_forwarded_for: null, bytes_received: 0, bytes_sent: 12, method: "GET", path: "/" });
    expect(detectTrafficFormat(istio + "\n" + istio + "\n")).toBe("envoy");
    const nginx = JSON.stringify({ time_iso8601: "2024-01-01T00:00:00+00:00", remote_addr: "1.2.3.4", request: "GET / HTTP/1.1", status: "200", http_host: "a.example" });
    expect(detectTrafficFormat(nginx + "\n")).toBe("nginx");
    expect(detectTrafficFormat(JSON.stringify({ request_method: "GET", request_uri: "/x", time_local: "01/Jan/2024:00:00:00 +0000" }))).toBe("nginx");
  });

  it("strips a byte-order mark and accepts CRLF", () => {
    const crlf = fixture("nginx-edge-cases.log").toString("utf8").replace(/\n/g, "\r\n");
    expect(detectTrafficFormat("\uFEFF" + crlf)).toBe("nginx");
    expect(detectTrafficFormat(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), fixture("full.har")]))).toBe("har");
  });

  it("returns null for binary input and unknown text", () => {
    expect(detectTrafficFormat(Buffer.from([0x7b, 0x22, 0x00, 0x01, 0x02]))).toBeNull();
    expect(detectTrafficFormat(gzipSync(fixture("nginx-edge-cases.log")))).toBeNull();
    expect(detectTrafficFormat("GET / HTTP/1.1\0\0")).toBeNull();
    expect(detectTrafficFormat("hello world\nthis is not a log\n")).toBeNull();
    expect(detectTrafficFormat('{"some":"json","other":1}\n')).toBeNull();
    expect(detectTrafficFormat("")).toBeNull();
    expect(detectTrafficFormat("   \n\n")).toBeNull();
  });
});
