// The OTLP receive process of `npm start`'s front process (receive-process.ts forks it). It runs the
// receiver's own code on the exports the front process has authenticated and read: gunzip, decode,
// validate and split (prepareTraces), then the queue's INSERT (storeTraces) on its own small pool, and
// hands back only the answer. A process of its own, not a worker thread: V8's heap flags are per process,
// and the front process's small young generation (chosen for the decision point) would double the cost
// of decoding; and the export's large texts (the queued spans, ~200 KB each) would grow the front
// process's old generation and bring its full collections, and their pauses, about once a second.
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import type { DatabaseHandle } from "@/db/client";
import { openDatabase } from "@/db/client";
import type { Actor } from "../actor";
import { sampleTraceRequest } from "./codec";
import { prepareTraces, storeTraces, type OtlpAnswer, type OtlpLimits, type OtlpRequest } from "./receiver";

export interface ReceiveJob {
  id: number;
  request: OtlpRequest;
  limits: OtlpLimits;
  /** The database to queue on, and who sent the export (the front process checked the token). */
  store: { databaseUrl: string; actor: Actor };
}

export type ReceiveReply = { id: number; answer: OtlpAnswer; busyMs: number } | { id: number; error: string };

const databases = new Map<string, Promise<DatabaseHandle>>();

function database(url: string): Promise<DatabaseHandle> {
  let handle = databases.get(url);
  if (!handle) {
    // A few connections: one INSERT per export, a handful at once at most.
    handle = openDatabase({ url, dataDir: "unused", max: 4 });
    handle.catch(() => databases.delete(url));
    databases.set(url, handle);
  }
  return handle;
}

async function run(job: ReceiveJob): Promise<ReceiveReply> {
  const startedAt = performance.now();
  const prepared = await prepareTraces(job.request, job.limits);
  if ("answer" in prepared) return { id: job.id, answer: prepared.answer, busyMs: performance.now() - startedAt };
  const { db } = await database(job.store.databaseUrl);
  const answer = await storeTraces(db, job.store.actor, prepared.prepared, job.limits);
  return { id: job.id, answer, busyMs: performance.now() - startedAt };
}

/** The decoder and the checks compiled before the first export arrives (about 200 ms of CPU, once). */
async function warmUp(): Promise<void> {
  const body = sampleTraceRequest(512);
  for (let i = 0; i < 20; i++) {
    await prepareTraces({ contentType: "application/x-protobuf", contentEncoding: null, body }, { maxBodyBytes: 16 * 1024 * 1024 });
    await new Promise((resolve) => setImmediate(resolve));
  }
}

if (process.send) {
  const warm = warmUp();
  process.on("message", (message: ReceiveJob | { connect: string }) => {
    if ("connect" in message) {
      // The pool's first connection, opened before the first export needs it; then "ready" (a failure
      // to connect shows with the first export, as the 503 it is).
      database(message.connect)
        .then(({ db }) => db.execute(sql`select 1`))
        .catch(() => undefined)
        .then(() => warm)
        .then(() => process.send?.({ ready: true }));
      return;
    }
    run(message).then(
      (reply) => process.send?.(reply),
      (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  // The front process went away: so does this one.
  process.on("disconnect", () => process.exit(0));
}
