// nginx / Apache access lines → TrafficEvent: the `combined` format (nginx's default, Apache's
// LogFormat "combined") read by a hand-written scanner, optionally followed by extra fields
// ($request_time, $upstream_response_time, $host, key=value pairs), and nginx JSON log lines.
// A web server logs the requests it received, so its lines are inbound by nature; only a request in
// absolute form ("GET http://other.example/ HTTP/1.1", CONNECT) is a forward proxy's and placed by its host.

import { type Direction, durationMs, normaliseHost, normaliseMethod, splitAbsoluteUrl, splitTarget, timestampMs, toNumber, toStatus } from "./common";
import type { TrafficEvent } from "../types";
import { parseJsonObjectLine, type LineContext, type LineResult } from "./envoy";

/** Variables commonly used as keys of nginx `log_format … escape=json` lines; used by detection. */
export const NGINX_JSON_KEYS: ReadonlySet<string> = new Set([
  "remote_addr",
  "remote_user",
  "request",
  "status",
  "request_method",
  "request_uri",
  "uri",
  "args",
  "query_string",
  "http_host",
  "host",
  "server_name",
  "time_iso8601",
  "time_local",
  "msec",
  "body_bytes_sent",
  "bytes_sent",
  "request_length",
  "request_time",
  "upstream_response_time",
  "upstream_addr",
  "upstream_status",
  "http_referer",
  "http_user_agent",
  "http_x_forwarded_for",
  "server_protocol",
  "scheme",
]);

const MONTHS: Record<string, number> = {
  Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11,
};

function digits(s: string, start: number, len: number): number {
  let n = 0;
  for (let i = start; i < start + len; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
}

let lastTimeText = "";
let lastTimeValue: number | null = null;

/** `10/Oct/2000:13:55:36 -0700` ($time_local, Apache %t) → epoch ms, or null. Memoises the last value. */
export function parseClfTime(s: string): number | null {
  if (s === lastTimeText) return lastTimeValue;
  let value: number | null = null;
  if (s.length === 26 && s.charCodeAt(2) === 47 && s.charCodeAt(6) === 47 && s.charCodeAt(11) === 58 && s.charCodeAt(20) === 32) {
    const month = MONTHS[s.slice(3, 6)];
    const sign = s.charCodeAt(21) === 45 ? -1 : s.charCodeAt(21) === 43 ? 1 : 0;
    const day = digits(s, 0, 2);
    const hour = digits(s, 12, 2);
    const minute = digits(s, 15, 2);
    const second = digits(s, 18, 2);
    const offsetMin = (digits(s, 22, 2) * 60 + digits(s, 24, 2)) * sign;
    const valid = month !== undefined && sign !== 0 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60 && Math.abs(offsetMin) <= 18 * 60;
    const ms = valid ? Date.UTC(digits(s, 7, 4), month, day, hour, minute, second) : NaN;
    value = Number.isFinite(ms) ? ms - offsetMin * 60_000 : null;
  }
  lastTimeText = s;
  lastTimeValue = value;
  return value;
}

/** Index just past the closing quote of a quoted field starting at `open` (a `"`), or -1. Backslash escapes skipped. */
function endOfQuoted(line: string, open: number): number {
  for (let i = open + 1; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 92 /* \ */) i++;
    else if (c === 34 /* " */) return i + 1;
  }
  return -1;
}

interface RequestLine {
  method: string;
  host: string | null;
  path: string;
  query: string | null;
}

