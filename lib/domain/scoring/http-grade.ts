// Grades an API host's response headers with an API profile of the MDN HTTP Observatory: its
// HSTS, CORS, cookie and X-Content-Type-Options rules and scoring (start 100, bonuses only at ≥ 90,
// round down to 5, its letter table), plus API checks; HTML-only tests are left out (HTTP-PROFILE.md).
import type { FactorResult, HttpProbeResult, Improvement, ScoreCap } from "./types";

export interface HttpHygieneTest {
  id: string;
  pass: boolean;
  modifier: number;
  /** Observatory expectation name where the test overlaps with it, else a Sibyl result name. */
  result: string;
  reason: string;
  appliesToApi: boolean;
}
export interface HttpHygieneGrade {
  score: number;
  grade: string;
  tests: HttpHygieneTest[];
}

/** Observatory: 15768000 s is six months, but it accepts 15552000 (180 days). */
export const SIX_MONTHS_SECONDS = 15_552_000;
const ONE_YEAR_SECONDS = 31_536_000;
const MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90;
const GRADE_CHART: [number, string][] = [
  [100, "A+"], [90, "A"], [85, "A-"], [80, "B+"], [70, "B"], [65, "B-"], [60, "C+"], [50, "C"], [45, "C-"], [40, "D+"], [30, "D"], [25, "D-"], [0, "F"],
];

function headerValues(probe: HttpProbeResult, name: string): string[] {
  return probe.headers.filter(([n]) => n.toLowerCase() === name).map(([, v]) => v);
}
/** Node joins repeated headers with ", " as axios does for the Observatory; a comma in HSTS then reads as "set twice". */
function joined(probe: HttpProbeResult, name: string): string | null {
  const values = headerValues(probe, name);
  return values.length ? values.join(", ") : null;
}

function hstsTest(probe: HttpProbeResult): HttpHygieneTest & { maxAge: number | null } {
  const base = { id: "strict-transport-security", appliesToApi: true, maxAge: null };
  if (!probe.url.startsWith("https:")) return { ...base, pass: false, modifier: -20, result: "hsts-not-implemented-no-https", reason: "Served over plain HTTP, so HSTS cannot apply" };
  if (probe.verified === false) return { ...base, pass: false, modifier: -20, result: "hsts-invalid-cert", reason: "HSTS is ignored because the certificate chain does not verify" };
  const header = joined(probe, "strict-transport-security");
  if (header === null) return { ...base, pass: false, modifier: -20, result: "hsts-not-implemented", reason: "No Strict-Transport-Security header" };
  const data = header.slice(0, 1024);
  const directives = data.split(";").map((d) => d.trim().toLowerCase());
  const maxAgeDirective = directives.find((d) => d.startsWith("max-age="));
  const maxAge = maxAgeDirective ? parseInt(maxAgeDirective.slice(8, 128), 10) : null;
  if (data.includes(",") || maxAge === null || Number.isNaN(maxAge)) return { ...base, pass: false, modifier: -20, result: "hsts-header-invalid", reason: `Invalid Strict-Transport-Security header: ${data}` };
  const includeSubDomains = directives.includes("includesubdomains");
  const preload = directives.includes("preload");
  const notes = `max-age=${maxAge}${includeSubDomains ? ", includeSubDomains" : ""}${preload ? ", preload" : ""}`;
  if (maxAge < SIX_MONTHS_SECONDS) {
    return { ...base, maxAge, pass: false, modifier: -10, result: "hsts-implemented-max-age-less-than-six-months", reason: `HSTS max-age under six months (${notes})` };
  }
  // Sibyl cannot consult the browsers' preload list offline: it credits the preload-eligible header instead.
  if (preload && includeSubDomains && maxAge >= ONE_YEAR_SECONDS) return { ...base, maxAge, pass: true, modifier: 5, result: "hsts-preload-eligible", reason: `HSTS preload-eligible (${notes})` };
  return { ...base, maxAge, pass: true, modifier: 0, result: "hsts-implemented-max-age-at-least-six-months", reason: `HSTS set (${notes})` };
}

