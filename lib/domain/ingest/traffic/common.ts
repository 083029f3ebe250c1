// Shared plumbing of the traffic parsers: the byte source (BOM, progress, binary
// sniffing), a bounded line splitter that discards over-long lines without buffering
// them, host normalisation, the inbound/outbound rule of the ingest brief, and batching.

import type { IngestProblem, TrafficEvent } from "../types";

export interface TrafficBatch {
  events: TrafficEvent[];
  problems: IngestProblem[];
  /** Bytes of the input consumed so far (cumulative). */
  bytesRead: number;
  /** Records skipped as not HTTP traffic in this batch (OTLP spans without an HTTP method or of another kind). */
  skipped?: number;
}

export interface ParseTrafficOptions {
  /** The application's own host names ("api.example.com", "*.example.com"); a port is ignored. */
  app?: { hosts: string[] };
  /** Longest accepted line in bytes (line formats); default 64 KB. */
  maxLineBytes?: number;
  /** Request bodies (HAR postData) and any JSON string are cut to this many bytes; default 64 KB. */
  maxBodyBytes?: number;
  onProgress?: (bytesRead: number) => void;
}

export type TrafficInput = AsyncIterable<Buffer | string | Uint8Array> | NodeJS.ReadableStream;

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
export const BATCH_SIZE = 1000;

/** Counts what was read; shared between a byte source and the parser that reports batches. */
export interface ReadCounter {
  bytes: number;
}

function toBuffer(chunk: Buffer | string | Uint8Array): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === "string") return Buffer.from(chunk, "utf8");
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Yields the input as Buffers, counting bytes and dropping a leading UTF-8 byte-order mark
 * (even when it is split across chunks).
 */
export async function* byteSource(
  input: TrafficInput,
  counter: ReadCounter,
  onProgress?: (bytesRead: number) => void,
): AsyncGenerator<Buffer> {
  let head: Buffer | null = Buffer.alloc(0); // bytes held back until the BOM question is settled
  for await (const raw of input as AsyncIterable<Buffer | string | Uint8Array>) {
    let chunk = toBuffer(raw);
    if (chunk.length === 0) continue;
    counter.bytes += chunk.length;
    if (head !== null) {
      chunk = head.length ? Buffer.concat([head, chunk]) : chunk;
      if (chunk.length < 3 && isBomPrefix(chunk)) {
        head = chunk;
        continue;
      }
      head = null;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
      if (chunk.length === 0) continue;
    }
    onProgress?.(counter.bytes);
    yield chunk;
  }
  if (head !== null && head.length) yield head;
}

function isBomPrefix(b: Buffer): boolean {
  const bom = [0xef, 0xbb, 0xbf];
  for (let i = 0; i < b.length; i++) if (b[i] !== bom[i]) return false;
  return true;
}

/** True when the bytes look binary: NUL bytes, or (at the start of the input) a gzip/zip/zstd magic number. */
export function looksBinary(b: Buffer, atStart = true): boolean {
  if (!atStart) return b.indexOf(0) !== -1;
  if (b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b) return true; // gzip
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return true; // zip
  if (b.length >= 4 && b[0] === 0x28 && b[1] === 0xb5 && b[2] === 0x2f && b[3] === 0xfd) return true; // zstd
  return b.indexOf(0) !== -1;
}

/** Result of LineSplitter.next(): a line, the end of the data fed so far, or an over-long line skipped. */
export const LINE_TOO_LONG = false;

/**
 * Splits a byte stream into lines (LF or CRLF). A line longer than `maxLineBytes` is never
 * held: its bytes are discarded up to the next newline and `next()` returns LINE_TOO_LONG
 * once, with `lineNo` set to its number. Memory stays ≤ maxLineBytes plus one chunk.
 */
export class LineSplitter {
  lineNo = 0;
  private buf: Buffer | null = null;
  private pos = 0;
  private carry: Buffer[] = [];
  private carryLen = 0;
  private discarding = false;
  private ended = false;

  constructor(private readonly maxLineBytes: number) {}

  feed(chunk: Buffer): void {
    this.buf = chunk;
    this.pos = 0;
  }

  end(): void {
    this.ended = true;
  }