/** `$request` ("GET /a?b HTTP/1.1") → parts, or a problem reason. */
function parseRequestLine(req: string): RequestLine | string {
  if (req === "" || req === "-") return "request line is empty";
  const sp1 = req.indexOf(" ");
  if (sp1 <= 0) return "request line is malformed";
  const method = normaliseMethod(req.slice(0, sp1));
  if (method === null || req.charCodeAt(0) < 65 || req.charCodeAt(0) > 90) return "request line is malformed (no method)";
  // the target may hold raw spaces (Apache logs them as received): the protocol is the last word
  const last = req.lastIndexOf(" ");
  if (last !== sp1 && !req.startsWith("HTTP/", last + 1)) return "request line is malformed (no protocol)";
  const target = last === sp1 ? req.slice(sp1 + 1) : req.slice(sp1 + 1, last);
  if (target === "") return "request line is malformed (no target)";
  const c0 = target.charCodeAt(0);
  if (c0 === 47 /* / */) return { method, host: null, ...splitTarget(target) };
  const abs = splitAbsoluteUrl(target);
  if (abs !== null) return { method, host: normaliseHost(abs.authority), path: abs.path, query: abs.query };
  if (method === "CONNECT" && /^[A-Za-z0-9.[\]:-]+$/.test(target)) return { method, host: normaliseHost(target), path: "/", query: null };
  if (target === "*" && method === "OPTIONS") return { method, host: null, path: "*", query: null };
  return "request target is malformed";
}

const HOSTNAME_RE = /^(?=[^:]*[A-Za-z])[A-Za-z0-9.-]+\.[A-Za-z0-9-]+(?::\d{1,5})?$|^localhost(?::\d{1,5})?$/;
const SECONDS_RE = /^\d+\.\d+$/;

/** Fields after "$http_user_agent": request time (seconds with a fraction) and a host name. */
function applyExtras(line: string, i: number, out: { durationMs: number | null; host: string | null }): void {
  while (i < line.length) {
    while (line.charCodeAt(i) === 32) i++;
    if (i >= line.length) break;
    let token: string;
    if (line.charCodeAt(i) === 34) {
      const end = endOfQuoted(line, i);
      if (end === -1) return;
      token = line.slice(i + 1, end - 1);
      i = end;
    } else {
      let end = line.indexOf(" ", i);
      if (end === -1) end = line.length;
      token = line.slice(i, end);
      i = end;
    }
    if (token === "-" || token === "") continue;
    const eq = token.indexOf("=");
    if (eq > 0) {
      const key = token.slice(0, eq);
      const v = token.slice(eq + 1);
      if ((key === "rt" || key === "request_time") && out.durationMs === null && SECONDS_RE.test(v)) out.durationMs = durationMs(Number(v) * 1000);
      else if ((key === "host" || key === "http_host") && out.host === null) out.host = normaliseHost(v);
    } else if (out.durationMs === null && SECONDS_RE.test(token)) {
      out.durationMs = durationMs(Number(token) * 1000);
    } else if (out.host === null && HOSTNAME_RE.test(token)) {
      out.host = normaliseHost(token);
    }
  }
}

/** One `combined` line. Remote addresses may hold spaces and quotes (X-Forwarded-For lists), so scanning starts at "[". */
export function parseCombinedLine(line: string, location: string, ctx: LineContext): LineResult {
  const lb = line.indexOf(" [");
  if (lb === -1) return "not in the combined log format (no [time])";
  const rb = line.indexOf("] ", lb + 2);
  if (rb === -1) return "not in the combined log format (no [time])";
  const timestamp = parseClfTime(line.slice(lb + 2, rb));
  if (timestamp === null) return "time is not in the dd/Mon/yyyy:HH:MM:SS ±zzzz form";
  const q = rb + 2;
  if (line.charCodeAt(q) !== 34) return "not in the combined log format (no quoted request)";
  const reqEnd = endOfQuoted(line, q);
  if (reqEnd === -1) return "request field is not closed";
  const req = parseRequestLine(line.slice(q + 1, reqEnd - 1));
  if (typeof req === "string") return req;

  // " $status $body_bytes_sent"
  let i = reqEnd;
  if (line.charCodeAt(i) !== 32) return "not in the combined log format (after request)";
  const statusEnd = line.indexOf(" ", i + 1);
  const statusText = line.slice(i + 1, statusEnd === -1 ? line.length : statusEnd);
  const status = toStatus(statusText);
  if (status === null && statusText !== "-") return "status is not a number";
  const extras = { durationMs: null as number | null, host: req.host };
  if (statusEnd !== -1) {
    i = line.indexOf(" ", statusEnd + 1); // skip $body_bytes_sent
    // skip quoted $http_referer and $http_user_agent
    for (let k = 0; k < 2 && i !== -1 && line.charCodeAt(i + 1) === 34; k++) {
      const end = endOfQuoted(line, i + 1);
      i = end === -1 ? -1 : end;
    }
    if (i !== -1 && i < line.length) applyExtras(line, i, extras);
  }
  // req.host is only set by a target in absolute form (a forward proxy's line)
  const hint: Direction | null = req.host === null ? "inbound" : null;
  const event: TrafficEvent = {
    direction: ctx.direction(extras.host, hint),
    method: req.method,
    host: extras.host,
    path: req.path,
    query: req.query,
    status,
    durationMs: extras.durationMs,
    timestamp,
    location,
  };
  if (hint !== null) event.directionHint = hint;
  return event;
}

