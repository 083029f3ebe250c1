import "server-only";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { DecodeJob } from "./decode-worker";
import { prepareTraces, type OtlpLimits, type OtlpRequest } from "./receiver";

type Prepared = Awaited<ReturnType<typeof prepareTraces>>;

/**
 * One worker thread that decodes OTLP exports for the front process of `npm start`. Decoding and
 * checking a 512-span export takes 10–20 ms of CPU; on the front process's own thread that would hold
 * up the decision point's answers behind it, and its small young generation (package.json's
 * --max-semi-space-size=1, chosen for the decisions) would double the cost. The thread has its own heap
 * with a normal young generation, and runs on the other core. If it cannot start, or dies, exports are
 * decoded in line, as the Next.js route does.
 */
class DecodeThread {
  private worker: Worker | null = null;
  private failed = false;
  private nextId = 1;
  private pending = new Map<number, { resolve: (p: Prepared) => void; reject: (e: Error) => void; request: OtlpRequest; limits: Pick<OtlpLimits, "maxBodyBytes"> }>();

  private start(): Worker | null {
    if (this.worker || this.failed) return this.worker;
    try {
      // The front process runs under tsx; the entry registers tsx in the thread (it does not inherit --import).
      const worker = new Worker(path.join(process.cwd(), "lib/server/otlp/decode-worker.mjs"), { resourceLimits: { maxYoungGenerationSizeMb: 48, maxOldGenerationSizeMb: 512 } });
      worker.unref();
      worker.on("message", (m: { id: number; result?: Prepared; error?: string }) => {
        const job = this.pending.get(m.id);
        if (!job) return;
        this.pending.delete(m.id);
        if (m.result) job.resolve(m.result);
        else job.reject(new Error(m.error ?? "the OTLP decode thread failed"));
      });
      const fail = (error: Error) => {
        if (this.worker !== worker) return;
        console.error("[otlp] decode thread stopped; decoding in the front process from now on:", error.message);
        this.worker = null;
        this.failed = true;
        // What it held is decoded in line: an export is never refused because the thread went away.
        for (const job of this.pending.values()) prepareTraces(job.request, job.limits).then(job.resolve, job.reject);
        this.pending.clear();
      };
      worker.on("error", fail);
      worker.on("exit", (code) => fail(new Error(`exited with code ${code}`)));
      this.worker = worker;
    } catch (error) {
      console.error("[otlp] cannot start the decode thread; decoding in the front process:", error);
      this.failed = true;
    }
    return this.worker;
  }

  state(): "not started" | "thread" | "in line" {
    return this.worker ? "thread" : this.failed ? "in line" : "not started";
  }

  prepare(request: OtlpRequest, limits: Pick<OtlpLimits, "maxBodyBytes">): Promise<Prepared> {
    const worker = this.start();
    if (!worker) return prepareTraces(request, limits);
    const id = this.nextId++;
    return new Promise<Prepared>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, request, limits });
      const job: DecodeJob = { id, request, maxBodyBytes: limits.maxBodyBytes };
      worker.postMessage(job);
    });
  }
}

let thread: DecodeThread | null = null;

/** prepareTraces on the front process's decode thread (in line when the thread is not available). */
export function prepareTracesOffThread(request: OtlpRequest, limits: Pick<OtlpLimits, "maxBodyBytes">): Promise<Prepared> {
  thread ??= new DecodeThread();
  return thread.prepare(request, limits);
}

/** Where exports are decoded now: on the thread, in line (it could not start or died), or not yet asked. */
export function decodeThreadState(): "not started" | "thread" | "in line" {
  return thread?.state() ?? "not started";
}