  /** The next complete line, null when more input is needed (or the input is finished), or LINE_TOO_LONG. */
  next(): string | null | typeof LINE_TOO_LONG {
    const buf = this.buf;
    if (buf === null) return this.ended ? this.flushEnd() : null;
    const nl = buf.indexOf(10, this.pos);
    if (nl === -1) {
      const rest = buf.length - this.pos;
      if (!this.discarding && rest > 0) {
        if (this.carryLen + rest > this.maxLineBytes + 1) {
          // +1: a CR before the next LF does not count towards the limit
          this.discarding = true;
          this.carry = [];
          this.carryLen = 0;
        } else {
          this.carry.push(buf.subarray(this.pos));
          this.carryLen += rest;
        }
      }
      this.buf = null;
      return this.ended ? this.flushEnd() : null;
    }
    this.lineNo++;
    const start = this.pos;
    this.pos = nl + 1;
    if (this.pos >= buf.length) this.buf = null;
    if (this.discarding) {
      this.discarding = false;
      return LINE_TOO_LONG;
    }
    if (this.carryLen === 0) return this.decode(buf, start, nl);
    const parts = this.carry;
    parts.push(buf.subarray(start, nl));
    const joined = Buffer.concat(parts, this.carryLen + (nl - start));
    this.carry = [];
    this.carryLen = 0;
    return this.decode(joined, 0, joined.length);
  }

  private flushEnd(): string | null | typeof LINE_TOO_LONG {
    if (this.discarding) {
      this.discarding = false;
      this.lineNo++;
      return LINE_TOO_LONG;
    }
    if (this.carryLen > 0) {
      const joined = Buffer.concat(this.carry, this.carryLen);
      this.carry = [];
      this.carryLen = 0;
      this.lineNo++;
      return this.decode(joined, 0, joined.length);
    }
    return null;
  }

  private decode(b: Buffer, start: number, end: number): string | typeof LINE_TOO_LONG {
    if (end > start && b[end - 1] === 13) end--;
    if (end - start > this.maxLineBytes) return LINE_TOO_LONG;
    return b.toString("utf8", start, end);
  }
}

export function formatKb(bytes: number): string {
  return bytes % 1024 === 0 ? `${bytes / 1024} KB` : `${bytes} bytes`;
}

/**
 * Lower-case host without port, brackets or trailing dot; null for empty or "-".
 * Accepts "Example.COM:8443", "[::1]:80", "host.", "user@host".
 */
export function normaliseHost(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  let h = raw.trim();
  if (h === "" || h === "-") return null;
  const at = h.lastIndexOf("@");
  if (at !== -1) h = h.slice(at + 1);
  if (h.startsWith("[")) {
    const close = h.indexOf("]");
    h = close === -1 ? h.slice(1) : h.slice(1, close);
  } else {
    const colon = h.indexOf(":");
    // a single colon is a port; several colons are a bare IPv6 address
    if (colon !== -1 && h.indexOf(":", colon + 1) === -1) h = h.slice(0, colon);
  }
  if (h.endsWith(".")) h = h.slice(0, -1);
  h = h.toLowerCase();
  return h === "" ? null : h;
}

/** Which way a call went: into the application (its own API) or out of it (a dependency). */
export type Direction = "inbound" | "outbound";

/**
 * A matcher for a set of host names ("api.example.com", "*.example.com" for its sub-domains; ports,
 * case and a trailing dot ignored). Takes normalised hosts (see normaliseHost).
 */
export function hostMatcher(hosts: readonly string[] | undefined): (host: string) => boolean {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  for (const raw of hosts ?? []) {
    const wildcard = raw.trim().startsWith("*.");
    const h = normaliseHost(wildcard ? raw.trim().slice(2) : raw);
    if (h === null) continue;
    if (wildcard) suffixes.push("." + h);
    else exact.add(h);
  }
  if (suffixes.length === 0) return (host) => exact.has(host);
  return (host) => {
    if (exact.has(host)) return true;
    for (const s of suffixes) if (host.endsWith(s)) return true;
    return false;
  };
}

/**
 * The direction rule of traffic ingestion, in this order:
 * 1. a host that is one of the application's own (declared with --host or on the Application page, or
 *    read from its specs' servers) is inbound, whatever the format says: an ingress gateway logs calls
 *    to the app as "outbound" to its upstream, and a client span to the app's own API is a call of that API;
 * 2. otherwise the format's own signal (`hint`) when it has one: Istio's upstream_cluster "inbound|…",
 *    an OpenTelemetry SERVER span, a web server's access log;
 * 3. otherwise a record without a host is inbound (an access log of the app itself), any other host outbound.
 */
export function directionFor(appHosts: readonly string[] | undefined): (host: string | null, hint?: Direction | null) => Direction {
  const own = hostMatcher(appHosts);
  return (host, hint) => {
    if (host === null) return hint ?? "inbound";
    if (own(host)) return "inbound";
    return hint ?? "outbound";
  };
}

