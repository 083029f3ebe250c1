// Header sets with their expected API-profile modifiers, and a comparison with the MDN HTTP
// Observatory's own tests (run offline on a synthetic `Requests`) where the rules overlap:
// HSTS, CORS, cookies and X-Content-Type-Options must agree on pass/fail and modifier.
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { gradeHttpHygiene, httpHygieneFactor, scoreTests, type HttpHygieneTest } from "./http-grade";
import type { HttpProbeResult } from "./types";

const HOST = "api.sibyl-test.example";
const ORIGIN = "https://sibyl-probe-0123456789ab.example";

function probe(headers: [string, string][], cors: Partial<NonNullable<HttpProbeResult["cors"]>> = {}, extra: Partial<HttpProbeResult> = {}): HttpProbeResult {
  return { url: `https://${HOST}/`, status: 200, headers, cors: { origin: ORIGIN, allowOrigin: null, allowCredentials: null, ...cors }, verified: true, error: null, ...extra };
}
const HSTS_YEAR: [string, string] = ["strict-transport-security", "max-age=31536000; includeSubDomains"];
const NOSNIFF: [string, string] = ["x-content-type-options", "nosniff"];
const JSON_TYPE: [string, string] = ["content-type", "application/json"];

const SETS: Record<string, HttpProbeResult> = {
  goodApi: probe([JSON_TYPE, HSTS_YEAR, NOSNIFF, ["cache-control", "no-store"]]),
  missingHsts: probe([JSON_TYPE, NOSNIFF]),
  shortHsts: probe([JSON_TYPE, ["strict-transport-security", "max-age=86400"], NOSNIFF]),
  doubleHsts: probe([JSON_TYPE, ["strict-transport-security", "max-age=31536000"], ["strict-transport-security", "max-age=600"], NOSNIFF]),
  hstsUntrustedCert: probe([JSON_TYPE, HSTS_YEAR, NOSNIFF], {}, { verified: false }),
  reflectedCorsWithCredentials: probe([JSON_TYPE, HSTS_YEAR, NOSNIFF], { allowOrigin: ORIGIN, allowCredentials: "true" }),
  reflectedCorsNoCredentials: probe([JSON_TYPE, HSTS_YEAR, NOSNIFF], { allowOrigin: ORIGIN }),
  wildcardCors: probe([JSON_TYPE, HSTS_YEAR, NOSNIFF], { allowOrigin: "*" }),
  cookiesWithoutFlags: probe([JSON_TYPE, NOSNIFF, ["set-cookie", "sessionid=abc; Path=/"], ["set-cookie", "csrftoken=x; Path=/"]]),
  sessionCookieNoSecureWithHsts: probe([JSON_TYPE, HSTS_YEAR, NOSNIFF, ["cache-control", "private"], ["set-cookie", "sessionid=abc; HttpOnly; SameSite=Lax; Path=/"]]),
  sessionCookieNoHttpOnly: probe([JSON_TYPE, HSTS_YEAR, NOSNIFF, ["cache-control", "no-store"], ["set-cookie", "sessionid=abc; Secure; SameSite=Lax; Path=/"]]),
  sameSiteNoneWithoutSecure: probe([JSON_TYPE, HSTS_YEAR, NOSNIFF, ["set-cookie", "prefs=dark; SameSite=None; Path=/"]]),
  goodCookies: probe([JSON_TYPE, HSTS_YEAR, NOSNIFF, ["cache-control", "no-store"], ["set-cookie", "sessionid=abc; Secure; HttpOnly; SameSite=Strict; Path=/"]]),
  versionDisclosure: probe([JSON_TYPE, HSTS_YEAR, NOSNIFF, ["server", "nginx/1.25.3"], ["x-powered-by", "Express"]]),
  invalidNosniff: probe([JSON_TYPE, HSTS_YEAR, ["x-content-type-options", "sniff-away"]]),
};

const test = (graded: { tests: HttpHygieneTest[] }, id: string) => {
  const found = graded.tests.find((t) => t.id === id);
  if (!found) throw new Error(`no test ${id}`);
  return found;
};

