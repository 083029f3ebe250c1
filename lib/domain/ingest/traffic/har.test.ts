import { describe, expect, it } from "vitest";
import { IngestInputError } from "../types";
import { collect, fixture } from "./test-support";

describe("HAR parser", () => {
  it("turns every entry of a browser HAR into an event", async () => {
    const { events, problems, bytesRead } = await collect(fixture("full.har"), "har", { app: { hosts: ["httpbin.org"] } });
    expect(problems).toEqual([]);
    expect(events).toHaveLength(8);
    expect(bytesRead).toBe(fixture("full.har").length);
    expect(events.map((e) => `${e.method} ${e.host}${e.path}${e.query ? "?" + e.query : ""} ${e.direction}`)).toEqual([
      "POST httpbin.org/post inbound",
      "GET httpbin.org/get?page=Home inbound",
      "GET httpbin.org/get?page=AboutZipcurve inbound",
      "GET httpbin.org/get?page=User inbound",
      "GET httpbin.org/get?latest=874 inbound",
      "POST httpbin.org/post inbound",
      "POST httpbin.org/post inbound",
      "POST test.k6.io/login outbound",
    ]);
    expect(events[0]).toMatchObject({ location: "$.log.entries[0]", requestBody: "92n2nf093n", status: null });
  });

  it("has no direction hint of its own: only the app's hosts (wildcards included) make an entry inbound", async () => {
    const none = await collect(fixture("full.har"), "har");
    expect(none.events.every((e) => e.direction === "outbound" && e.directionHint === undefined)).toBe(true);
    const wildcard = await collect(fixture("full.har"), "har", { app: { hosts: ["*.k6.io"] } });
    expect(wildcard.events.filter((e) => e.direction === "inbound").map((e) => `${e.host}${e.path}`)).toEqual(["test.k6.io/login"]);
  });

  it("keeps status, time, startedDateTime and request headers", async () => {
    const { events } = await collect(fixture("binary-json.har"), "har");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      method: "GET",
      host: "www.google.com",
      path: "/",
      query: null,
      status: 200,
      durationMs: 0,
      timestamp: Date.parse("2023-08-11T16:28:42.896Z"),
      direction: "outbound",
    });
    expect(events[0].requestHeaders).toEqual([
      ["Host", "www.google.com"],
      ["User-Agent", "curl/8.2.1"],
      ["Accept", "*/*"],
    ]);
  });

  it("reads query strings as received and headers of auth variants", async () => {
    const typed = await collect(fixture("typed-params.har"), "har", { app: { hosts: ["API.example.com:443"] } });
    expect(typed.events.map((e) => [e.path, e.query, e.direction])).toEqual([
      ["/orders/123", "limit=10&active=true&ratio=1.5&zip=01234", "inbound"],
      ["/orders/00123", "limit=25&active=false&ratio=2.25&zip=04567", "inbound"],
      ["/posts/spring-sale-2024", null, "inbound"],
    ]);
    const auth = await collect(fixture("auth-variants.har"), "har");
    expect(auth.events.map((e) => e.requestHeaders?.[0]?.[0])).toEqual(["Authorization", "Authorization", "X-Api-Key", "Cookie"]);
    const security = await collect(fixture("security.har"), "har");
    expect(security.events[0].requestBody).toBe('{"user":"admin","password":"123"}');
  });

  it("reports invalid URLs with their JSON path and goes on", async () => {
    const { events, problems } = await collect(fixture("invalid-url.har"), "har");
    expect(events).toEqual([]);
    expect(problems).toEqual([
      { location: "$.log.entries[0].request.url", reason: "not a valid absolute URL" },
      { location: "$.log.entries[1].request.url", reason: "no URL" },
    ]);
  });

  it("accepts a HAR without entries", async () => {
    const { events, problems, batches } = await collect(fixture("no-entries.har"), "har");
    expect(events).toEqual([]);
    expect(problems).toEqual([]);
    expect(batches).toHaveLength(1);
  });

  it("throws IngestInputError naming the entry reached when the file is cut in half", async () => {
    const full = fixture("full.har");
    const half = full.subarray(0, Math.floor(full.length / 2));
    for (const chunkSize of [64 * 1024, 7]) {
      const err = await collect(half, "har", { chunkSize }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IngestInputError);
      const problem = (err as IngestInputError).problems[0];
      // entries 0-4 end before byte 3211; entry 5 is the one cut off
      expect(problem.location).toBe("$.log.entries[5]");
      expect(problem.reason).toContain(`read ${half.length} bytes, 5 complete entries`);
      expect(problem.reason).toMatch(/truncated JSON/);
    }
  });

  it("throws on JSON that is not a HAR and on binary input", async () => {
    await expect(collect('{"hello":[1,2,3]}', "har")).rejects.toThrow(/not a HAR file/);
    await expect(collect('{"log":{"entries":{}}}', "har")).rejects.toBeInstanceOf(IngestInputError);
    await expect(collect(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00]), "har")).rejects.toBeInstanceOf(IngestInputError);
    await expect(collect("", "har")).rejects.toBeInstanceOf(IngestInputError);
  });

  it("truncates request bodies to maxBodyBytes without splitting a character", async () => {
    const body = "é".repeat(100);
    const har = JSON.stringify({ log: { entries: [{ request: { method: "post", url: "https://a.example/x", headers: [], postData: { text: body } } }] } });
    const { events } = await collect(har, "har", { maxBodyBytes: 51 });
    expect(events[0].method).toBe("POST");
    expect(events[0].requestBody).toBe("é".repeat(25));
  });

  it("keeps memory bounded on a huge string and an entry with very many headers", async () => {
    const bigBody = "A".repeat(3 * 1024 * 1024);
    const headers = Array.from({ length: 30_000 }, (_, i) => ({ name: `x-h${i}`, value: "v" }));
    const har = JSON.stringify({
      log: {
        entries: [
          { request: { method: "POST", url: "https://a.example/upload", headers: [], postData: { text: bigBody } } },
          { request: { method: "GET", url: "https://a.example/many", headers } },
          { request: { method: "GET", url: "https://a.example/after", headers: [] } },
        ],
      },
    });
    const { events, problems } = await collect(har, "har", { chunkSize: 256 * 1024 });
    expect(events.map((e) => e.path)).toEqual(["/upload", "/many", "/after"]);
    expect(events[0].requestBody?.length).toBe(64 * 1024);
    expect(events[1].requestHeaders?.length).toBeLessThan(10_000);
    expect(problems).toEqual([{ location: "$.log.entries[1]", reason: expect.stringMatching(/entry is too large/) }]);
  });

  it("skips non-HTTP URLs (data:, blob:) silently", async () => {
    const har = JSON.stringify({ log: { entries: [{ request: { method: "GET", url: "data:image/png;base64,AAAA" } }, { request: { method: "GET", url: "https://a.example/" } }] } });
    const { events, problems } = await collect(har, "har");
    expect(events.map((e) => e.location)).toEqual(["$.log.entries[1]"]);
    expect(problems).toEqual([]);
  });
});