/** Splits a request target "/a/b?x=1#f" into path and query (fragment dropped); "" path becomes "/". */
export function splitTarget(target: string): { path: string; query: string | null } {
  let end = target.length;
  const hash = target.indexOf("#");
  if (hash !== -1) end = hash;
  const q = target.indexOf("?");
  if (q !== -1 && q < end) {
    return { path: q === 0 ? "/" : target.slice(0, q), query: target.slice(q + 1, end) || null };
  }
  return { path: end === 0 ? "/" : end === target.length ? target : target.slice(0, end), query: null };
}

/**
 * Splits an absolute URL "https://Host:8443/p?q" as received (percent-encoding kept), or null
 * when it is not absolute http(s)/ws(s). Host validity is the caller's business.
 */
export function splitAbsoluteUrl(url: string): { authority: string; path: string; query: string | null } | null {
  const sep = url.indexOf("://");
  if (sep <= 0 || sep > 5) return null;
  const scheme = url.slice(0, sep).toLowerCase();
  if (scheme !== "http" && scheme !== "https" && scheme !== "ws" && scheme !== "wss") return null;
  const rest = url.slice(sep + 3);
  let cut = rest.length;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c === 47 /* / */ || c === 63 /* ? */ || c === 35 /* # */) {
      cut = i;
      break;
    }
  }
  const { path, query } = splitTarget(rest.slice(cut));
  return { authority: rest.slice(0, cut), path, query };
}

const METHOD_RE = /^[A-Za-z][A-Za-z0-9_-]{0,31}$/;

/** An HTTP method token, upper-cased, or null when it is not one. */
export function normaliseMethod(raw: unknown): string | null {
  if (typeof raw !== "string" || !METHOD_RE.test(raw)) return null;
  return raw.toUpperCase();
}

/** An HTTP status 100–599 from a number or numeric string, else null. */
export function toStatus(raw: unknown): number | null {
  const n = typeof raw === "number" ? raw : typeof raw === "string" && /^\d{3}$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= 100 && n <= 599 ? n : null;
}

/** A finite non-negative number from a number or numeric string, else null. */
export function toNumber(raw: unknown): number | null {
  if (typeof raw === "number") return Number.isFinite(raw) && raw >= 0 ? raw : null;
  if (typeof raw !== "string" || raw === "" || raw === "-") return null;
  const n = Number(raw);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Earliest and latest instants kept: years 0001–9999, which a Date and a PostgreSQL timestamptz both hold. */
export const MIN_TIMESTAMP_MS = -62_135_596_800_000;
export const MAX_TIMESTAMP_MS = 253_402_300_799_999;
/** Longest duration kept (about 115 days); a larger one is a broken log, and would overflow the stored latency sums. */
export const MAX_DURATION_MS = 1e10;

/** Epoch milliseconds, or null when not a number or outside years 0001–9999 (storing it would fail). */
export function timestampMs(ms: number | null): number | null {
  return ms !== null && Number.isFinite(ms) && ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS ? ms : null;
}

/** A duration in milliseconds, or null when not a finite number in 0…MAX_DURATION_MS. */
export function durationMs(ms: number | null): number | null {
  return ms !== null && Number.isFinite(ms) && ms >= 0 && ms <= MAX_DURATION_MS ? ms : null;
}

/** Cuts a string to at most `maxBytes` UTF-8 bytes without splitting a character. */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (s.length * 3 <= maxBytes) return s;
  if (Buffer.byteLength(s, "utf8") <= maxBytes) return s;
  let cut = Buffer.from(s, "utf8").subarray(0, maxBytes).toString("utf8");
  if (cut.endsWith("\uFFFD")) cut = cut.slice(0, -1);
  return cut;
}

/** Collects events and problems and hands out batches of about BATCH_SIZE items. */
export class Batcher {
  events: TrafficEvent[] = [];
  problems: IngestProblem[] = [];
  skipped = 0;

  get full(): boolean {
    return this.events.length + this.problems.length >= BATCH_SIZE;
  }

  get empty(): boolean {
    return this.events.length === 0 && this.problems.length === 0;
  }

  take(bytesRead: number): TrafficBatch {
    const batch = { events: this.events, problems: this.problems, bytesRead, skipped: this.skipped };
    this.events = [];
    this.problems = [];
    this.skipped = 0;
    return batch;
  }
}
