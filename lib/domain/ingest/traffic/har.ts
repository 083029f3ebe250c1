// HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) → TrafficEvent, one per
// `log.entries[i]`, streamed with stream-json (parser → pick log.entries → streamArray) so a
// large HAR is never one object. Invalid URLs are problems; broken JSON throws IngestInputError.

import PickMod from "stream-json/filters/Pick";
import StreamArrayMod from "stream-json/streamers/StreamArray";
import { IngestInputError, type IngestProblem, type TrafficEvent } from "../types";
import {
  Batcher,
  DEFAULT_MAX_BODY_BYTES,
  directionFor,
  durationMs,
  normaliseHost,
  normaliseMethod,
  splitAbsoluteUrl,
  toNumber,
  timestampMs,
  toStatus,
  truncateUtf8,
  type ParseTrafficOptions,
  type ReadCounter,
  type TrafficBatch,
  type TrafficInput,
} from "./common";
import { isJsonSyntaxError, jsonPipeline, MAX_UNIT_TOKENS, TRUNCATED_KEY } from "./json-tokens";

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | null {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : null;
}

const WEB_SCHEMES = new Set(["http:", "https:", "ws:", "wss:"]);

/** One HAR entry → an event, a problem, or null (a non-HTTP URL such as data: or blob:, skipped). */
export function harEntryToEvent(
  entry: unknown,
  index: number,
  direction: (host: string | null) => "inbound" | "outbound",
  maxBodyBytes: number,
): TrafficEvent | IngestProblem | null {
  const at = `$.log.entries[${index}]`;
  const e = obj(entry);
  if (e === null) return { location: at, reason: "entry is not an object" };
  const request = obj(e.request);
  if (request === null) return { location: `${at}.request`, reason: "no request object" };
  const method = normaliseMethod(request.method);
  if (method === null) return { location: `${at}.request.method`, reason: "not an HTTP method token" };
  const rawUrl = request.url;
  if (typeof rawUrl !== "string" || rawUrl === "") return { location: `${at}.request.url`, reason: "no URL" };
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return { location: `${at}.request.url`, reason: "not a valid absolute URL" };
  }
  if (!WEB_SCHEMES.has(url.protocol)) return null;
  const host = normaliseHost(url.hostname);
  // path and query as received; the URL parser would re-encode and resolve dot segments
  const raw = splitAbsoluteUrl(rawUrl);
  const path = raw?.path ?? (url.pathname || "/");
  const query = raw ? raw.query : url.search.length > 1 ? url.search.slice(1) : null;

  const event: TrafficEvent = {
    direction: direction(host),
    method,
    host,
    path,
    query,
    status: toStatus(obj(e.response)?.status),
    durationMs: durationMs(toNumber(e.time)),
    timestamp: null,
    location: at,
  };
  if (typeof e.startedDateTime === "string") {
    event.timestamp = timestampMs(Date.parse(e.startedDateTime));
  }
  if (Array.isArray(request.headers)) {
    const headers: [string, string][] = [];
    for (const h of request.headers) {
      const ho = obj(h);
      if (ho && typeof ho.name === "string" && typeof ho.value === "string") headers.push([ho.name, ho.value]);
    }
    event.requestHeaders = headers;
  }
  const text = obj(request.postData)?.text;
  if (typeof text === "string" && text !== "") event.requestBody = truncateUtf8(text, maxBodyBytes);
  return event;
}

const ENTRY_FIELDS = new Set(["request", "response", "startedDateTime", "time"]);
const REQUEST_FIELDS = new Set(["method", "url", "headers", "postData"]);

/**
 * Drops what no event needs before it is assembled (response bodies and headers, timings, cookies,
 * queryString, postData.params): keys[1] = "log", keys[2] = "entries", entry fields at depth 4.
 */
function keepHarField(keys: readonly string[], depth: number, key: string): boolean {
  if (depth < 4 || keys[1] !== "log" || keys[2] !== "entries") return true;
  if (depth === 4) return ENTRY_FIELDS.has(key);
  if (depth === 5) return keys[4] === "request" ? REQUEST_FIELDS.has(key) : keys[4] === "response" ? key === "status" : true;
  if (depth === 6 && keys[4] === "request" && keys[5] === "postData") return key === "text";
  return true;
}

/** Streams the events of a HAR file in batches. Throws IngestInputError when the JSON breaks off or is not a HAR. */
export async function* parseHar(input: TrafficInput, options: ParseTrafficOptions = {}): AsyncGenerator<TrafficBatch> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const direction = directionFor(options.app?.hosts);
  const counter: ReadCounter = { bytes: 0 };
  let sawEntries = false;
  const pick = PickMod.pick({
    filter: (stack) => {
      const hit = stack.length === 2 && stack[0] === "log" && stack[1] === "entries";
      if (hit) sawEntries = true;
      return hit;
    },
    once: true,
  });
  // root object = depth 1, log = 2, entries array = 3: each entry object opens depth 4
  let entriesRead = 0; // counted as the parser closes them, ahead of what reached this loop
  const limits = {
    maxStringChars: Math.max(maxBodyBytes, 8192),
    unitDepth: 4,
    maxUnitTokens: MAX_UNIT_TOKENS,
    keep: keepHarField,
    onUnitEnd: (keys: readonly string[]) => {
      if (keys[1] === "log" && keys[2] === "entries") entriesRead++;
    },
  };
  const out = jsonPipeline(input, counter, options.onProgress, limits, [pick, StreamArrayMod.streamArray()], false);

  const batch = new Batcher();
  try {
    for await (const item of out as AsyncIterable<{ key: number; value: unknown }>) {
      const result = harEntryToEvent(item.value, item.key, direction, maxBodyBytes);
      if (result !== null) {
        if ("direction" in result) batch.events.push(result);
        else batch.problems.push(result);
      }
      if (obj(item.value)?.[TRUNCATED_KEY] === true) {
        batch.problems.push({ location: `$.log.entries[${item.key}]`, reason: `entry is too large; only its first ${MAX_UNIT_TOKENS} JSON tokens were read` });
      }
      if (batch.full) yield batch.take(counter.bytes);
    }
  } catch (err) {
    if (!isJsonSyntaxError(err)) throw err;
    const where = sawEntries ? `$.log.entries[${entriesRead}]` : `byte ${counter.bytes}`;
    throw new IngestInputError([
      { location: where, reason: `invalid or truncated JSON (read ${counter.bytes} bytes, ${entriesRead} complete entries): ${err.message}` },
    ]);
  }
  if (!sawEntries) {
    throw new IngestInputError([{ location: "$.log.entries", reason: "not found: the input is not a HAR file" }]);
  }
  yield batch.take(counter.bytes); // always a last batch: it carries the final byte count
}