/** HSTS max-age a browser would honour from this response (valid header over HTTPS with a verified chain), else null. */
export function hstsMaxAge(probe: HttpProbeResult): number | null {
  const hsts = hstsTest(probe);
  return hsts.modifier > -20 ? hsts.maxAge : null;
}

function corsTest(probe: HttpProbeResult): HttpHygieneTest {
  const base = { id: "cross-origin-resource-sharing", appliesToApi: true };
  const cors = probe.cors;
  if (!cors || cors.allowOrigin === null) return { ...base, pass: true, modifier: 0, result: "cross-origin-resource-sharing-not-implemented", reason: cors ? "No Access-Control-Allow-Origin for a foreign origin" : "CORS request not made" };
  const allow = cors.allowOrigin.slice(0, 256).trim();
  if (allow === "*") return { ...base, pass: true, modifier: 0, result: "cross-origin-resource-sharing-implemented-with-public-access", reason: "Access-Control-Allow-Origin: * (public, no credentials): fine for a public API" };
  if (allow === cors.origin && (cors.allowCredentials ?? "").trim().toLowerCase() === "true") {
    return { ...base, pass: false, modifier: -50, result: "cross-origin-resource-sharing-implemented-with-universal-access", reason: `Reflects an arbitrary origin (${cors.origin}) with Access-Control-Allow-Credentials: true` };
  }
  const reflected = allow === cors.origin ? " (reflects the origin, without credentials)" : "";
  return { ...base, pass: true, modifier: 0, result: "cross-origin-resource-sharing-implemented-with-restricted-access", reason: `Access-Control-Allow-Origin: ${allow}${reflected}` };
}

interface ParsedCookie { name: string; secure: boolean; httpOnly: boolean; sameSite: string | null; invalidSameSite: boolean }
export function parseSetCookie(raw: string): ParsedCookie {
  const [pair, ...attributes] = raw.split(";");
  const name = pair.split("=")[0].trim();
  const cookie: ParsedCookie = { name, secure: false, httpOnly: false, sameSite: null, invalidSameSite: false };
  for (const attribute of attributes) {
    const [key, value] = attribute.trim().split("=");
    const k = key.trim().toLowerCase();
    if (k === "secure") cookie.secure = true;
    else if (k === "httponly") cookie.httpOnly = true;
    else if (k === "samesite") {
      const v = (value ?? "").trim().toLowerCase();
      if (["lax", "strict", "none"].includes(v)) cookie.sameSite = v;
      else cookie.invalidSameSite = true;
    }
  }
  return cookie;
}
/** The Observatory's session heuristic ("login", "sess") widened for APIs to auth/token/JWT/sid names. */
export function isSessionCookie(name: string): boolean {
  return /login|sess|auth|token|jwt|(^|[_.-])sid$/i.test(name);
}

// Observatory cookie results, best to worst: the worst one seen is the result.
const COOKIE_ORDER: [string, number, string][] = [
  ["cookies-without-secure-flag-but-protected-by-hsts", -5, "Cookie without Secure, but HSTS protects it"],
  ["cookies-without-secure-flag", -20, "Cookie without Secure"],
  ["cookies-session-without-secure-flag-but-protected-by-hsts", -10, "Session cookie without Secure, but HSTS protects it"],
  ["cookies-samesite-flag-invalid", -20, "SameSite invalid, or None without Secure"],
  ["cookies-anticsrf-without-samesite-flag", -20, "Anti-CSRF cookie without SameSite"],
  ["cookies-session-without-httponly-flag", -30, "Session cookie without HttpOnly"],
  ["cookies-session-without-secure-flag", -40, "Session cookie without Secure"],
];

