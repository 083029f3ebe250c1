// Flags sensitive data classes in one observed request (query, request headers, body): emails,
// Luhn-valid card numbers with known IINs, US SSNs / UK NINOs, phone numbers, JWTs and credentials in
// query strings. Only the class and where it was seen are reported, never the value; pre-checks keep misses cheap.

import type { SensitiveClass, SensitiveObservation, TrafficEvent } from "./types";

/** Collects observations, each (class, location) once; lists are tiny, so a scan beats a Set. */
class Observations {
  readonly list: SensitiveObservation[] = [];
  add(dataClass: SensitiveClass, location: string): void {
    for (const o of this.list) if (o.dataClass === dataClass && o.location === location) return;
    this.list.push({ dataClass, location });
  }
}

// ---------- emails: scanned around each "@", linear in the input ----------

function isAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
/** [A-Za-z0-9._%+-] */
function isLocalChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45;
}
/** [A-Za-z0-9.-] */
function isDomainChar(c: number): boolean {
  return isAlnum(c) || c === 46 || c === 45;
}
const FILE_TLDS = new Set(["png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "css", "js", "mjs", "json", "html", "htm", "map", "ts", "txt", "xml"]);

function hasEmail(s: string): boolean {
  for (let at = s.indexOf("@"); at !== -1; at = s.indexOf("@", at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && isLocalChar(s.charCodeAt(start - 1))) start--;
    if (start === at || s[start] === "." || s[at - 1] === ".") continue;
    const before = start > 0 ? s[start - 1] : "";
    if (before === ":" || before === "/") continue; // URL user-info, "scheme://user:pass@host"
    let end = at + 1;
    while (end < s.length && end - at <= 253 && isDomainChar(s.charCodeAt(end))) end++;
    const domain = s.slice(at + 1, end).replace(/\.+$/, "");
    const labels = domain.split(".");
    if (labels.length < 2 || labels.some((l) => l === "" || l.startsWith("-") || l.endsWith("-"))) continue;
    const tld = labels[labels.length - 1];
    if (/^[A-Za-z]{2,24}$/.test(tld) && !FILE_TLDS.has(tld.toLowerCase())) return true;
  }
  return false;
}

// ---------- payment cards: digit groups, Luhn, issuer ranges ----------

function luhn(d: string): boolean {
  let sum = 0;
  for (let i = d.length - 1, dbl = false; i >= 0; i--, dbl = !dbl) {
    let n = d.charCodeAt(i) - 48;
    if (dbl) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

/** Known issuer prefixes (IIN) with their card lengths. */
function knownIssuer(d: string): boolean {
  const len = d.length;
  const p2 = Number(d.slice(0, 2));
  const p3 = Number(d.slice(0, 3));
  const p4 = Number(d.slice(0, 4));
  const p6 = Number(d.slice(0, 6));
  if (d[0] === "4") return len === 13 || len === 16 || len === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return len === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return len === 15; // American Express
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (p6 >= 622126 && p6 <= 622925)) return len >= 16; // Discover
  if (p2 === 62) return len >= 16; // UnionPay
  if (p4 >= 3528 && p4 <= 3589) return len >= 16; // JCB
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return len >= 14; // Diners Club
  if ([5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763].includes(p4)) return true; // Maestro
  return false;
}

/** Separated numbers must be grouped like cards are printed: 4-4-4-4(-3), 4-6-5, 4-6-4. */
function cardGrouping(groups: number[]): boolean {
  if (groups.length === 1) return true;
  const shape = groups.join("-");
  if (shape === "4-6-5" || shape === "4-6-4") return true;
  for (let i = 0; i < groups.length - 1; i++) if (groups[i] !== 4) return false;
  return groups[groups.length - 1] >= 1 && groups[groups.length - 1] <= 4;
}

const CARD_CANDIDATE = /(?<![\w.])\d(?:[ -]?\d){12,22}(?![\w]|\.\d)/g;

function hasCard(s: string): boolean {
  CARD_CANDIDATE.lastIndex = 0;
  for (let m = CARD_CANDIDATE.exec(s); m !== null; m = CARD_CANDIDATE.exec(s)) {
    const text = m[0];
    const digits = text.replace(/[ -]/g, "");
    if (digits.length < 13 || digits.length > 19) continue;
    const seps = text.match(/[ -]/g);
    if (seps && new Set(seps).size > 1) continue;
    const groups = seps ? text.split(/[ -]/).map((g) => g.length) : [digits.length];
    if (cardGrouping(groups) && knownIssuer(digits) && luhn(digits) && !/^(\d)\1+$/.test(digits)) return true;
  }
  return false;
}

// ---------- national IDs ----------

const SSN = /(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w-])/g;
const SSN_NEVER_ISSUED = new Set(["078-05-1120", "219-09-9999"]); // published in advertising, voided by the SSA

function hasSsn(s: string): boolean {
  SSN.lastIndex = 0;
  for (let m = SSN.exec(s); m !== null; m = SSN.exec(s)) {
    const [whole, area, group, serial] = m;
    if (area === "000" || area === "666" || area[0] === "9" || group === "00" || serial === "0000") continue;
    if (!SSN_NEVER_ISSUED.has(whole)) return true;
  }
  return false;
}

// UK National Insurance number (HMRC NIM39110): prefix letters D F I Q U V never used, O not second, some pairs barred.
const NINO = /(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/;

// ---------- phone numbers: a "+" number or a conventionally formatted one, never a bare integer ----------

const E164 = /(?<![\w+])\+[1-9]\d{7,14}(?![\d])/;
const INTL_FORMATTED = /(?<![\w+])\+[1-9]\d{0,2}[ .-]?(?:\(\d{1,4}\)[ .-]?)?\d{1,4}(?:[ .-]\d{2,8}){1,4}(?![\d])/g;
const NANP_FORMATTED = /(?<![\w(])\([2-9]\d{2}\) ?[2-9]\d{2}-\d{4}(?![\d])|(?<![\w-])[2-9]\d{2}-[2-9]\d{2}-\d{4}(?![\w-])/;

function hasPhone(s: string): boolean {
  if (s.includes("+")) {
    if (E164.test(s)) return true;
    INTL_FORMATTED.lastIndex = 0;
    for (let m = INTL_FORMATTED.exec(s); m !== null; m = INTL_FORMATTED.exec(s)) {
      const n = m[0].replace(/\D/g, "").length;
      if (n >= 8 && n <= 15) return true;
    }
  }
  return (s.includes("(") || s.includes("-")) && NANP_FORMATTED.test(s);
}

// ---------- JWTs: header part must decode to JSON with "alg" ----------

const JWT = /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g;

function hasJwt(s: string): boolean {
  JWT.lastIndex = 0;
  for (let m = JWT.exec(s); m !== null; m = JWT.exec(s)) {
    const header = m[0].slice(0, m[0].indexOf("."));
    try {
      const h: unknown = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
      if (h !== null && typeof h === "object" && typeof (h as { alg?: unknown }).alg === "string") return true;
    } catch {
      // not JSON: not a JWT
    }
  }
  return false;
}

// ---------- credentials in query strings ----------

const KEY_SHAPES = [
  /(?:sk|rk)_live_[0-9A-Za-z]{10,}/, // Stripe secret / restricted key
  /(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])/, // AWS access key id
  /gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{22,}/, // GitHub tokens
  /xox[bpoars]-[A-Za-z0-9-]{10,}/, // Slack tokens
  /AIza[0-9A-Za-z_-]{35}/, // Google API key
];
const KEY_SHAPE_HINT = /sk_live|rk_live|AKIA|ASIA|gh[pousr]_|github_pat_|xox[bpoars]-|AIza/;

const SECRET_PARAMS = new Set(["password", "passwd", "pwd", "secret", "client_secret", "pass"]);
const TOKEN_PARAMS = new Set(["api_key", "apikey", "access_token", "token", "signature", "sig", "auth", "access_key", "secret_key", "private_key", "auth_token", "id_token", "refresh_token", "session_token", "private_token"]);
const NOT_SECRET_SUFFIX = /(?:page|next|prev|previous|continuation|pagination|sync|cursor|csrf_?)_?token$/;
const PLACEHOLDERS = new Set(["true", "false", "null", "undefined", "none", "nil", "redacted", "changeme", "example", "test", "xxx", "your_api_key", "yourapikey"]);

type ParamKind = "secret" | "token" | "key" | null;
const kindCache = new Map<string, ParamKind>(); // parameter names repeat across events

function paramKind(rawName: string): ParamKind {
  let kind = kindCache.get(rawName);
  if (kind === undefined) {
    kind = computeParamKind(rawName);
    if (kindCache.size >= 4096) kindCache.clear();
    kindCache.set(rawName, kind);
  }
  return kind;
}

function computeParamKind(rawName: string): ParamKind {
  let n = rawName.toLowerCase().replace(/-/g, "_");
  const bracket = n.match(/\[([^\]]*)\]$/); // auth[token]
  if (bracket) n = bracket[1];
  if (SECRET_PARAMS.has(n) || n.endsWith("_secret") || n.endsWith("_password")) return "secret";
  if (n === "key") return "key";
  if (NOT_SECRET_SUFFIX.test(n)) return null;
  if (TOKEN_PARAMS.has(n) || n.endsWith("_token") || n.endsWith("api_key") || n.endsWith("apikey") || n.endsWith("_signature")) return "token";
  return null;
}

function trivial(v: string): boolean {
  const lower = v.toLowerCase();
  return (
    PLACEHOLDERS.has(lower) ||
    /^(.)\1*$/.test(v) || // "xxxxxxxx", "00000000"
    /^[*•.x-]+$/i.test(v) || // masked
    /^(?:\[[^\]]*\]|<[^>]*>|\{\{.*\}\}|\$\{[^}]*\}|%s)$/.test(v) // [REDACTED], <token>, {{token}}, ${TOKEN}, %s
  );
}

