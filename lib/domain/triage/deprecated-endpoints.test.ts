import { describe, expect, it } from "vitest";
import { deprecatedProviderEndpointDetections, type ProviderOperation } from "./deprecated-endpoints";

const stripe = { providerId: "p-stripe", name: "Stripe", slug: "stripe" };
const shop = { applicationId: "app-shop", criticality: 2 };
const spec = {
  version: "2024-06-20",
  basePaths: ["/api"],
  operations: [
    { method: "get", path: "/v1/recipients/{id}", deprecated: true, operationId: "GetRecipientsId" },
    { method: "POST", path: "/v1/recipients", deprecated: true },
    { method: "GET", path: "/v1/recipients/search", deprecated: false },
    { method: "GET", path: "/v1/charges/{charge}", deprecated: false },
  ] satisfies ProviderOperation[],
};

describe("deprecated_provider_endpoint", () => {
  it("reports calls to deprecated operations, one finding per operation with the call count", () => {
    const found = deprecatedProviderEndpointDetections(stripe, spec, shop, [
      { method: "GET", path: "/v1/recipients/rp_123?expand=x", count: 4, lastSeenAt: "2026-05-01T00:00:00Z" },
      { method: "GET", path: "/v1/recipients/rp_456", count: 2, lastSeenAt: "2026-05-03T00:00:00Z" },
      { method: "GET", path: "/v1/charges/ch_1", count: 50 },
    ]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      kind: "deprecated_provider_endpoint",
      severity: "medium",
      title: "Calls deprecated Stripe endpoint GET /v1/recipients/{id}",
      fingerprintParts: ["app-shop", "p-stripe", "GET", "/v1/recipients/{id}"],
      sampleCount: 6,
      detail: { operationId: "GetRecipientsId", specVersion: "2024-06-20", calls: 6, samples: ["/v1/recipients/rp_123", "/v1/recipients/rp_456"], lastSeenAt: "2026-05-03T00:00:00Z" },
    });
  });

  it("does not take a current literal path for a deprecated template, nor another method for the deprecated one", () => {
    expect(deprecatedProviderEndpointDetections(stripe, spec, shop, [{ method: "GET", path: "/v1/recipients/search", count: 3 }])).toEqual([]);
    expect(deprecatedProviderEndpointDetections(stripe, spec, shop, [{ method: "DELETE", path: "/v1/recipients/rp_1", count: 3 }])).toEqual([]);
  });

  it("strips the spec's base path and raises severity for a mission-critical application", () => {
    const [d] = deprecatedProviderEndpointDetections(stripe, spec, { applicationId: "app-pay", criticality: 1 }, [{ method: "post", path: "/api/v1/recipients", count: 1 }]);
    expect(d).toMatchObject({ severity: "high", fingerprintParts: ["app-pay", "p-stripe", "POST", "/v1/recipients"] });
  });

  it("finds nothing when the spec deprecates nothing", () => {
    expect(deprecatedProviderEndpointDetections(stripe, { operations: spec.operations.map((o) => ({ ...o, deprecated: false })) }, shop, [{ method: "GET", path: "/v1/recipients/rp_1", count: 1 }])).toEqual([]);
  });
});