describe("gradeHttpHygiene (API profile)", () => {
  it("gives a well-configured JSON API A+ without any HTML-only header", () => {
    const graded = gradeHttpHygiene(SETS.goodApi);
    expect(graded.score).toBe(100);
    expect(graded.grade).toBe("A+");
    expect(graded.tests.filter((t) => t.appliesToApi && !t.pass)).toEqual([]);
    for (const id of ["content-security-policy", "x-frame-options", "subresource-integrity"]) {
      expect(test(graded, id)).toMatchObject({ appliesToApi: false, modifier: 0, result: "not-applicable" });
    }
  });

  it.each([
    ["missingHsts", "strict-transport-security", -20, 80, "B+"],
    ["shortHsts", "strict-transport-security", -10, 90, "A"],
    ["doubleHsts", "strict-transport-security", -20, 80, "B+"],
    ["hstsUntrustedCert", "strict-transport-security", -20, 80, "B+"],
    ["reflectedCorsWithCredentials", "cross-origin-resource-sharing", -50, 50, "C"],
    ["reflectedCorsNoCredentials", "cross-origin-resource-sharing", 0, 100, "A+"],
    ["wildcardCors", "cross-origin-resource-sharing", 0, 100, "A+"],
    ["sessionCookieNoSecureWithHsts", "cookies", -10, 90, "A"],
    ["sessionCookieNoHttpOnly", "cookies", -30, 70, "B"],
    ["sameSiteNoneWithoutSecure", "cookies", -20, 80, "B+"],
    ["goodCookies", "cookies", 5, 105, "A+"],
    ["versionDisclosure", "server-version-disclosure", -5, 95, "A"],
    ["invalidNosniff", "x-content-type-options", -5, 95, "A"],
  ])("%s: %s modifier %i, score %i (%s)", (name, id, modifier, score, grade) => {
    const graded = gradeHttpHygiene(SETS[name]);
    expect(test(graded, id).modifier).toBe(modifier);
    expect(test(graded, id).pass).toBe(modifier >= 0);
    expect(graded.score).toBe(score);
    expect(graded.grade).toBe(grade);
  });

  it("takes the worst cookie finding once, not the sum, and asks for no-store on the per-user response", () => {
    const graded = gradeHttpHygiene(SETS.cookiesWithoutFlags);
    expect(test(graded, "cookies")).toMatchObject({ pass: false, modifier: -40, result: "cookies-session-without-secure-flag" });
    expect(test(graded, "cache-control")).toMatchObject({ pass: false, modifier: -10 });
    expect(test(graded, "strict-transport-security").modifier).toBe(-20);
    expect(graded.score).toBe(30); // 100 − 20 − 40 − 10
    expect(graded.grade).toBe("D");
  });

  it("drops bonuses when the penalties alone leave less than 90, and rounds down to a multiple of 5", () => {
    const t = (modifier: number): HttpHygieneTest => ({ id: `t${modifier}`, pass: modifier >= 0, modifier, result: "", reason: "", appliesToApi: true });
    expect(scoreTests([t(-20), t(5)])).toEqual({ score: 80, grade: "B+" });
    expect(scoreTests([t(-10), t(5)])).toEqual({ score: 95, grade: "A" });
    expect(scoreTests([t(-3)])).toEqual({ score: 95, grade: "A" });
    expect(scoreTests([t(-50), t(-40), t(-30)])).toEqual({ score: 0, grade: "F" });
  });

  it("credits a preload-eligible HSTS header (+5) and reports Deprecation/Sunset without scoring them", () => {
    const graded = gradeHttpHygiene(probe([JSON_TYPE, ["strict-transport-security", "max-age=63072000; includeSubDomains; preload"], NOSNIFF, ["deprecation", "@1735689600"], ["sunset", "Wed, 31 Dec 2025 23:59:59 GMT"]]));
    expect(test(graded, "strict-transport-security")).toMatchObject({ modifier: 5, result: "hsts-preload-eligible" });
    expect(test(graded, "deprecation-sunset")).toMatchObject({ modifier: 0, result: "deprecation-announced" });
    expect(test(graded, "deprecation-sunset").reason).toContain("sunset: Wed, 31 Dec 2025");
    expect(graded.score).toBe(105);
  });

  it("fails HSTS for plain HTTP", () => {
    const graded = gradeHttpHygiene(probe([JSON_TYPE, NOSNIFF], {}, { url: `http://${HOST}/`, verified: null }));
    expect(test(graded, "strict-transport-security")).toMatchObject({ modifier: -20, result: "hsts-not-implemented-no-https" });
  });
});

describe("httpHygieneFactor", () => {
  it("caps the reputation at D for a reflected origin with credentials and says what the fix is worth", () => {
    const factor = httpHygieneFactor(SETS.reflectedCorsWithCredentials);
    expect(factor.subscore).toBe(50);
    expect(factor.caps).toEqual([expect.objectContaining({ id: "http_hygiene.cors-reflects-origin-with-credentials", factor: "http_hygiene", maxGrade: "D" })]);
    expect(factor.improvements).toEqual([expect.objectContaining({ subscoreAfter: 100, removesCaps: ["http_hygiene.cors-reflects-origin-with-credentials"] })]);
    expect(JSON.parse(JSON.stringify(factor.evidence))).toEqual(factor.evidence);
  });

  it("clamps to 100, lists one improvement per failing test and has no data when the probe failed", () => {
    expect(httpHygieneFactor(SETS.goodCookies).subscore).toBe(100);
    const missing = httpHygieneFactor(SETS.missingHsts);
    expect(missing.subscore).toBe(80);
    expect(missing.improvements).toEqual([expect.objectContaining({ factor: "http_hygiene", subscoreAfter: 100 })]);
    expect(missing.improvements[0].action).toMatch(/Strict-Transport-Security/);
    const failed = httpHygieneFactor({ url: `https://${HOST}/`, status: null, headers: [], cors: null, error: "ECONNREFUSED" });
    expect(failed.subscore).toBeNull();
  });
});

