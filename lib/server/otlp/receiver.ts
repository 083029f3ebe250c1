import "server-only";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { otlpQueue } from "@/db/schema";
import { splitExport } from "@/lib/domain/ingest/otlp-export";
import { otlpTraceRequestSchema } from "@/lib/validation/otlp";
import type { Actor } from "../actor";
import { rowsOf } from "../db-results";
import { decodeTraceRequestForQueue, encodeStatus, encodeTraceResponse, gunzipBounded, OtlpBodyTooLargeError, OtlpDecodeError } from "./codec";

/**
 * POST /v1/traces, the OTLP/HTTP trace receiver (https://opentelemetry.io/docs/specs/otlp/#otlphttp),
 * shared by the front process of `npm start` (bearer tokens, answered in process) and the Next.js route
 * (lib/server/otlp/http.ts adapts both). It validates the export, appends its HTTP spans to the durable
 * queue (otlp_queue) in one statement and answers: the fold (fold.ts) turns queued spans into ingest runs
 * later, so an exporter waits for one INSERT, never for an ingest. Receiving is not audited per request
 * (an exporter sends several a second); each fold's ingest run is, with the token that sent the spans.
 */

export const OTLP_LIMITS = {
  /** Largest body accepted, before and after gunzip (the Collector's own receiver default is 20 MiB). */
  maxBodyBytes: 16 * 1024 * 1024,
  /** Queued spans not yet folded beyond which exports are refused with 503 and Retry-After. */
  maxQueuedSpans: 1_000_000,
  /** Exports read at once by one process; more are refused with 429 and Retry-After. */
  maxConcurrent: 64,
  retryAfterSeconds: 5,
  /**
   * SIBYL_OTLP_ASYNC_COMMIT=on: the queue's INSERT commits without waiting for PostgreSQL to flush its
   * WAL (synchronous_commit = off for that transaction only). An export is then answered before its
   * spans are on disk: a crash of PostgreSQL itself (not of Sibyl) can lose the last acknowledged
   * fraction of a second of spans (up to three wal_writer_delay). Off by default: an answered export
   * is durable.
   */
  asyncCommit: process.env.SIBYL_OTLP_ASYNC_COMMIT === "on",
};

export type OtlpLimits = typeof OTLP_LIMITS;

export interface OtlpAnswer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | string;
}

type Encoding = "protobuf" | "json";

/** The request's encoding from its Content-Type, or null when it is neither of OTLP/HTTP's two. */
export function encodingOf(contentType: string | null): Encoding | null {
  const media = (contentType ?? "").split(";")[0].trim().toLowerCase();
  return media === "application/x-protobuf" ? "protobuf" : media === "application/json" ? "json" : null;
}

/** An error answer in the request's encoding: a google.rpc.Status (OTLP/HTTP's failure body). */
export function otlpError(encoding: Encoding | null, status: number, message: string, headers: Record<string, string> = {}): OtlpAnswer {
  // gRPC codes the Status carries: 3 invalid argument, 8 resource exhausted, 14 unavailable, 16 unauthenticated, 7 permission denied.
  const code = status === 401 ? 16 : status === 403 ? 7 : status === 429 || status === 413 ? 8 : status === 503 ? 14 : 3;
  const base = { "cache-control": "no-store", ...headers };
  if (encoding === "protobuf") return { status, headers: { ...base, "content-type": "application/x-protobuf" }, body: encodeStatus(code, message) };
  return { status, headers: { ...base, "content-type": "application/json" }, body: JSON.stringify({ code, message }) };
}

export function retryLater(encoding: Encoding | null, status: 429 | 503, message: string, limits: OtlpLimits = OTLP_LIMITS): OtlpAnswer {
  return otlpError(encoding, status, message, { "retry-after": String(limits.retryAfterSeconds) });
}

/** Queued spans, read at most every 250 ms per process (and counted up by this process's own appends in between). */
class QueueDepth {
  private value = 0;
  private readAt = 0;
  private reading: Promise<number> | null = null;

  async current(db: Db): Promise<number> {
    if (Date.now() - this.readAt < 250) return this.value;
    this.reading ??= (async () => {
      try {
        const [row] = rowsOf<{ spans: string | number | null }>(await db.execute(sql`select coalesce(sum(${otlpQueue.spanCount}), 0) as spans from ${otlpQueue}`));
        this.value = Number(row?.spans ?? 0);
        this.readAt = Date.now();
        return this.value;
      } finally {
        this.reading = null;
      }
    })();
    return this.reading;
  }

  added(spans: number): void {
    this.value += spans;
  }
}

const depths = new WeakMap<Db, QueueDepth>();
let inFlight = 0;

/** A slot for one export being read and queued; false when this process already holds maxConcurrent. */
export function enterReceiver(limits: OtlpLimits = OTLP_LIMITS): boolean {
  if (inFlight >= limits.maxConcurrent) return false;
  inFlight++;
  return true;
}

export function leaveReceiver(): void {
  inFlight = Math.max(0, inFlight - 1);
}

export interface OtlpRequest {
  contentType: string | null;
  contentEncoding: string | null;
  /** The body as received (still gzipped when Content-Encoding says so), at most limits.maxBodyBytes. */
  body: Uint8Array;
}

