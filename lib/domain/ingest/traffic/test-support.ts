// Helpers for the traffic parser tests (not used by production code): reading the copied
// fixtures in test/fixtures/traffic, feeding input in fixed-size chunks, and collecting batches.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { IngestProblem, TrafficEvent, TrafficFormat } from "../types";
import { parseTraffic, type ParseTrafficOptions, type TrafficBatch } from "./index";

export const FIXTURES = fileURLToPath(new URL("../../../../test/fixtures/traffic/", import.meta.url));

export function fixture(name: string): Buffer {
  return readFileSync(FIXTURES + name);
}

/** Yields `data` in chunks of `size` bytes (splitting multi-byte characters and CRLF pairs freely). */
export async function* chunked(data: Buffer | string, size: number): AsyncGenerator<Buffer> {
  const buf = typeof data === "string" ? Buffer.from(data) : data;
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

export interface Collected {
  events: TrafficEvent[];
  problems: IngestProblem[];
  batches: TrafficBatch[];
  skipped: number;
  bytesRead: number;
}

export async function collect(
  data: Buffer | string | AsyncIterable<Buffer>,
  format: TrafficFormat,
  options: ParseTrafficOptions & { chunkSize?: number } = {},
): Promise<Collected> {
  const input = typeof data === "string" || Buffer.isBuffer(data) ? chunked(data, options.chunkSize ?? 64 * 1024) : data;
  const out: Collected = { events: [], problems: [], batches: [], skipped: 0, bytesRead: 0 };
  for await (const batch of parseTraffic(input, format, options)) {
    out.batches.push(batch);
    out.events.push(...batch.events);
    out.problems.push(...batch.problems);
    out.skipped += batch.skipped ?? 0;
    out.bytesRead = batch.bytesRead;
  }
  return out;
}