// ------------------------------------------------------------------ agreement with the Observatory

type ObservatoryOutput = { result: string; pass: boolean };
type ObservatoryTest = (requests: unknown) => ObservatoryOutput;
interface Observatory {
  Requests: new (hostname: string) => { responses: Record<string, unknown>; session: unknown };
  tests: Record<string, ObservatoryTest>;
  getScoreModifier: (expectation: string) => number;
  CookieJar: new () => { setCookieSync: (cookie: string, url: string) => unknown };
}

// Its `conf/hsts-preload.json` is fetched by a postinstall script that did not run here; an empty list stands in.
const realReadFileSync = fs.readFileSync;
let observatory: Observatory;

beforeAll(async () => {
  vi.spyOn(fs, "readFileSync").mockImplementation(((file: fs.PathOrFileDescriptor, ...rest: unknown[]) => {
    if (String(file).endsWith("hsts-preload.json") && !fs.existsSync(String(file))) return "{}";
    return (realReadFileSync as (...args: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.readFileSync);
  const load = (path: string) => import(/* @vite-ignore */ `@mdn/mdn-http-observatory/src/${path}`);
  const [types, hsts, cors, cookies, nosniff, grader, toughCookie] = await Promise.all([
    load("types.js"),
    load("analyzer/tests/strict-transport-security.js"),
    load("analyzer/tests/cors.js"),
    load("analyzer/tests/cookies.js"),
    load("analyzer/tests/x-content-type-options.js"),
    load("grader/grader.js"),
    import(/* @vite-ignore */ "tough-cookie"),
  ]);
  observatory = {
    Requests: types.Requests,
    tests: {
      "strict-transport-security": hsts.strictTransportSecurityTest,
      "cross-origin-resource-sharing": cors.crossOriginResourceSharingTest,
      cookies: cookies.cookiesTest,
      "x-content-type-options": nosniff.xContentTypeOptionsTest,
    },
    getScoreModifier: grader.getScoreModifier,
    CookieJar: toughCookie.CookieJar,
  };
});
afterAll(() => vi.restoreAllMocks());

/** The captured response as the Observatory's retriever would hand it over (axios headers, cookie jar, CORS response). */
function toRequests(p: HttpProbeResult) {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of p.headers) {
    if (name === "set-cookie") headers[name] = [...((headers[name] as string[] | undefined) ?? []), value];
    else headers[name] = headers[name] ? `${headers[name]}, ${value}` : value;
  }
  const response = { status: p.status, headers, verified: p.verified !== false, request: { headers: {} } };
  const requests = new observatory.Requests(HOST);
  requests.responses.auto = response;
  requests.responses.https = p.url.startsWith("https:") ? response : null;
  const corsHeaders: Record<string, string> = {};
  if (p.cors?.allowOrigin) corsHeaders["access-control-allow-origin"] = p.cors.allowOrigin;
  if (p.cors?.allowCredentials) corsHeaders["access-control-allow-credentials"] = p.cors.allowCredentials;
  requests.responses.cors = { status: p.status, headers: corsHeaders, verified: true, request: { headers: { origin: p.cors?.origin ?? ORIGIN } } };
  const jar = new observatory.CookieJar();
  for (const cookie of (headers["set-cookie"] as string[] | undefined) ?? []) jar.setCookieSync(cookie, p.url);
  requests.session = { jar };
  return requests;
}

const OVERLAP = ["strict-transport-security", "cross-origin-resource-sharing", "cookies", "x-content-type-options"];

describe("agreement with @mdn/mdn-http-observatory on the overlapping tests", () => {
  const cases = Object.keys(SETS).flatMap((name) => OVERLAP.map((id) => [name, id] as const));
  it.each(cases)("%s / %s", (name, id) => {
    const ours = test(gradeHttpHygiene(SETS[name]), id);
    const theirs = observatory.tests[id](toRequests(SETS[name]));
    expect({ result: ours.result, pass: ours.pass, modifier: ours.modifier }).toEqual({ result: theirs.result, pass: theirs.pass, modifier: observatory.getScoreModifier(theirs.result) });
  });

  it("differs on purpose: API token cookies count as session cookies", () => {
    const tokenCookie = probe([JSON_TYPE, NOSNIFF, ["set-cookie", "access_token=abc; Path=/"]]);
    const theirs = observatory.tests.cookies(toRequests(tokenCookie));
    expect(theirs.result).toBe("cookies-without-secure-flag");
    expect(test(gradeHttpHygiene(tokenCookie), "cookies").result).toBe("cookies-session-without-secure-flag");
  });

  it("differs on purpose: a preload-eligible header earns +5 without the preload list", () => {
    const preload = probe([JSON_TYPE, ["strict-transport-security", "max-age=63072000; includeSubDomains; preload"], NOSNIFF]);
    const theirs = observatory.tests["strict-transport-security"](toRequests(preload));
    expect(observatory.getScoreModifier(theirs.result)).toBe(0);
    expect(test(gradeHttpHygiene(preload), "strict-transport-security").modifier).toBe(5);
  });
});
