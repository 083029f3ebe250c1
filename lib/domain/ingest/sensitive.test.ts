import { describe, expect, it } from "vitest";
import { scanEvent } from "./sensitive";
import { collect, fixture } from "./traffic/test-support";
import type { TrafficEvent } from "./types";

const JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

function ev(parts: Partial<TrafficEvent>): TrafficEvent {
  return { direction: "outbound", method: "GET", host: "api.example.com", path: "/", query: null, status: 200, durationMs: null, timestamp: null, location: "line 1", ...parts };
}
const inQuery = (query: string) => scanEvent(ev({ query }));
const inBody = (requestBody: string) => scanEvent(ev({ requestBody })).map((o) => o.dataClass);

describe("scanEvent", () => {
  it("finds emails (also percent-encoded) but not retina image names or URL user-info", () => {
    expect(inQuery("email=jane.doe%40example.org&x=1")).toEqual([{ dataClass: "email", location: "query:email" }]);
    expect(inBody('{"contact":"a.b+tag@mail.example.co.uk"}')).toEqual(["email"]);
    expect(inBody("icon@2x.png logo@3x.webp")).toEqual([]);
    expect(inQuery("next=https%3A%2F%2Fuser%3Apw%40host.example.com%2F")).toEqual([]);
  });

  it("finds Luhn-valid card numbers with known issuers only", () => {
    for (const card of ["4111 1111 1111 1111", "4111-1111-1111-1111", "5555555555554444", "378282246310005", "3782 822463 10005", "6011111111111117", "2223003122003222"]) {
      expect(inBody(`{"card":"${card}"}`), card).toEqual(["card_number"]);
    }
    for (const notCard of ["4111111111111112", "4111 1111-1111 1111", "1714644930123", "9111111111111111", "41111 11111 111111", "0000000000000000", "12345678901234567890", "4111111111111111.25", "id4111111111111111"]) {
      expect(inBody(`{"v":"${notCard}"}`), notCard).toEqual([]);
    }
  });

  it("finds US SSNs outside the never-issued ranges, and UK NINOs", () => {
    expect(inBody("ssn=123-45-6789")).toEqual(["national_id"]);
    for (const bad of ["000-12-3456", "666-12-3456", "900-12-3456", "123-00-6789", "123-45-0000", "078-05-1120", "2024-05-02", "1123-45-6789"]) {
      expect(inBody(`x ${bad} y`), bad).toEqual([]);
    }
    expect(inBody("nino: AB 12 34 56 C")).toEqual(["national_id"]);
    expect(inBody("nino: AB123456C")).toEqual(["national_id"]);
    for (const bad of ["QQ123456C", "GB123456A", "AB123456E", "XAB123456C"]) expect(inBody(`n ${bad} n`), bad).toEqual([]);
  });

  it("finds phone numbers but not plain integers, timestamps or dates", () => {
    for (const phone of ["+14155552671", "+44 20 7946 0958", "+1 (415) 555-2671", "(415) 555-2671", "415-555-2671", "+49-30-901820"]) {
      expect(inBody(`{"phone":"${phone}"}`), phone).toEqual(["phone"]);
    }
    for (const notPhone of ["14155552671", "1714644930123", "2024-05-02T10:15:30+02:00", "+123", "v1.2.3", "100-200-3000", "amount=+5"]) {
      expect(inBody(`{"v":"${notPhone}"}`), notPhone).toEqual([]);
    }
  });

  it("finds JWTs whose header decodes to JSON with alg", () => {
    expect(inBody(`token=${JWT}`)).toEqual(["jwt"]);
    expect(inBody("eyJub3Rqc29u.eyJhIjoxfQ.c2ln")).toEqual([]);
    expect(inBody("eyJ0eXAiOiJKV1QifQ.eyJhIjoxfQ.c2ln")).toEqual([]); // header without alg
    expect(inBody(`${JWT.split(".").slice(0, 2).join(".")}.`)).toEqual(["jwt"]); // alg none, empty signature
  });

  it("reports a bearer JWT in Authorization, but no data classes in auth headers", () => {
    const obs = scanEvent(
      ev({
        requestHeaders: [
          ["Authorization", `Bearer ${JWT}`],
          ["Cookie", "email=jane@example.org; session=abc"],
          ["X-Api-Key", "4111111111111111"],
          ["X-User-Email", "jane@example.org"],
          ["User-Agent", "Mozilla/5.0 (+14155552671)"],
          [":path", "/x?email=jane@example.org"],
        ],
      }),
    );
    expect(obs).toEqual([
      { dataClass: "jwt", location: "header:authorization" },
      { dataClass: "email", location: "header:x-user-email" },
    ]);
    expect(scanEvent(ev({ requestHeaders: [["Authorization", "Bearer token-123"]] }))).toEqual([]);
  });

  it("flags credential parameters with non-trivial values", () => {
    const classes = (q: string) => inQuery(q).filter((o) => o.dataClass === "api_key_in_query").map((o) => o.location);
    expect(classes("api_key=3f9a1c0b7e2d4a6f&page=2")).toEqual(["query:api_key"]);
    expect(classes("access_token=ya29.a0AfH6SMBxQ&client_secret=s3cr3t")).toEqual(["query:access_token", "query:client_secret"]);
    expect(classes("password=hunter2&Api-Key=Zx81kQ0pL2mN7vB4")).toEqual(["query:password", "query:Api-Key"]);
    expect(classes("X-Amz-Signature=4f2c1e0d9b8a7f6e5d4c3b2a1f0e9d8c")).toEqual(["query:X-Amz-Signature"]);
    expect(classes(`id_token=${JWT}`)).toEqual(["query:id_token"]);
    for (const q of ["token=true", "token=", "api_key=${API_KEY}", "api_key=[REDACTED]", "key=name", "key=created_at", "sig=abc", "auth=facebook", "page_token=CAEQAhoGCAEQARgB", "token=xxxxxxxxxxxx", "apikey=********"]) {
      expect(classes(q), q).toEqual([]);
    }
  });

  it("recognises well-known key shapes in any query value", () => {
    const keys = [
      "sk_live_51H8uVbK2eZvKYlo2C0bCde12",
      "AKIAIOSFODNN7EXAMPLE",
      "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
      "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
      "AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStUvW",
    ];
    for (const k of keys) expect(inQuery(`q=${k}`), k).toEqual([{ dataClass: "api_key_in_query", location: "query:q" }]);
  });

  it("never returns the value itself and reports each class/location once", () => {
    const obs = scanEvent(ev({ query: "email=a%40example.org&email=b%40example.org&api_key=3f9a1c0b7e2d4a6f", requestBody: "4111 1111 1111 1111 and 5555555555554444" }));
    expect(obs).toEqual([
      { dataClass: "email", location: "query:email" },
      { dataClass: "api_key_in_query", location: "query:api_key" },
      { dataClass: "card_number", location: "body" },
    ]);
    const text = JSON.stringify(obs);
    for (const secret of ["example.org", "3f9a1c0b", "4111"]) expect(text).not.toContain(secret);
  });

  it("finds nothing in 2,000 real access-log lines and the HAR fixtures, and stays cheap", async () => {
    const { events } = await collect(fixture("apache-combined-2000.log"), "nginx");
    const hars = await Promise.all(["full.har", "auth-variants.har", "typed-params.har", "binary-json.har"].map((f) => collect(fixture(f), "har")));
    const all = [...events, ...hars.flatMap((h) => h.events)];
    const start = performance.now();
    for (let round = 0; round < 5; round++) for (const e of all) expect(scanEvent(e)).toEqual([]);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it("flags the seeded values in the project's Envoy fixture and the HAR password body is not a data class", async () => {
    const { events } = await collect(fixture("envoy-access.log"), "envoy");
    const flagged = events.flatMap((e) => scanEvent(e).map((o) => `${e.location} ${o.dataClass} ${o.location}`));
    expect(flagged).toEqual(["line 4 email query:email", "line 7 api_key_in_query query:key"]);
    const security = await collect(fixture("security.har"), "har");
    expect(scanEvent(security.events[0])).toEqual([]);
  });
});
