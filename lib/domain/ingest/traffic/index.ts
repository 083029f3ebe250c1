// Entry point of traffic ingestion: streams a log (HAR, Envoy/Istio JSON, nginx/Apache, OTLP/JSON)
// into batches of ~1,000 TrafficEvents with line- or path-located problems, holding at most one
// line / one JSON entry at a time. Per-format rules live in har.ts, envoy.ts, nginx.ts and otlp.ts.

import { IngestInputError, type TrafficFormat } from "../types";
import {
  Batcher,
  byteSource,
  DEFAULT_MAX_LINE_BYTES,
  directionFor,
  formatKb,
  LINE_TOO_LONG,
  LineSplitter,
  looksBinary,
  type ParseTrafficOptions,
  type ReadCounter,
  type TrafficBatch,
  type TrafficInput,
} from "./common";
import { parseEnvoyLine, type LineContext, type LineResult } from "./envoy";
import { parseHar } from "./har";
import { parseNginxLine } from "./nginx";
import { otlpSpanToEvent, parseOtlp } from "./otlp";

export type { ParseTrafficOptions, TrafficBatch, TrafficInput } from "./common";
export { detectTrafficFormat } from "./detect";

type LineParser = (line: string, location: string, ctx: LineContext) => LineResult;

/**
 * Streams `input` as `format` into batches. Every call yields at least one (last) batch, whose
 * `bytesRead` is the input's size. Throws IngestInputError when the input cannot be read at all
 * (binary data for a line format, broken or non-matching JSON for HAR/OTLP).
 */
export function parseTraffic(
  input: TrafficInput,
  format: TrafficFormat,
  options: ParseTrafficOptions = {},
): AsyncGenerator<TrafficBatch> {
  switch (format) {
    case "har":
      return parseHar(input, options);
    case "otlp":
      return parseOtlp(input, options);
    case "envoy":
      return parseLines(input, parseEnvoyLine, options);
    case "nginx":
      return parseLines(input, parseNginxLine, options);
    default:
      throw new IngestInputError([{ location: "format", reason: `unknown traffic format ${String(format)}` }]);
  }
}

/** A span line of the OTLP receiver's queue is at most one export (OTLP_LIMITS.maxBodyBytes). */
const QUEUED_SPAN_MAX_BYTES = 16 * 1024 * 1024;

/**
 * The OTLP receiver's queue as its fold streams it: one OTLP/JSON span (reduced to kind, attributes and
 * times) per line, each parsed whole. The receiver has already bounded and checked every span, so the
 * streaming JSON parser an uploaded export of any size needs (parseOtlp) is not needed here, and
 * JSON.parse per span is many times faster. A line that is not a span is reported as a problem.
 */
export function parseQueuedOtlpSpans(input: TrafficInput, options: ParseTrafficOptions = {}): AsyncGenerator<TrafficBatch> {
  return parseLines(
    input,
    (line, location, ctx) => {
      if (!line.trim()) return null;
      let span: unknown;
      try {
        span = JSON.parse(line);
      } catch {
        return "not an OTLP/JSON span";
      }
      const result = otlpSpanToEvent(span, location, ctx.direction);
      if (result === null) return null;
      return "direction" in result ? result : result.reason;
    },
    { maxLineBytes: QUEUED_SPAN_MAX_BYTES, ...options },
  );
}

async function* parseLines(input: TrafficInput, parseLine: LineParser, options: ParseTrafficOptions): AsyncGenerator<TrafficBatch> {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const tooLong = `line is longer than ${formatKb(maxLineBytes)}`;
  const ctx: LineContext = { direction: directionFor(options.app?.hosts) };
  const counter: ReadCounter = { bytes: 0 };
  const splitter = new LineSplitter(maxLineBytes);
  const batch = new Batcher();
  let sniffed = 0; // bytes checked for binary content so far

  const drain = function* (): Generator<TrafficBatch> {
    for (;;) {
      const line = splitter.next();
      if (line === null) return;
      const location = `line ${splitter.lineNo}`;
      if (line === LINE_TOO_LONG) {
        batch.problems.push({ location, reason: tooLong });
      } else {
        const result = parseLine(line, location, ctx);
        if (result !== null) {
          if (typeof result === "string") batch.problems.push({ location, reason: result });
          else batch.events.push(result);
        }
      }
      if (batch.full) yield batch.take(counter.bytes);
    }
  };

  for await (const chunk of byteSource(input, counter, options.onProgress)) {
    if (sniffed < 4096) {
      // only the start: a log with one stray NUL later on is still a log
      if (looksBinary(chunk.subarray(0, 4096 - sniffed), sniffed === 0)) {
        throw new IngestInputError([
          { location: `byte ${sniffed}`, reason: "the input is binary (NUL bytes or a compressed archive), not a text log" },
        ]);
      }
      sniffed += chunk.length;
    }
    splitter.feed(chunk);
    yield* drain();
  }
  splitter.end();
  yield* drain();
  yield batch.take(counter.bytes);
}
