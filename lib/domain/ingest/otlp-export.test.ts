import { describe, expect, it } from "vitest";
import { serviceSlug, splitExport } from "./otlp-export";

const str = (key: string, stringValue: string) => ({ key, value: { stringValue } });
const span = (kind: number, attributes: unknown[]) => ({
  traceId: "0af7651916cd43dd8448eb211c80319c",
  spanId: "b7ad6b7169203331",
  name: "span",
  kind,
  startTimeUnixNano: "1764590400000000000",
  endTimeUnixNano: "1764590400012000000",
  attributes,
  events: [{ name: "exception", attributes: [str("exception.stacktrace", "at x (y.js:1:1)")] }],
  status: { code: 2 },
});
const server = (path: string) => span(2, [str("http.request.method", "GET"), str("url.path", path), { key: "http.response.status_code", value: { intValue: "200" } }]);

describe("splitExport", () => {
  it("groups HTTP spans by service.name, keeps only what the parser reads, drops non-HTTP spans and rejects the rest with why", () => {
    const result = splitExport({
      resourceSpans: [
        { resource: { attributes: [str("service.name", "payments-api"), str("host.name", "pod-7")] }, scopeSpans: [{ spans: [server("/v1/charges/ch_3PqL9x"), span(1, []), span(2, [str("http.request.method", "GET")])] }] },
        { resource: { attributes: [str("service.name", "Payments API")] }, scopeSpans: [{ spans: [span(3, [str("http.request.method", "POST"), str("url.full", "https://api.stripe.com/v1/refunds")])] }] },
        { resource: { attributes: [] }, scopeSpans: [{ spans: [server("/a"), server("/b")] }] },
      ],
    });
    expect(result).toMatchObject({ received: 6, queued: 2, rejected: 3 });
    expect(result.errorMessage).toBe("3 span(s) rejected; the first: resourceSpans[0].scopeSpans[0].spans[2]: HTTP span without url.full, url.path, http.target, http.url or http.route");
    expect(result.services.map((s) => [s.serviceName, s.appSlug, s.spans.length])).toEqual([
      ["payments-api", "payments-api", 1],
      ["Payments API", "payments-api", 1],
    ]);
    const kept = JSON.parse(result.services[0].spans[0]) as Record<string, unknown>;
    expect(Object.keys(kept).sort()).toEqual(["attributes", "endTimeUnixNano", "kind", "startTimeUnixNano"]);
  });

  it("reads the pre-1.0 instrumentationLibrarySpans too, and an empty export as empty", () => {
    expect(splitExport({ resourceSpans: [{ resource: { attributes: [str("service.name", "legacy")] }, instrumentationLibrarySpans: [{ spans: [server("/x")] }] }] })).toMatchObject({ received: 1, queued: 1, rejected: 0, errorMessage: null });
    expect(splitExport({})).toEqual({ services: [], received: 0, queued: 0, rejected: 0, errorMessage: null });
  });

  it("names applications as slugs", () => {
    expect(serviceSlug("frontend-proxy")).toBe("frontend-proxy");
    expect(serviceSlug("unknown_service:/usr/local/bin/node")).toBe("unknown-service-usr-local-bin-node");
    expect(serviceSlug("Café Ordering")).toBe("cafe-ordering");
  });
});
