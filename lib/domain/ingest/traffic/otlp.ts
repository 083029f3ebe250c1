// OTLP/JSON trace exports (`resourceSpans[].scopeSpans[].spans[]`, or the older
// `instrumentationLibrarySpans`) → TrafficEvent, one per HTTP SERVER (inbound) or CLIENT (outbound)
// span; the kind is the event's direction hint (a span to one of the application's own hosts is inbound).
// Attributes follow both the pre-1.20 and the current OpenTelemetry HTTP semantic conventions.

import PickMod from "stream-json/filters/Pick";
import StreamValuesMod from "stream-json/streamers/StreamValues";
import { IngestInputError, type IngestProblem, type TrafficEvent } from "../types";
import {
  Batcher,
  DEFAULT_MAX_BODY_BYTES,
  directionFor,
  durationMs,
  type Direction,
  normaliseHost,
  normaliseMethod,
  splitAbsoluteUrl,
  splitTarget,
  timestampMs,
  toStatus,
  type ParseTrafficOptions,
  type ReadCounter,
  type TrafficBatch,
  type TrafficInput,
} from "./common";
import { isJsonSyntaxError, jsonPipeline, MAX_UNIT_TOKENS } from "./json-tokens";

type Obj = Record<string, unknown>;
type AttrValue = string | number | boolean | AttrValue[] | null;

function obj(v: unknown): Obj | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null;
}

/** Nesting of arrayValue kept; deeper arrays (never seen in real exports) read as null rather than recursing on. */
const MAX_ANY_VALUE_DEPTH = 8;

/** An OTLP AnyValue ({stringValue}, {intValue: "200"}, {arrayValue: {values}}…) → a plain value. */
function anyValue(v: unknown, depth = 0): AttrValue {
  const o = obj(v);
  if (o === null) return null;
  if (typeof o.stringValue === "string") return o.stringValue;
  if (o.intValue !== undefined) {
    // only a number or a numeric string: Number() of a deeply nested array recurses until the stack overflows
    const n = typeof o.intValue === "number" || typeof o.intValue === "string" ? Number(o.intValue) : NaN;
    return Number.isFinite(n) ? n : null;
  }
  if (typeof o.doubleValue === "number") return o.doubleValue;
  if (typeof o.boolValue === "boolean") return o.boolValue;
  const arr = obj(o.arrayValue)?.values;
  if (Array.isArray(arr)) return depth < MAX_ANY_VALUE_DEPTH ? arr.map((item) => anyValue(item, depth + 1)) : null;
  return null;
}

function attributes(list: unknown): Map<string, AttrValue> {
  const m = new Map<string, AttrValue>();
  if (!Array.isArray(list)) return m;
  for (const a of list) {
    const o = obj(a);
    if (o && typeof o.key === "string") m.set(o.key, anyValue(o.value));
  }
  return m;
}

function firstString(m: Map<string, AttrValue>, ...keys: string[]): string | null {
  for (const k of keys) {
    const v = m.get(k);
    if (typeof v === "string" && v !== "") return v;
  }
  return null;
}

/** "1544712660000000000" (or a number) → BigInt nanoseconds, or null. */
function nanos(v: unknown): bigint | null {
  if (typeof v === "string" && /^\d{1,20}$/.test(v)) return BigInt(v);
  if (typeof v === "number" && Number.isFinite(v) && v >= 0) return BigInt(Math.trunc(v));
  return null;
}

/** SPAN_KIND_SERVER = 2 → inbound, SPAN_KIND_CLIENT = 3 → outbound; anything else is not traffic. */
function directionOfKind(kind: unknown): "inbound" | "outbound" | null {
  if (kind === 2 || kind === "SPAN_KIND_SERVER") return "inbound";
  if (kind === 3 || kind === "SPAN_KIND_CLIENT") return "outbound";
  return null;
}

const HEADER_PREFIX = "http.request.header.";