function cookiesTest(probe: HttpProbeResult, hstsPass: boolean): HttpHygieneTest {
  const base = { id: "cookies", appliesToApi: true };
  const cookies = headerValues(probe, "set-cookie").map(parseSetCookie).filter((c) => c.name && c.name !== "heroku-session-affinity");
  if (cookies.length === 0) return { ...base, pass: true, modifier: 0, result: "cookies-not-found", reason: "The API sets no cookies" };
  let worst = -1;
  const findings: string[] = [];
  const flag = (result: string, cookie: string) => {
    const index = COOKIE_ORDER.findIndex(([r]) => r === result);
    worst = Math.max(worst, index);
    findings.push(`${cookie}: ${COOKIE_ORDER[index][2]}`);
  };
  for (const c of cookies) {
    const session = isSessionCookie(c.name);
    if (c.invalidSameSite || (!c.secure && c.sameSite === "none")) flag("cookies-samesite-flag-invalid", c.name);
    if (!c.secure) flag(hstsPass ? "cookies-without-secure-flag-but-protected-by-hsts" : "cookies-without-secure-flag", c.name);
    if (/csrf/i.test(c.name) && !c.sameSite) flag("cookies-anticsrf-without-samesite-flag", c.name);
    if (session && !c.secure) flag(hstsPass ? "cookies-session-without-secure-flag-but-protected-by-hsts" : "cookies-session-without-secure-flag", c.name);
    if (session && !c.httpOnly) flag("cookies-session-without-httponly-flag", c.name);
  }
  const names = cookies.map((c) => c.name).join(", ");
  if (worst >= 0) {
    const [result, modifier] = COOKIE_ORDER[worst];
    return { ...base, pass: false, modifier, result, reason: [...new Set(findings)].join("; ") };
  }
  if (cookies.every((c) => c.sameSite)) return { ...base, pass: true, modifier: 5, result: "cookies-secure-with-httponly-sessions-and-samesite", reason: `Cookies (${names}) Secure, session cookies HttpOnly, all with SameSite` };
  return { ...base, pass: true, modifier: 0, result: "cookies-secure-with-httponly-sessions", reason: `Cookies (${names}) Secure, session cookies HttpOnly; some without SameSite` };
}

function nosniffTest(probe: HttpProbeResult): HttpHygieneTest {
  const base = { id: "x-content-type-options", appliesToApi: true };
  const header = headerValues(probe, "x-content-type-options")[0];
  if (header === undefined) return { ...base, pass: false, modifier: -5, result: "x-content-type-options-not-implemented", reason: "No X-Content-Type-Options: nosniff" };
  if (header.slice(0, 256).trim().toLowerCase() !== "nosniff") return { ...base, pass: false, modifier: -5, result: "x-content-type-options-header-invalid", reason: `Invalid X-Content-Type-Options: ${header}` };
  return { ...base, pass: true, modifier: 0, result: "x-content-type-options-nosniff", reason: "X-Content-Type-Options: nosniff" };
}

/**
 * An unauthenticated probe cannot see authenticated responses, so: a response counts as
 * per-user when it sets a session-like cookie or declares `Vary: Authorization` / `Vary: Cookie`;
 * such a response must say `Cache-Control: no-store` or `private`.
 */
function cacheControlTest(probe: HttpProbeResult): HttpHygieneTest {
  const base = { id: "cache-control", appliesToApi: true };
  const sessionCookie = headerValues(probe, "set-cookie").map(parseSetCookie).some((c) => isSessionCookie(c.name));
  const vary = (joined(probe, "vary") ?? "").toLowerCase();
  const perUser = sessionCookie || /\b(authorization|cookie)\b/.test(vary);
  const cacheControl = (joined(probe, "cache-control") ?? "").toLowerCase();
  if (!perUser) return { ...base, pass: true, modifier: 0, result: "cache-control-not-applicable", reason: "No session cookie or Vary: Authorization/Cookie, so no per-user response seen" };
  if (/\b(no-store|private)\b/.test(cacheControl)) return { ...base, pass: true, modifier: 0, result: "cache-control-private", reason: `Per-user response with Cache-Control: ${cacheControl}` };
  return { ...base, pass: false, modifier: -10, result: "cache-control-missing-on-per-user-response", reason: `Per-user response without Cache-Control no-store/private${cacheControl ? ` (has: ${cacheControl})` : ""}` };
}