function s(v: unknown): string | null {
  if (typeof v === "number") return String(v);
  return typeof v === "string" && v !== "" && v !== "-" ? v : null;
}

function jsonTimestamp(o: Record<string, unknown>): number | null {
  const iso = s(o.time_iso8601);
  if (iso !== null) {
    const t = timestampMs(Date.parse(iso));
    if (t !== null) return t;
  }
  const local = s(o.time_local);
  if (local !== null) {
    const t = parseClfTime(local);
    if (t !== null) return t;
  }
  const msec = toNumber(o.msec); // seconds with millisecond fraction
  return msec === null ? null : timestampMs(Math.round(msec * 1000));
}

/** One nginx JSON log line (`log_format x escape=json '{"remote_addr":"$remote_addr",…}'`). */
export function parseNginxJsonLine(line: string, location: string, ctx: LineContext): LineResult {
  const o = parseJsonObjectLine(line);
  if (typeof o === "string") return o;
  let method: string | null;
  let proxied = false;
  let host = normaliseHost(s(o.http_host) ?? s(o.host) ?? s(o.server_name));
  let path: string;
  let query: string | null;
  const uri = s(o.request_uri);
  const rawMethod = s(o.request_method);
  if (rawMethod !== null && (uri !== null || s(o.uri) !== null)) {
    method = normaliseMethod(rawMethod);
    if (method === null) return "request_method is not an HTTP method token";
    if (uri !== null) {
      if (uri.charCodeAt(0) !== 47) {
        const abs = splitAbsoluteUrl(uri);
        if (abs === null) return "request_uri is malformed";
        proxied = true;
        ({ path, query } = abs);
        host = host ?? normaliseHost(abs.authority);
      } else {
        ({ path, query } = splitTarget(uri));
      }
    } else {
      path = s(o.uri) ?? "/";
      query = s(o.args) ?? s(o.query_string);
    }
  } else {
    const request = s(o.request);
    if (request === null) return "no request or request_method/request_uri";
    const req = parseRequestLine(request);
    if (typeof req === "string") return req;
    ({ method, path, query } = req);
    proxied = req.host !== null;
    host = host ?? req.host;
  }
  const seconds = toNumber(o.request_time);
  const hint: Direction | null = proxied ? null : "inbound";
  const event: TrafficEvent = {
    direction: ctx.direction(host, hint),
    method,
    host,
    path,
    query,
    status: toStatus(o.status),
    durationMs: seconds === null ? null : durationMs(seconds * 1000),
    timestamp: jsonTimestamp(o),
    location,
  };
  if (hint !== null) event.directionHint = hint;
  return event;
}

/** The "nginx" format: JSON lines and combined lines may even be mixed. */
export function parseNginxLine(line: string, location: string, ctx: LineContext): LineResult {
  const c = line.charCodeAt(0);
  if (line.length === 0 || ((c === 32 || c === 9) && line.trim() === "")) return null;
  return c === 123 /* { */ ? parseNginxJsonLine(line, location, ctx) : parseCombinedLine(line, location, ctx);
}
