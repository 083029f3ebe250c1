// Run by otlp-receiver.test.ts as the front process runs (node with package.json's start flags and
// tsx): receives one protobuf export of 300 HTTP spans in the OTLP receive process, on the database named
// by SIBYL_TEST_DATABASE_URL, and prints where it was received and whether the queued rows are the ones
// the receiver gives in line.
// SIBYL_TEST_DATABASE_URL=… node --max-semi-space-size=1 --conditions=react-server --import tsx <this>
import { isDeepStrictEqual } from "node:util";
import { eq } from "drizzle-orm";
import { openDatabase } from "@/db/client";
import { otlpQueue } from "@/db/schema";
import { sampleTraceRequest } from "@/lib/server/otlp/codec";
import { receiveProcessState, receiveTracesElsewhere } from "@/lib/server/otlp/receive-process";
import { OTLP_LIMITS, prepareTraces } from "@/lib/server/otlp/receiver";

async function main(): Promise<void> {
  const handle = await openDatabase({ url: process.env.SIBYL_TEST_DATABASE_URL, dataDir: "unused" });
  try {
    const actor = { label: "receive-process test", role: "developer" as const };
    const request = { contentType: "application/x-protobuf", contentEncoding: null, body: sampleTraceRequest(300, "Decode Thread Shop") };
    const before = receiveProcessState();
    const received = await receiveTracesElsewhere(handle, actor, request, OTLP_LIMITS);
    const state = receiveProcessState();
    const queued = await handle.db.select({ appSlug: otlpQueue.appSlug, spans: otlpQueue.spans, spanCount: otlpQueue.spanCount }).from(otlpQueue).where(eq(otlpQueue.appSlug, "decode-thread-shop"));
    await handle.db.delete(otlpQueue).where(eq(otlpQueue.appSlug, "decode-thread-shop"));
    const inLine = await prepareTraces(request, OTLP_LIMITS);
    const expected = "prepared" in inLine ? inLine.prepared.rows.map((r) => ({ appSlug: r.appSlug, spans: r.spans, spanCount: r.spanCount })) : null;
    const bad = await receiveTracesElsewhere(handle, actor, { contentType: "application/x-protobuf", contentEncoding: null, body: new Uint8Array([0x0a, 0xff, 0xff]) }, OTLP_LIMITS);
    process.stdout.write(`${JSON.stringify({ before, state, status: received.answer.status, same: isDeepStrictEqual(queued, expected), rows: queued.map((r) => [r.appSlug, r.spanCount]), badStatus: bad.answer.status })}\n`);
  } finally {
    await handle.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
