import { describe, expect, it } from "vitest";
import { IngestInputError } from "../types";
import { parseClfTime } from "./nginx";
import { collect, fixture } from "./test-support";

describe("nginx / Apache combined logs", () => {
  it("reads 2,000 real Apache combined lines", async () => {
    const { events, problems, batches } = await collect(fixture("apache-combined-2000.log"), "nginx");
    expect(problems).toEqual([]);
    expect(events).toHaveLength(2000);
    expect(batches.length).toBeGreaterThanOrEqual(2);
    expect(events[0]).toEqual({
      direction: "inbound",
      directionHint: "inbound",
      method: "GET",
      host: null,
      path: "/presentations/logstash-monitorama-2013/images/kibana-search.png",
      query: null,
      status: 200,
      durationMs: null,
      timestamp: Date.UTC(2015, 4, 17, 10, 5, 3),
      location: "line 1",
    });
    const statuses = new Map<number | null, number>();
    for (const e of events) statuses.set(e.status, (statuses.get(e.status) ?? 0) + 1);
    expect(Object.fromEntries(statuses)).toEqual({ 200: 1845, 206: 21, 301: 62, 304: 37, 404: 35 });
  });

  it("drops times and durations out of any storable range (found by the fuzz test)", async () => {
    const json = JSON.stringify({ request: "GET /a HTTP/1.1", status: 200, request_time: "1e306", msec: "1e300", time_iso8601: "-100000-01-01T00:00:00Z" });
    const combined = '10.0.0.1 - - [20/Nov/2026:10:00:00 +0000] "GET /b HTTP/1.1" 200 1 "-" "-" 99999999999999999999.5';
    const { events, problems } = await collect(`${json}\n${combined}\n`, "nginx");
    expect(problems).toEqual([]);
    expect(events.map((e) => [e.path, e.timestamp, e.durationMs])).toEqual([
      ["/a", null, null],
      ["/b", Date.UTC(2026, 10, 20, 10), null],
    ]);
  });

  it("handles forwarded address lists, extra fields and an empty request", async () => {
    const { events, problems } = await collect(fixture("nginx-edge-cases.log"), "nginx");
    expect(events.map((e) => [e.location, e.method, e.path, e.query, e.status])).toEqual([
      ["line 1", "GET", "/ocelot", null, 200],
      ["line 2", "GET", "/stringpatch", null, 404],
      ["line 3", "GET", "/ocelot", null, 200],
      ["line 4", "GET", "/ocelot", null, 200],
      ["line 5", "GET", "/assets/xxxx", "q=100", 200],
      ["line 6", "GET", "/test.html", null, 404],
    ]);
    expect(events[0].timestamp).toBe(Date.UTC(2016, 11, 7, 10, 5, 7));
    expect(problems).toEqual([{ location: "line 7", reason: "request line is empty" }]);
  });

  it("converts $time_local with its offset", () => {
    expect(parseClfTime("10/Oct/2000:13:55:36 -0700")).toBe(Date.UTC(2000, 9, 10, 20, 55, 36));
    expect(parseClfTime("10/Oct/2000:13:55:36 +0000")).toBe(Date.UTC(2000, 9, 10, 13, 55, 36));
    expect(parseClfTime("10/Foo/2000:13:55:36 -0700")).toBeNull();
    expect(parseClfTime("garbage")).toBeNull();
  });

  it("reads $request_time, $upstream_response_time and a host after the user agent", async () => {
    const line =
      '10.1.1.1 - alice [02/May/2024:10:15:30 +0200] "POST /api/v1/orders?x=1 HTTP/2.0" 201 88 "https://shop.example.com/" "curl/8.5.0" 0.125 0.120 shop.example.com:443\n' +
      '10.1.1.2 - - [02/May/2024:10:15:31 +0200] "GET http://partner.example.net/feed HTTP/1.1" 200 12 "-" "-" rt=0.004 host=proxy.local\n';
    const { events, problems } = await collect(line, "nginx", { app: { hosts: ["shop.example.com"] } });
    expect(problems).toEqual([]);
    expect(events[0]).toMatchObject({ method: "POST", host: "shop.example.com", path: "/api/v1/orders", query: "x=1", status: 201, durationMs: 125, direction: "inbound" });
    expect(events[0].timestamp).toBe(Date.UTC(2024, 4, 2, 8, 15, 30));
    expect(events[1]).toMatchObject({ host: "partner.example.net", path: "/feed", durationMs: 4, direction: "outbound" });
  });

  it("reports malformed requests instead of crashing", async () => {
    const lines = [
      '1.2.3.4 - - [02/May/2024:10:15:30 +0000] "-" 400 0 "-" "-"',
      '1.2.3.4 - - [02/May/2024:10:15:30 +0000] "\\x16\\x03\\x01\\x02\\x00\\x01\\x00\\x01\\xFC\\x03\\x03" 400 157 "-" "-"',
      "1.2.3.4 - - [02/May/2024:10:15:30 +0000] \"\u0016\u0003\u0001 \uFFFD\uFFFD\" 400 157 \"-\" \"-\"",
      '1.2.3.4 - - [02/May/2024:10:15:30 +0000] "GET /ok HTTP/1.1" 200 1 "-" "-"',
      "just some text",
      '1.2.3.4 - - [99/May/2024:10:15:30 +0000] "GET /ok HTTP/1.1" 200 1 "-" "-"',
      '1.2.3.4 - - [02/May/2024:10:15:30 +0000] "GET /ok HTTP/1.1" abc 1 "-" "-"',
      '1.2.3.4 - - [02/May/2024:10:15:30 +0000] "GET /unterminated',
    ].join("\n");
    const { events, problems } = await collect(lines, "nginx");
    expect(events.map((e) => e.location)).toEqual(["line 4"]);
    expect(problems.map((p) => p.location)).toEqual(["line 1", "line 2", "line 3", "line 5", "line 6", "line 7", "line 8"]);
  });

  it("reads nginx JSON log lines", async () => {
    const lines = [
      JSON.stringify({ time_iso8601: "2024-05-02T10:15:30+00:00", remote_addr: "1.2.3.4", request: "GET /a/b?c=d HTTP/1.1", status: "200", request_time: "0.010", http_host: "Shop.Example.com" }),
      JSON.stringify({ time_local: "02/May/2024:10:15:30 +0000", request_method: "PUT", request_uri: "/items/1?force=1", status: 204, host: "other.example" }),
      JSON.stringify({ msec: "1714644930.250", request_method: "GET", uri: "/x", args: "y=1", status: "502" }),
      JSON.stringify({ remote_addr: "1.2.3.4", status: "400" }),
    ].join("\n");
    const { events, problems } = await collect(lines, "nginx", { app: { hosts: ["shop.example.com"] } });
    expect(events.map((e) => [e.method, e.host, e.path, e.query, e.status, e.durationMs, e.timestamp, e.direction])).toEqual([
      ["GET", "shop.example.com", "/a/b", "c=d", 200, 10, Date.UTC(2024, 4, 2, 10, 15, 30), "inbound"],
      // a web server's log holds the requests it received, whatever virtual host they named
      ["PUT", "other.example", "/items/1", "force=1", 204, null, Date.UTC(2024, 4, 2, 10, 15, 30), "inbound"],
      ["GET", null, "/x", "y=1", 502, null, 1714644930250, "inbound"],
    ]);
    expect(problems).toEqual([{ location: "line 4", reason: "no request or request_method/request_uri" }]);
  });

  it("marks access-log lines inbound by nature, except a forward proxy's absolute-form requests", async () => {
    const lines = [
      '203.0.113.7 - - [02/May/2024:10:15:30 +0000] "GET /api/v1/orders?limit=10 HTTP/1.1" 200 512 "-" "curl/8.5.0" 0.012 api.acme.test',
      '10.1.2.3 - - [02/May/2024:10:15:31 +0000] "GET http://repo.maven.apache.org/maven2/ HTTP/1.1" 200 1024 "-" "Apache-Maven/3.9.6"',
      '10.1.2.3 - - [02/May/2024:10:15:32 +0000] "CONNECT registry.npmjs.org:443 HTTP/1.1" 200 0 "-" "npm/10.2.4"',
      JSON.stringify({ time_iso8601: "2024-05-02T10:15:33+00:00", request_method: "GET", request_uri: "http://deb.debian.org/debian/dists/", status: 200 }),
      JSON.stringify({ time_iso8601: "2024-05-02T10:15:34+00:00", request: "DELETE /api/v1/orders/42 HTTP/1.1", status: 204, http_host: "api.acme.test" }),
    ].join("\n");
    const { events, problems } = await collect(lines, "nginx");
    expect(problems).toEqual([]);
    expect(events.map((e) => [e.method, e.host, e.direction, e.directionHint])).toEqual([
      ["GET", "api.acme.test", "inbound", "inbound"],
      ["GET", "repo.maven.apache.org", "outbound", undefined],
      ["CONNECT", "registry.npmjs.org", "outbound", undefined],
      ["GET", "deb.debian.org", "outbound", undefined],
      ["DELETE", "api.acme.test", "inbound", "inbound"],
    ]);
  });

  it("skips a 1 MB garbage line with a line-numbered problem and parses the lines after it", async () => {
    const good = fixture("nginx-edge-cases.log").toString("utf8").split("\n").slice(0, 2).join("\n");
    const input = good + "\n" + "x".repeat(1024 * 1024) + "\n" + good + "\n";
    for (const chunkSize of [64 * 1024, 1000, 3 * 1024 * 1024]) {
      const { events, problems } = await collect(input, "nginx", { chunkSize });
      expect(events.map((e) => e.location)).toEqual(["line 1", "line 2", "line 4", "line 5"]);
      expect(problems).toEqual([{ location: "line 3", reason: "line is longer than 64 KB" }]);
    }
    // an over-long last line without a newline
    const tail = await collect(good + "\n" + "y".repeat(100_000), "nginx", { chunkSize: 4096 });
    expect(tail.problems).toEqual([{ location: "line 3", reason: "line is longer than 64 KB" }]);
    const small = await collect(good + "\n", "nginx", { maxLineBytes: 100 });
    expect(small.problems).toEqual([
      { location: "line 1", reason: "line is longer than 100 bytes" },
      { location: "line 2", reason: "line is longer than 100 bytes" },
    ]);
  });

  it("gives the same result with CRLF line endings and a byte-order mark", async () => {
    const lf = await collect(fixture("nginx-edge-cases.log"), "nginx");
    const crlf = await collect("\uFEFF" + fixture("nginx-edge-cases.log").toString("utf8").replace(/\n/g, "\r\n"), "nginx", { chunkSize: 1 });
    expect(crlf.events).toEqual(lf.events);
    expect(crlf.problems).toEqual(lf.problems);
  });

  it("refuses binary input", async () => {
    const err = await collect(Buffer.from("1.2.3.4 - - [\0\0\0\0"), "nginx").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IngestInputError);
    expect((err as IngestInputError).problems[0].reason).toMatch(/binary/);
  });
});