/** An export decoded and checked, ready to queue: what prepareTraces hands to storeTraces. */
export interface PreparedExport {
  encoding: Encoding;
  rows: { serviceName: string; appSlug: string; spans: string; spanCount: number }[];
  queued: number;
  rejected: number;
  errorMessage: string | null;
  /** Milliseconds spent decoding (gunzip, protobuf or JSON) and checking the spans. */
  decodeMs: number;
  checkMs: number;
}

/**
 * The CPU part of receiving an export, with no database and no actor: gunzip, decode, validate, split
 * into the queue's rows. The front process runs it, and storeTraces, in a child process
 * (otlp/receive-worker.ts), so that decoding a large batch never holds up its event loop; the Next.js
 * route runs both in line.
 */
export async function prepareTraces(request: OtlpRequest, limits: Pick<OtlpLimits, "maxBodyBytes"> = OTLP_LIMITS): Promise<{ answer: OtlpAnswer } | { prepared: PreparedExport }> {
  const startedAt = performance.now();
  const encoding = encodingOf(request.contentType);
  if (!encoding) return { answer: otlpError(null, 415, "Content-Type must be application/x-protobuf or application/json") };
  const contentEncoding = (request.contentEncoding ?? "identity").trim().toLowerCase();
  if (contentEncoding !== "gzip" && contentEncoding !== "identity" && contentEncoding !== "") return { answer: otlpError(encoding, 415, "Content-Encoding must be gzip or none") };

  let parsed: unknown;
  try {
    const body = contentEncoding === "gzip" ? await gunzipBounded(request.body, limits.maxBodyBytes) : request.body;
    if (encoding === "protobuf") parsed = decodeTraceRequestForQueue(body);
    else {
      try {
        parsed = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
      } catch (error) {
        throw new OtlpDecodeError(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } catch (error) {
    if (error instanceof OtlpBodyTooLargeError) return { answer: otlpError(encoding, 413, `${error.message} once decompressed`) };
    if (error instanceof OtlpDecodeError) return { answer: otlpError(encoding, 400, error.message) };
    throw error;
  }
  const decodedAt = performance.now();
  const checked = otlpTraceRequestSchema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    return { answer: otlpError(encoding, 400, `not an ExportTraceServiceRequest: ${issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "invalid"}`) };
  }
  const split = splitExport(checked.data);
  // Exporters never send an empty export; refusing it keeps a probe with `{}` from passing for a delivery.
  if (split.received === 0) return { answer: otlpError(encoding, 400, "the export holds no spans") };
  const rows = split.services.map((s) => ({ serviceName: s.serviceName.slice(0, 300), appSlug: s.appSlug, spans: `[${s.spans.join(",")}]`, spanCount: s.spans.length }));
  return { prepared: { encoding, rows, queued: split.queued, rejected: split.rejected, errorMessage: split.errorMessage, decodeMs: decodedAt - startedAt, checkMs: performance.now() - decodedAt } };
}

/** Queues a prepared export's spans for the actor (allowed ingest.write) and answers. */
export async function storeTraces(db: Db, actor: Actor, prepared: PreparedExport, limits: OtlpLimits = OTLP_LIMITS): Promise<OtlpAnswer> {
  const { encoding } = prepared;
  const startedAt = performance.now();
  if (prepared.queued > 0) {
    let depth = depths.get(db);
    if (!depth) depths.set(db, (depth = new QueueDepth()));
    try {
      if ((await depth.current(db)) + prepared.queued > limits.maxQueuedSpans) {
        return retryLater(encoding, 503, `Sibyl's span queue is full (${limits.maxQueuedSpans.toLocaleString("en")} spans wait to be folded); retry later`, limits);
      }
      const rows = prepared.rows.map((r) => ({ ...r, tokenId: actor.tokenId ?? null, userId: actor.userId ?? null }));
      if (limits.asyncCommit) {
        await db.transaction(async (tx) => {
          await tx.execute(sql`set local synchronous_commit = off`);
          await tx.insert(otlpQueue).values(rows);
        });
      } else await db.insert(otlpQueue).values(rows);
      depth.added(prepared.queued);
    } catch (error) {
      // The spans are not stored: a retryable answer, so that the exporter sends them again.
      console.error("[otlp] could not queue spans:", error);
      return retryLater(encoding, 503, "Sibyl could not store the spans just now; retry later", limits);
    }
  }

  // Server-Timing parts: decoding (gunzip, protobuf or JSON), checking the spans, storing them.
  const serverTiming = `decode;dur=${prepared.decodeMs.toFixed(1)}, check;dur=${prepared.checkMs.toFixed(1)}, store;dur=${(performance.now() - startedAt).toFixed(1)}`;
  const headers = { "cache-control": "no-store", "content-type": encoding === "protobuf" ? "application/x-protobuf" : "application/json", "server-timing": serverTiming };
  if (encoding === "protobuf") return { status: 200, headers, body: encodeTraceResponse(prepared.rejected, prepared.errorMessage) };
  const response = prepared.rejected > 0 ? { partialSuccess: { rejectedSpans: String(prepared.rejected), errorMessage: prepared.errorMessage ?? "" } } : {};
  return { status: 200, headers, body: JSON.stringify(response) };
}

/** Validates an export from an authenticated actor (allowed ingest.write), queues its HTTP spans and answers. */
export async function receiveTraces(db: Db, actor: Actor, request: OtlpRequest, limits: OtlpLimits = OTLP_LIMITS): Promise<OtlpAnswer> {
  const result = await prepareTraces(request, limits);
  return "answer" in result ? result.answer : storeTraces(db, actor, result.prepared, limits);
}
