import "server-only";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fork, type ChildProcess } from "node:child_process";
import type { DatabaseHandle } from "@/db/client";
import type { Actor } from "../actor";
import type { ReceiveJob, ReceiveReply } from "./receive-worker";
import { prepareTraces, storeTraces, type OtlpAnswer, type OtlpLimits, type OtlpRequest } from "./receiver";

/** An export's answer, and how long the receive process (or this one, in line) spent on it. */
export interface Received {
  answer: OtlpAnswer;
  busyMs: number;
}

/**
 * One child process that receives OTLP exports for the front process of `npm start`: it decodes, checks
 * and queues them (receive-worker.ts), and the front process only authenticates, reads the body and
 * passes it on. Decoding and checking a 512-span export takes about 10 ms of CPU, and queuing it builds a
 * ~200 KB text; on the front process's own thread the first would hold up the decision point's answers,
 * and the second, with the front process's small young generation (package.json's
 * --max-semi-space-size=1, chosen for the decisions), fills its old generation and brings a full
 * collection about once a second, whose pause every export then waits for. The child runs with Node's
 * default heap, on the other core. If it cannot start, or dies, exports are received in line, as the
 * Next.js route does.
 */
class ReceiveProcess {
  private worker: ChildProcess | null = null;
  private failed = false;
  private nextId = 1;
  private readyWaiters: (() => void)[] = [];
  private pending = new Map<number, { settle: (received: Received) => void; reject: (e: Error) => void; inLine: () => void }>();

  private start(): ChildProcess | null {
    if (this.worker || this.failed) return this.worker;
    try {
      // Not the front process's heap flags: tsx and the react-server condition only (and its diagnostics:
      // --trace-gc, --cpu-prof, when the front process has them).
      const trace = process.execArgv.filter((a) => a === "--trace-gc" || a === "--cpu-prof" || a.startsWith("--cpu-prof-dir="));
      const worker = fork(path.join(process.cwd(), "lib/server/otlp/receive-worker.ts"), [], { execArgv: [...trace, "--conditions=react-server", "--import", "tsx"], serialization: "advanced", stdio: ["ignore", "inherit", "inherit", "ipc"] });
      worker.on("message", (reply: ReceiveReply | { ready: true }) => {
        if ("ready" in reply) {
          for (const resolve of this.readyWaiters.splice(0)) resolve();
          return;
        }
        const job = this.pending.get(reply.id);
        if (!job) return;
        this.pending.delete(reply.id);
        if (!this.pending.size) worker.channel?.unref();
        if ("error" in reply) job.reject(new Error(reply.error || "the OTLP receive process failed"));
        else job.settle({ answer: reply.answer, busyMs: reply.busyMs });
      });
      const fail = (error: Error) => {
        if (this.worker !== worker) return;
        console.error("[otlp] receive process stopped; receiving in the front process from now on:", error.message);
        this.worker = null;
        this.failed = true;
        for (const resolve of this.readyWaiters.splice(0)) resolve();
        // What it held is received in line: an export is never refused because the process went away.
        // (One it had queued but not yet answered is queued again; the fold counts a span once.)
        for (const job of this.pending.values()) job.inLine();
        this.pending.clear();
      };
      worker.on("error", fail);
      worker.on("exit", (code, signal) => fail(new Error(`exited with ${signal ?? `code ${code}`}`)));
      // Not kept alive for its sake while idle: the front process exits when its server closes, and the
      // child follows (disconnect). A job waiting for its answer holds the channel (send).
      worker.unref();
      worker.channel?.unref();
      this.worker = worker;
    } catch (error) {
      console.error("[otlp] cannot start the receive process; receiving in the front process:", error);
      this.failed = true;
    }
    return this.worker;
  }

  state(): "not started" | "process" | "in line" {
    return this.worker ? "process" : this.failed ? "in line" : "not started";
  }

  /**
   * Starts the process now and opens its pool on `databaseUrl`; resolves once it has compiled its decoder
   * and connected (or could not start, or after `timeoutMs`: exports are received either way).
   */
  warm(databaseUrl: string, timeoutMs: number): Promise<void> {
    const worker = this.start();
    if (!worker) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      timer.unref();
      this.readyWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
      worker.channel?.ref();
      worker.send({ connect: databaseUrl });
    }).finally(() => {
      if (!this.pending.size) this.worker?.channel?.unref();
    });
  }

  private send(job: Omit<ReceiveJob, "id">, inLine: () => Promise<Received>): Promise<Received> {
    const worker = this.start();
    if (!worker) return inLine();
    const id = this.nextId++;
    return new Promise<Received>((resolve, reject) => {
      if (!this.pending.size) worker.channel?.ref();
      this.pending.set(id, { settle: resolve, reject, inLine: () => void inLine().then(resolve, reject) });
      worker.send({ ...job, id } satisfies ReceiveJob);
    });
  }

  receive(handle: DatabaseHandle, actor: Actor, request: OtlpRequest, limits: OtlpLimits): Promise<Received> {
    const inLine = async (): Promise<Received> => {
      const startedAt = performance.now();
      const prepared = await prepareTraces(request, limits);
      const answer = "answer" in prepared ? prepared.answer : await storeTraces(handle.db, actor, prepared.prepared, limits);
      return { answer, busyMs: performance.now() - startedAt };
    };
    // Only a PostgreSQL server can be opened by a second process (the embedded database never reaches here).
    return handle.url ? this.send({ request, limits, store: { databaseUrl: handle.url, actor } }, inLine) : inLine();
  }
}

let receiver: ReceiveProcess | null = null;

function theReceiveProcess(): ReceiveProcess {
  return (receiver ??= new ReceiveProcess());
}

/** Receives an export (decode, check, queue) in the receive process, or in line when it is not available. */
export function receiveTracesElsewhere(handle: DatabaseHandle, actor: Actor, request: OtlpRequest, limits: OtlpLimits): Promise<Received> {
  return theReceiveProcess().receive(handle, actor, request, limits);
}

/**
 * Starts the receive process before the first export, and resolves once it is ready to answer one at
 * full speed (npm start waits for it, at most `timeoutMs`, before it listens).
 */
export function warmReceiveProcess(handle: DatabaseHandle, timeoutMs = 15_000): Promise<void> {
  return handle.url ? theReceiveProcess().warm(handle.url, timeoutMs) : Promise.resolve();
}

/** Where exports are received now: in the receive process, in line (it could not start or died), or not yet asked. */
export function receiveProcessState(): "not started" | "process" | "in line" {
  return receiver?.state() ?? "not started";
}
