import "server-only";
import path from "node:path";
import { fork, type ChildProcess } from "node:child_process";
import type { DecodeJob } from "./decode-worker";
import { prepareTraces, type OtlpLimits, type OtlpRequest } from "./receiver";

type Prepared = Awaited<ReturnType<typeof prepareTraces>>;

/**
 * One child process that decodes OTLP exports for the front process of `npm start`. Decoding and
 * checking a 512-span export takes about 10 ms of CPU; on the front process's own thread that would
 * hold up the decision point's answers behind it, and its small young generation (package.json's
 * --max-semi-space-size=1, chosen for the decisions; V8 applies it to every thread of the process, so
 * a worker thread would not escape it) doubles the cost. The child runs with Node's default heap, on
 * the other core. If it cannot start, or dies, exports are decoded in line, as the Next.js route does.
 */
class DecodeProcess {
  private worker: ChildProcess | null = null;
  private failed = false;
  private nextId = 1;
  private pending = new Map<number, { resolve: (p: Prepared) => void; reject: (e: Error) => void; request: OtlpRequest; limits: Pick<OtlpLimits, "maxBodyBytes"> }>();

  private start(): ChildProcess | null {
    if (this.worker || this.failed) return this.worker;
    try {
      // Not the front process's heap flags: tsx and the react-server condition only.
      const worker = fork(path.join(process.cwd(), "lib/server/otlp/decode-worker.ts"), [], { execArgv: ["--conditions=react-server", "--import", "tsx"], serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
      worker.on("message", (m: { id: number; result?: Prepared; error?: string }) => {
        const job = this.pending.get(m.id);
        if (!job) return;
        this.pending.delete(m.id);
        if (!this.pending.size) worker.channel?.unref();
        if (m.result) job.resolve(m.result);
        else job.reject(new Error(m.error ?? "the OTLP decode process failed"));
      });
      const fail = (error: Error) => {
        if (this.worker !== worker) return;
        console.error("[otlp] decode process stopped; decoding in the front process from now on:", error.message);
        this.worker = null;
        this.failed = true;
        // What it held is decoded in line: an export is never refused because the process went away.
        for (const job of this.pending.values()) prepareTraces(job.request, job.limits).then(job.resolve, job.reject);
        this.pending.clear();
      };
      worker.on("error", fail);
      worker.on("exit", (code, signal) => fail(new Error(`exited with ${signal ?? `code ${code}`}`)));
      // Not kept alive for its sake while idle: the front process exits when its server closes, and the
      // child follows (disconnect). A job waiting for its answer holds the channel (prepare).
      worker.unref();
      worker.channel?.unref();
      this.worker = worker;
    } catch (error) {
      console.error("[otlp] cannot start the decode process; decoding in the front process:", error);
      this.failed = true;
    }
    return this.worker;
  }

  state(): "not started" | "process" | "in line" {
    return this.worker ? "process" : this.failed ? "in line" : "not started";
  }

  prepare(request: OtlpRequest, limits: Pick<OtlpLimits, "maxBodyBytes">): Promise<Prepared> {
    const worker = this.start();
    if (!worker) return prepareTraces(request, limits);
    const id = this.nextId++;
    return new Promise<Prepared>((resolve, reject) => {
      if (!this.pending.size) worker.channel?.ref();
      this.pending.set(id, { resolve, reject, request, limits });
      const job: DecodeJob = { id, request, maxBodyBytes: limits.maxBodyBytes };
      worker.send(job);
    });
  }
}

let decoder: DecodeProcess | null = null;

/** prepareTraces in the front process's decode process (in line when it is not available). */
export function prepareTracesElsewhere(request: OtlpRequest, limits: Pick<OtlpLimits, "maxBodyBytes">): Promise<Prepared> {
  decoder ??= new DecodeProcess();
  return decoder.prepare(request, limits);
}

/** Where exports are decoded now: in the decode process, in line (it could not start or died), or not yet asked. */
export function decodeProcessState(): "not started" | "process" | "in line" {
  return decoder?.state() ?? "not started";
}