/** One span → an event, a problem, or null when it is not an HTTP server/client span. */
export function otlpSpanToEvent(
  span: unknown,
  location: string,
  decide: (host: string | null, hint?: Direction | null) => Direction = directionFor([]),
): TrafficEvent | IngestProblem | null {
  const s = obj(span);
  if (s === null) return { location, reason: "span is not an object" };
  const kind = directionOfKind(s.kind);
  if (kind === null) return null;
  const attrs = attributes(s.attributes);
  let rawMethod = firstString(attrs, "http.request.method", "http.method");
  if (rawMethod === null) return null;
  if (rawMethod === "_OTHER") rawMethod = firstString(attrs, "http.request.method_original") ?? rawMethod;
  const method = normaliseMethod(rawMethod);
  if (method === null) return { location, reason: "http method attribute is not an HTTP method token" };

  const full = firstString(attrs, "url.full", "http.url");
  const abs = full === null ? null : splitAbsoluteUrl(full);
  let path: string | null = firstString(attrs, "url.path");
  let query: string | null = firstString(attrs, "url.query");
  if (path === null) {
    const target = firstString(attrs, "http.target");
    const split = target !== null && target.startsWith("/") ? splitTarget(target) : abs;
    if (split) {
      path = split.path;
      query = query ?? split.query;
    } else {
      path = firstString(attrs, "http.route");
    }
  } else if (path === "") {
    path = "/";
  }
  if (path === null) return { location, reason: "HTTP span without url.full, url.path, http.target, http.url or http.route" };

  const urlHost = abs ? normaliseHost(abs.authority) : null;
  const host =
    kind === "inbound"
      ? normaliseHost(firstString(attrs, "server.address", "http.host", "net.host.name")) ?? urlHost
      : urlHost ?? normaliseHost(firstString(attrs, "server.address", "net.peer.name", "http.host"));

  const start = nanos(s.startTimeUnixNano);
  const end = nanos(s.endTimeUnixNano);
  const event: TrafficEvent = {
    direction: decide(host, kind),
    directionHint: kind,
    method,
    host,
    path,
    query,
    status: toStatus(attrs.get("http.response.status_code") ?? attrs.get("http.status_code")),
    durationMs: start !== null && end !== null && end >= start ? durationMs(Number(end - start) / 1e6) : null,
    timestamp: start !== null && start > 0n ? timestampMs(Number(start / 1_000_000n)) : null,
    location,
  };
  const headers: [string, string][] = [];
  for (const [k, v] of attrs) {
    if (!k.startsWith(HEADER_PREFIX)) continue;
    const name = k.slice(HEADER_PREFIX.length);
    for (const item of Array.isArray(v) ? v : [v]) if (typeof item === "string") headers.push([name, item]);
  }
  if (headers.length) event.requestHeaders = headers;
  return event;
}

const SPAN_FIELDS = new Set(["kind", "attributes", "startTimeUnixNano", "endTimeUnixNano"]);

/** Drops span fields no event needs (events with stack traces, links, status) before a span is assembled. */
function keepSpanField(keys: readonly string[], depth: number, key: string): boolean {
  return depth !== 7 || keys[1] !== "resourceSpans" || keys[5] !== "spans" || SPAN_FIELDS.has(key);
}

/** Streams HTTP spans of an OTLP/JSON export (one document, or one per line as the collector's file exporter writes). */
export async function* parseOtlp(input: TrafficInput, options: ParseTrafficOptions = {}): AsyncGenerator<TrafficBatch> {
  const counter: ReadCounter = { bytes: 0 };
  const decide = directionFor(options.app?.hosts);
  let documents = 0;
  let sawResourceSpans = false;
  const locations: string[] = [];
  let locHead = 0;
  const pick = PickMod.pick({
    filter: (stack) => {
      if (stack.length === 0) {
        documents++;
        return false;
      }
      if (stack[0] !== "resourceSpans") return false;
      sawResourceSpans = true;
      if (stack.length !== 6 || stack[4] !== "spans") return false;
      const group = stack[2];
      if (group !== "scopeSpans" && group !== "instrumentationLibrarySpans") return false;
      const prefix = documents > 1 ? `document ${documents}: ` : "";
      locations.push(`${prefix}$.resourceSpans[${stack[1]}].${group}[${stack[3]}].spans[${stack[5]}]`);
      return true;
    },
  });
  // root = 1, resourceSpans = 2, item = 3, scopeSpans = 4, item = 5, spans = 6: each span opens depth 7
  const limits = {
    maxStringChars: Math.max(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, 8192),
    unitDepth: 7,
    maxUnitTokens: MAX_UNIT_TOKENS,
    keep: keepSpanField,
  };
  const out = jsonPipeline(input, counter, options.onProgress, limits, [pick, StreamValuesMod.streamValues()], true);

  const batch = new Batcher();
  let spans = 0;
  try {
    for await (const item of out as AsyncIterable<{ key: number; value: unknown }>) {
      spans++;
      const location = locations[locHead++] ?? `span ${spans}`;
      if (locHead > 4096) {
        locations.splice(0, locHead);
        locHead = 0;
      }
      const result = otlpSpanToEvent(item.value, location, decide);
      if (result === null) batch.skipped++;
      else if ("direction" in result) batch.events.push(result);
      else batch.problems.push(result);
      if (batch.full) yield batch.take(counter.bytes);
    }
  } catch (err) {
    if (!isJsonSyntaxError(err)) throw err;
    throw new IngestInputError([
      { location: `byte ${counter.bytes}`, reason: `invalid or truncated JSON (read ${counter.bytes} bytes, ${spans} spans): ${err.message}` },
    ]);
  }
  if (!sawResourceSpans) {
    throw new IngestInputError([{ location: "$.resourceSpans", reason: "not found: the input is not an OTLP/JSON trace export" }]);
  }
  yield batch.take(counter.bytes);
}
