import { describe, expect, it } from "vitest";
import { clusterDirection } from "./envoy";
import { collect, fixture } from "./test-support";

const app = { hosts: ["shop.example.com"] };

describe("Envoy / Istio JSON access logs", () => {
  it("parses the default Istio keys and reports broken lines by number", async () => {
    const { events, problems } = await collect(fixture("envoy-access.log"), "envoy", { app });
    expect(events.map((e) => e.location)).toEqual(["line 1", "line 2", "line 3", "line 4", "line 5", "line 7", "line 11", "line 12"]);
    expect(problems).toEqual([
      { location: "line 8", reason: "no method" },
      { location: "line 9", reason: "not valid JSON" },
      { location: "line 10", reason: expect.stringMatching(/text access-log format is not supported/) },
    ]);
    expect(events[0]).toEqual({
      direction: "inbound",
      directionHint: "inbound",
      method: "GET",
      host: "shop.example.com",
      path: "/api/v1/orders",
      query: "limit=10&offset=20",
      status: 200,
      durationMs: 12,
      timestamp: Date.parse("2024-05-02T10:15:30.123Z"),
      location: "line 1",
    });
  });

  it("derives direction from the authority (port and case ignored; none = inbound)", async () => {
    const { events } = await collect(fixture("envoy-access.log"), "envoy", { app });
    const byLine = new Map(events.map((e) => [e.location, e]));
    expect(byLine.get("line 2")).toMatchObject({ host: "shop.example.com", direction: "inbound", status: 201 });
    expect(byLine.get("line 3")).toMatchObject({ host: "api.stripe.com", direction: "outbound", path: "/v1/payment_intents" });
    expect(byLine.get("line 4")).toMatchObject({ status: 200, durationMs: 7, query: "email=jane.doe%40example.org" });
    expect(byLine.get("line 5")).toMatchObject({ host: null, direction: "inbound", status: null });
    expect(byLine.get("line 11")).toMatchObject({ method: "DELETE", host: "legacy.internal.example", path: "/items/7", query: "force=true", direction: "outbound" });
    expect(byLine.get("line 12")).toMatchObject({ host: "shop.example.com", direction: "inbound" });
  });

  it("drops timestamps and durations no database could store (found by the fuzz test: the ingest crashed on them)", async () => {
    const line = (fields: Record<string, unknown>) => JSON.stringify({ method: "GET", path: "/a", authority: "shop.example.com", ...fields });
    const log = [
      line({ start_time: 1e308, duration: 1e308 }),
      line({ start_time: -8.64e15, duration: -1 }),
      line({ start_time: "+275760-09-13T00:00:00.000Z", duration: "1e11" }),
      line({ start_time: 1714644930123, duration: 12 }),
    ].join("\n");
    const { events, problems } = await collect(log, "envoy", { app });
    expect(problems).toEqual([]);
    expect(events.map((e) => [e.timestamp, e.durationMs])).toEqual([
      [null, null],
      [null, null],
      [null, null],
      [1714644930123, 12],
    ]);
  });

  it("takes the direction from Istio's cluster names when the app has no hosts (traffic-only discovery)", async () => {
    const { events } = await collect(fixture("envoy-access.log"), "envoy");
    const byLine = new Map(events.map((e) => [e.location, e]));
    // "inbound|8080||" lines: calls to the workload, whatever their authority
    expect(events.filter((e) => e.direction === "inbound").map((e) => e.location)).toEqual(["line 1", "line 2", "line 4", "line 5", "line 12"]);
    expect(byLine.get("line 1")).toMatchObject({ host: "shop.example.com", directionHint: "inbound" });
    // "outbound|443||api.stripe.com": a call the workload made
    expect(byLine.get("line 3")).toMatchObject({ host: "api.stripe.com", direction: "outbound", directionHint: "outbound" });
    expect(byLine.get("line 11")).toMatchObject({ host: "legacy.internal.example", direction: "outbound", directionHint: "outbound" });
    expect(byLine.get("line 7")).toMatchObject({ host: "maps.googleapis.com", direction: "outbound", directionHint: "outbound" });
    // a plain Envoy cluster name says nothing: only the host can, and a host not the app's is outbound
    const plain = JSON.stringify({ method: "GET", path: "/api/v1/orders", authority: "shop.example.com", response_code: 200, upstream_cluster: "shop_backend" });
    const [event] = (await collect(plain, "envoy")).events;
    expect(event).toMatchObject({ host: "shop.example.com", direction: "outbound" });
    expect(event.directionHint).toBeUndefined();
  });

  it("reads Istio's passthrough and black-hole clusters; plain Envoy cluster names say nothing", () => {
    expect(clusterDirection("inbound|9080||")).toBe("inbound");
    expect(clusterDirection("inbound|9080|http|reviews.default.svc.cluster.local")).toBe("inbound");
    expect(clusterDirection("InboundPassthroughClusterIpv4")).toBe("inbound");
    expect(clusterDirection("outbound|9080||ratings.default.svc.cluster.local")).toBe("outbound");
    expect(clusterDirection("outbound|443||api.stripe.com")).toBe("outbound");
    expect(clusterDirection("PassthroughCluster")).toBe("outbound");
    expect(clusterDirection("BlackHoleCluster")).toBe("outbound");
    expect(clusterDirection("service_backend")).toBeNull();
    expect(clusterDirection("inbound")).toBeNull();
    expect(clusterDirection(null)).toBeNull();
    expect(clusterDirection(42)).toBeNull();
  });

  it("counts a call to one of the app's own hosts as inbound even when the cluster says outbound (an ingress gateway's log)", async () => {
    const gateway = JSON.stringify({
      start_time: "2024-05-02T10:15:30.123Z",
      method: "GET",
      path: "/productpage?u=normal",
      response_code: 200,
      duration: 31,
      authority: "bookinfo.example.com",
      upstream_host: "10.244.0.17:9080",
      upstream_cluster: "outbound|9080||productpage.bookinfo.svc.cluster.local",
    });
    const [own] = (await collect(gateway, "envoy", { app: { hosts: ["bookinfo.example.com"] } })).events;
    expect(own).toMatchObject({ direction: "inbound", directionHint: "outbound", host: "bookinfo.example.com" });
    const [other] = (await collect(gateway, "envoy", { app: { hosts: ["*.shop.example"] } })).events;
    expect(other).toMatchObject({ direction: "outbound", directionHint: "outbound" });
  });

  it("gives the same result with CRLF line endings", async () => {
    const lf = await collect(fixture("envoy-access.log"), "envoy", { app });
    const crlf = await collect(fixture("envoy-access.log").toString("utf8").replace(/\n/g, "\r\n"), "envoy", { app });
    expect(crlf.events).toEqual(lf.events);
    expect(crlf.problems).toEqual(lf.problems);
  });
});