function credentialValue(kind: Exclude<ParamKind, null>, v: string): boolean {
  if (trivial(v)) return false;
  const randomLooking = /\d/.test(v) || (/[a-z]/.test(v) && /[A-Z]/.test(v)) || v.length >= 20;
  if (kind === "secret") return v.length >= 3;
  if (kind === "key") return v.length >= 16 && /\d/.test(v) && /[A-Za-z]/.test(v);
  return v.length >= 8 && randomLooking;
}

// ---------- headers ----------

const AUTH_HEADERS = new Set(["authorization", "proxy-authorization", "cookie", "x-api-key", "api-key", "x-auth-token", "x-access-token", "x-amz-security-token"]);
const NOISE_HEADERS = new Set([
  "accept", "accept-encoding", "accept-language", "accept-charset", "content-type", "content-length", "content-encoding",
  "host", "connection", "keep-alive", "user-agent", "cache-control", "pragma", "upgrade-insecure-requests", "dnt", "te",
  "origin", "if-none-match", "if-modified-since", "if-match", "range", "priority", "purpose", "traceparent", "tracestate",
  "x-request-id", "x-correlation-id", "x-amzn-trace-id", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-for", "x-real-ip",
]);

// ---------- scanning ----------

function safeDecode(s: string): string {
  if (!s.includes("%")) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/%([0-7][0-9A-Fa-f])/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

/** The data classes (not credentials) in one text. */
function scanData(s: string, location: string, obs: Observations): void {
  if (s.length < 5) return;
  if (s.includes("@") && hasEmail(s)) obs.add("email", location);
  if (s.includes("eyJ") && hasJwt(s)) obs.add("jwt", location);
  if (!hasDigit(s)) return;
  if (hasCard(s)) obs.add("card_number", location);
  if ((s.includes("-") && hasSsn(s)) || NINO.test(s)) obs.add("national_id", location);
  if (hasPhone(s)) obs.add("phone", location);
}

function locationName(name: string): string {
  return name.length > 64 ? name.slice(0, 64) : name;
}

function scanQuery(query: string, obs: Observations): void {
  for (const part of query.split("&")) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq === -1 || eq === part.length - 1) continue; // no value
    const name = safeDecode(part.slice(0, eq));
    const value = safeDecode(part.slice(eq + 1));
    const location = `query:${locationName(name)}`;
    const kind = paramKind(name);
    if ((kind !== null && credentialValue(kind, value)) || (KEY_SHAPE_HINT.test(value) && KEY_SHAPES.some((re) => re.test(value)))) {
      obs.add("api_key_in_query", location);
    }
    scanData(value, location, obs);
  }
}

function scanHeaders(headers: [string, string][], obs: Observations): void {
  for (const [rawName, value] of headers) {
    if (value.length < 5 || rawName.startsWith(":")) continue; // HTTP/2 pseudo-headers repeat the URL
    const name = rawName.toLowerCase();
    if (NOISE_HEADERS.has(name) || name.startsWith("sec-") || name.startsWith("x-b3-")) continue;
    const location = `header:${locationName(name)}`;
    if (AUTH_HEADERS.has(name)) {
      if (value.includes("eyJ") && hasJwt(value)) obs.add("jwt", location);
    } else {
      scanData(name === "referer" ? safeDecode(value) : value, location, obs);
    }
  }
}

/** Sensitive data classes seen in one request, each with where it was seen; [] when none. */
export function scanEvent(event: TrafficEvent): SensitiveObservation[] {
  const { query, requestHeaders, requestBody } = event;
  if (!query && !requestHeaders?.length && !requestBody) return [];
  const obs = new Observations();
  if (query) scanQuery(query, obs);
  if (requestHeaders?.length) scanHeaders(requestHeaders, obs);
  if (requestBody) scanData(safeDecode(requestBody), "body", obs);
  return obs.list;
}