function disclosureTest(probe: HttpProbeResult): HttpHygieneTest {
  const base = { id: "server-version-disclosure", appliesToApi: true };
  const disclosed = ["server", "x-powered-by", "x-aspnet-version", "x-aspnetmvc-version"].flatMap((name) => headerValues(probe, name).filter((v) => /\d+(\.\d+)+|\/\s*\d/.test(v)).map((v) => `${name}: ${v}`));
  if (disclosed.length) return { ...base, pass: false, modifier: -5, result: "server-version-disclosed", reason: `Software version disclosed (${disclosed.join("; ")})` };
  return { ...base, pass: true, modifier: 0, result: "server-version-not-disclosed", reason: "No software version in Server/X-Powered-By" };
}

function deprecationTest(probe: HttpProbeResult): HttpHygieneTest {
  const base = { id: "deprecation-sunset", appliesToApi: true, pass: true, modifier: 0 };
  const found = ["deprecation", "sunset"].flatMap((name) => headerValues(probe, name).map((v) => `${name}: ${v}`));
  const link = headerValues(probe, "link").filter((v) => /rel="?(deprecation|sunset)/i.test(v));
  if (found.length || link.length) return { ...base, result: "deprecation-announced", reason: `Announced: ${[...found, ...link.map((l) => `link: ${l}`)].join("; ")}` };
  return { ...base, result: "deprecation-not-announced", reason: "No Deprecation or Sunset header (informational)" };
}

/** Softened for APIs: an unsafe policy still costs −5, but an invalid one costs nothing and a private one earns no bonus. */
function referrerPolicyTest(probe: HttpProbeResult): HttpHygieneTest {
  const base = { id: "referrer-policy", appliesToApi: true };
  const header = joined(probe, "referrer-policy");
  const policies = (header ?? "").toLowerCase().split(",").map((p) => p.trim()).filter(Boolean);
  if (policies.some((p) => p === "unsafe-url" || p === "no-referrer-when-downgrade")) return { ...base, pass: false, modifier: -5, result: "referrer-policy-unsafe", reason: `Unsafe Referrer-Policy: ${header}` };
  return { ...base, pass: true, modifier: 0, result: header ? "referrer-policy-set" : "referrer-policy-not-implemented", reason: header ? `Referrer-Policy: ${header} (no bonus for JSON APIs)` : "No Referrer-Policy (not needed for JSON APIs)" };
}

const NOT_APPLICABLE: [string, string][] = [
  ["content-security-policy", "CSP governs HTML documents; JSON responses run no scripts"],
  ["x-frame-options", "Clickjacking needs a framed HTML page"],
  ["subresource-integrity", "SRI checks <script> tags in HTML"],
  ["cross-origin-resource-policy", "Observatory awards it no points; APIs decide cross-origin reads with CORS"],
  ["redirection", "The probe asks the HTTPS endpoint directly; API clients do not follow HTTP-to-HTTPS upgrades like browsers"],
];

/** Observatory scoring: bonuses count only when the penalties alone leave ≥ 90; floor 0; round down to a multiple of 5. */
export function scoreTests(tests: HttpHygieneTest[]): { score: number; grade: string } {
  const applicable = tests.filter((t) => t.appliesToApi);
  const penalties = applicable.reduce((sum, t) => sum + Math.min(0, t.modifier), 0);
  const bonuses = applicable.reduce((sum, t) => sum + Math.max(0, t.modifier), 0);
  const raw = 100 + penalties + (100 + penalties >= MINIMUM_SCORE_FOR_EXTRA_CREDIT ? bonuses : 0);
  const floored = Math.max(0, raw);
  const score = floored - (floored % 5);
  const grade = GRADE_CHART.find(([min]) => Math.min(score, 100) >= min)?.[1] ?? "F";
  return { score, grade };
}

// The rescore shares one result among probes alike (lib/server/scoring/factors.ts, httpHygieneOf): grading
// may read the URL's scheme, status, headers, CORS check and `verified`, not the host. Keep it so or widen that key.
export function gradeHttpHygiene(probe: HttpProbeResult): HttpHygieneGrade {
  const hsts = hstsTest(probe);
  const tests: HttpHygieneTest[] = [
    { id: hsts.id, pass: hsts.pass, modifier: hsts.modifier, result: hsts.result, reason: hsts.reason, appliesToApi: true },
    corsTest(probe),
    cookiesTest(probe, hsts.pass),
    nosniffTest(probe),
    cacheControlTest(probe),
    disclosureTest(probe),
    referrerPolicyTest(probe),
    deprecationTest(probe),
    ...NOT_APPLICABLE.map(([id, reason]) => ({ id, pass: true, modifier: 0, result: "not-applicable", reason: `Not applicable to APIs: ${reason}`, appliesToApi: false })),
  ];
  return { ...scoreTests(tests), tests };
}

const FIXES: Record<string, string> = {
  "strict-transport-security": "Send Strict-Transport-Security: max-age=31536000; includeSubDomains over HTTPS with a valid certificate",
  "cross-origin-resource-sharing": "Stop reflecting arbitrary origins with credentials: allow-list trusted origins, or use * without credentials",
  cookies: "Set Secure and HttpOnly on session cookies and SameSite=Lax/Strict on all cookies",
  "x-content-type-options": "Send X-Content-Type-Options: nosniff",
  "cache-control": "Send Cache-Control: no-store (or private) on per-user responses",
  "server-version-disclosure": "Remove version numbers from Server and X-Powered-By",
  "referrer-policy": "Use Referrer-Policy: strict-origin-when-cross-origin or no-referrer",
};

export function httpHygieneFactor(probe: HttpProbeResult): FactorResult {
  if (probe.error || probe.status === null) {
    return { name: "http_hygiene", subscore: null, summary: `HTTP probe of ${probe.url} failed: ${probe.error ?? "no response"}`, evidence: { probe }, caps: [], improvements: [] };
  }
  const graded = gradeHttpHygiene(probe);
  const subscore = Math.max(0, Math.min(100, graded.score));
  const failing = graded.tests.filter((t) => t.appliesToApi && !t.pass);
  // A credentialed, reflected CORS lets any web page read a logged-in user's API responses: cap the reputation at D.
  const caps: ScoreCap[] = failing
    .filter((t) => t.result === "cross-origin-resource-sharing-implemented-with-universal-access")
    .map((t) => ({ id: "http_hygiene.cors-reflects-origin-with-credentials", factor: "http_hygiene", reason: t.reason, maxGrade: "D" }));
  const improvements: Improvement[] = failing.map((t) => {
    const fixed = graded.tests.map((o) => (o.id === t.id ? { ...o, pass: true, modifier: 0 } : o));
    const after = Math.max(0, Math.min(100, scoreTests(fixed).score));
    const removes = t.id === "cross-origin-resource-sharing" ? caps.map((c) => c.id) : [];
    return { factor: "http_hygiene", action: FIXES[t.id] ?? `Fix ${t.id}`, subscoreAfter: after, ...(removes.length ? { removesCaps: removes } : {}) };
  });
  const failText = failing.length ? `; failing: ${failing.map((t) => `${t.id} (${t.modifier})`).join(", ")}` : "";
  return {
    name: "http_hygiene",
    subscore,
    summary: `Header hygiene (API profile of the MDN HTTP Observatory): ${graded.grade} (${graded.score})${failText}`,
    evidence: { probe, grade: graded },
    caps,
    improvements,
  };
}
