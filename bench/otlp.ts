// npm run bench:otlp -- [--spans 100000] [--rate 5000] [--batch 512] [--port 3600] [--workers 0] [--async-commit] [--warmup 20000] [--no-build] [--keep] [--cpu-prof] [--trace-gc]
// The OTLP/HTTP receiver as an instrumented service meets it: the real OpenTelemetry SDK (TracerProvider,
// BatchSpanProcessor and the OTLP/HTTP protobuf exporter, from the npm registry) records --spans HTTP
// spans at --rate spans/s and exports them in batches of --batch to POST /v1/traces of `npm start` on
// PostgreSQL (a throw-away database). 90 % are SERVER spans of the service's own API (service.name
// "bench-shop"), 10 % CLIENT calls to three providers; every span has its own start millisecond, so no two
// are the same call. With --workers N the web server runs with SIBYL_JOBS=off and N `npm run worker`
// processes fold; by default the web server's own jobs do. --async-commit runs the server with
// SIBYL_OTLP_ASYNC_COMMIT=on (the queue's INSERT does not wait for the WAL flush; see the README).
//
// First, --warmup spans (default 20,000) of another service.name go the same way, unmeasured, and are
// folded: a fresh server compiles its receive path on its first exports and its fold on the first fold,
// and this process's SDK its exporter (the warm-up's own latencies are printed, and kept in otlp.json).
// Measured: spans lost (generated − accepted in successful exports: dropped by the SDK's queue, refused
// or failed exports), the accept latency of each export as the exporter sees it (from its export call
// to its result: encoding, the request, the answer, retries included), and the time from the last
// accepted export until the inventory reflects every accepted span: the application's endpoints count
// the SERVER spans and its dependencies the CLIENT spans, as the exporter's accepted batches held them
// (not as the server reports).
// Goals (issue 15): 0 spans lost, p99 accept latency < 50 ms, every span reflected within 60 s. Exits 1
// when a goal is missed. Figures go to bench/out/otlp.json. --cpu-prof: `npm start`'s front process (and its OTLP
// receive process) and the workers write V8 CPU profiles to bench/out/prof-otlp/ when they stop. --trace-gc: `npm start`'s
// processes log every garbage collection; its output goes to bench/out/otlp-server.log.
import fs from "node:fs";
import http from "node:http";
import { syncBuiltinESMExports } from "node:module";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { SpanKind, type Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchSpanProcessor, TracerProvider, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace";
import { ensureBuild, portIsFree, postgresCpuSeconds, ROOT, serverEnv, spawnScript, stopProcess, treeCpuSeconds, waitUntil, type Started } from "./next-server";

const { values } = parseArgs({
  options: {
    spans: { type: "string" },
    rate: { type: "string" },
    batch: { type: "string" },
    port: { type: "string" },
    workers: { type: "string" },
    "async-commit": { type: "boolean" },
    "no-build": { type: "boolean" },
    keep: { type: "boolean" },
    "cpu-prof": { type: "boolean" },
    "trace-gc": { type: "boolean" },
    warmup: { type: "string" },
  },
});
const SPANS = Number(values.spans ?? 100_000);
const RATE = Number(values.rate ?? 5_000);
const BATCH = Number(values.batch ?? 512);
const PORT = Number(values.port ?? 3600);
const WORKERS = Number(values.workers ?? 0);
const WARMUP = Number(values.warmup ?? 20_000);
for (const [name, v, min] of [["--spans", SPANS, 1], ["--rate", RATE, 1], ["--batch", BATCH, 1], ["--port", PORT, 1024], ["--workers", WORKERS, 0], ["--warmup", WARMUP, 0]] as const) {
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be a whole number ≥ ${min}`);
}
const GOALS = { lost: 0, p99Ms: 50, reflectedSeconds: 60 };
const DB_NAME = "sibyl_bench_otlp";
const SERVICE = "bench-shop";
/** The warm-up's spans go to an application of their own, which the measured inventory does not count. */
const WARMUP_SERVICE = "bench-warm-up";
const OUT = path.join(ROOT, "bench/out");

const API_PATHS = [
  (n: number) => `/api/orders/${100000 + n}`,
  (n: number) => `/api/orders/${100000 + n}/items`,
  () => `/api/customers/${crypto.randomUUID()}`,
  () => `/api/customers/${crypto.randomUUID()}/addresses`,
  (n: number) => `/api/products/${n % 5000}`,
  () => `/api/basket`,
  () => `/health`,
];
const PROVIDERS = ["api.stripe.com", "api.twilio.com", "api.sendgrid.com"];

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

/**
 * Records `count` HTTP spans at RATE spans/s (nine in ten SERVER calls of the service's API, one in ten
 * CLIENT calls to a provider), each with its own start millisecond from `base`: no two are the same call.
 */
async function recordSpans(tracer: Tracer, count: number, base: number): Promise<{ inbound: number; outbound: number }> {
  let inbound = 0;
  let outbound = 0;
  const started = performance.now();
  const tickMs = 20;
  for (let made = 0; made < count; ) {
    const due = Math.min(count, Math.floor(((performance.now() - started) / 1000) * RATE) + 1);
    for (; made < due; made++) {
      const start = base + made;
      if (made % 10 === 9) {
        const host = PROVIDERS[made % PROVIDERS.length];
        tracer.startSpan("POST", { kind: SpanKind.CLIENT, startTime: start, attributes: { "http.request.method": "POST", "url.full": `https://${host}/v1/messages`, "http.response.status_code": 200 } }).end(start + 40);
        outbound++;
      } else {
        const p = API_PATHS[made % API_PATHS.length](made);
        tracer.startSpan(`GET ${p}`, { kind: SpanKind.SERVER, startTime: start, attributes: { "http.request.method": "GET", "url.path": p, "url.scheme": "https", "server.address": "shop.example.test", "http.response.status_code": 200 } }).end(start + 5);
        inbound++;
      }
    }
    await new Promise((r) => setTimeout(r, tickMs));
  }
  return { inbound, outbound };
}

/** What an export reports to the span processor (the SDK's ExportResult). */
type ExportResult = Parameters<Parameters<SpanExporter["export"]>[1]>[0];

/**
 * The SDK as an instrumented service runs it: a TracerProvider whose BatchSpanProcessor exports batches
 * of BATCH spans with the OTLP/HTTP protobuf exporter to the server, each export's result and its
 * accept latency (from the export call to its result) reported to `onResult`.
 */
function sdkProvider(serviceName: string, bearer: string, onResult: (spans: ReadableSpan[], ms: number, result: ExportResult, t0: number) => void): TracerProvider {
  const exporter = new OTLPTraceExporter({ url: `http://127.0.0.1:${PORT}/v1/traces`, headers: { Authorization: `Bearer ${bearer}` }, timeoutMillis: 10_000 });
  const timed: SpanExporter = {
    export(spans, done) {
      const t0 = performance.now();
      exporter.export(spans, (result) => {
        onResult(spans, performance.now() - t0, result, t0);
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush(),
  };
  return new TracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName }),
    spanProcessors: [new BatchSpanProcessor({ exporter: timed, maxExportBatchSize: BATCH, maxQueueSize: 8 * BATCH, scheduledDelayMillis: 200 })],
  });
}

async function main(): Promise<number> {
  console.log(`bench:otlp: ${SPANS.toLocaleString("en")} spans at ${RATE.toLocaleString("en")}/s in batches of ${BATCH}, ${WORKERS ? `${WORKERS} worker process(es) folding` : "the web server folding"}, ${values["async-commit"] ? "asynchronous" : "durable"} queue commits; port ${PORT}.`);
  ensureBuild(Boolean(values["no-build"]));
  if (!(await portIsFree(PORT))) throw new Error(`Port ${PORT} is in use; pass --port <free port>`);

  const { prepareDatabase } = await import("./decisions-data");
  const { openDatabase } = await import("@/db/client");
  const { apiTokens, applications, dependencies, endpoints, ingestRuns, otlpQueue, users } = await import("@/db/schema");
  const { generateApiToken } = await import("@/lib/domain/auth/api-token");
  const { dropDatabase } = await import("../test/pg-admin");
  const { eq, sql } = await import("drizzle-orm");

  const url = await prepareDatabase(DB_NAME);
  const handle = await openDatabase({ url, dataDir: "unused" });
  const token = generateApiToken();
  const [user] = await handle.db.insert(users).values({ email: "otel-bench@example.test", name: "OTLP bench", role: "developer" }).returning({ id: users.id });
  await handle.db.insert(apiTokens).values({ name: "bench collector", prefix: token.prefix, tokenHash: token.hash, scopes: ["ingest"], createdById: user.id });

  const processes: Started[] = [];
  try {
    const profile = [...(values["cpu-prof"] ? ["--cpu-prof", `--cpu-prof-dir=${path.join(OUT, "prof-otlp")}`] : []), ...(values["trace-gc"] ? ["--trace-gc"] : [])];
    const web = spawnScript("scripts/start.ts", serverEnv(url, PORT, { ...(WORKERS ? { SIBYL_JOBS: "off" } : {}), ...(values["async-commit"] ? { SIBYL_OTLP_ASYNC_COMMIT: "on" } : {}) }), profile);
    processes.push(web);
    await waitUntil(
      web,
      async () => (await fetch(`http://127.0.0.1:${PORT}/v1/traces`, { method: "POST", headers: { authorization: `Bearer ${token.token}`, "content-type": "application/json" }, body: "{}" })).status === 400,
      "npm start",
    );
    // Workers share this host with the web server here: they yield the CPU to it, as SIBYL_WORKER_NICE lets an installation do.
    for (let i = 0; i < WORKERS; i++) processes.push(spawnScript("scripts/worker.ts", serverEnv(url, PORT, { SIBYL_WORKER_NICE: "10" }), profile));
    for (const [i, w] of processes.slice(1).entries()) await waitUntil(w, async () => w.output().includes("Sibyl worker running"), `worker ${i + 1}`);
    console.log(`Server up${WORKERS ? ` with ${WORKERS} worker(s)` : ""}.`);

    // ------------------------------------------------------------------ warm-up (not measured)
    // A server that has just started compiles its receive path on the first exports and its fold on the
    // first fold, and so does this process's SDK on its first export: those one-off costs are seen here,
    // printed, and left out of the measured run, which meets a server that has been running (as
    // bench:decisions warms up too).
    let warmUp: { exports: number; p50: number; p99: number; max: number; failed: number } | null = null;
    if (WARMUP > 0) {
      const times: number[] = [];
      let warmFailed = 0;
      const warmProvider = sdkProvider(WARMUP_SERVICE, token.token, (spans, ms, result) => {
        times.push(ms);
        if (result.code !== 0) warmFailed += spans.length;
      });
      await recordSpans(warmProvider.getTracer("bench-otlp-warm-up"), WARMUP, Date.UTC(2026, 9, 1));
      await warmProvider.forceFlush();
      await warmProvider.shutdown();
      // …until the fold has taken every warm-up span (at most a minute).
      const deadline = performance.now() + 60_000;
      while (performance.now() < deadline) {
        const [q] = await handle.db.select({ n: sql<string>`coalesce(sum(${otlpQueue.spanCount}), 0)` }).from(otlpQueue);
        if (Number(q.n) === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const sortedWarm = [...times].sort((a, b) => a - b);
      warmUp = { exports: times.length, p50: quantile(sortedWarm, 0.5), p99: quantile(sortedWarm, 0.99), max: sortedWarm.at(-1) ?? NaN, failed: warmFailed };
      console.log(`Warm-up (not measured): ${WARMUP.toLocaleString("en")} spans of service.name "${WARMUP_SERVICE}" in ${times.length} exports, accept latency p50 ${warmUp.p50.toFixed(1)} ms, p99 ${warmUp.p99.toFixed(1)} ms, max ${warmUp.max.toFixed(1)} ms (the first exports and the first fold of a fresh server)${warmFailed ? `; ${warmFailed} spans in failed exports` : ""}; folded.`);
    }
    console.log("Sending the measured spans.");

    // ------------------------------------------------------------------ the SDK, its exporter measured
    const latencies: number[] = [];
    const exportTimes: { at: number; ms: number; spans: number }[] = [];
    let accepted = 0;
    let acceptedInbound = 0;
    let acceptedOutbound = 0;
    let failed = 0;
    let exports = 0;
    let lastAcceptAt = 0;
    const failures = new Map<string, number>();
    // The server's own time on each export (its Server-Timing header), read off the responses the exporter
    // gets: the exporter's transport imports node:http's request, so it is wrapped there.
    const serverMs: number[] = [];
    const parts = { decode: [] as number[], check: [] as number[], store: [] as number[] };
    // Every answer's Server-Timing parts, with when it came (ms since sending began): the slow ones beside the fold runs.
    let started = performance.now();
    const timeline: { at: number; parts: Record<string, number> }[] = [];
    const request = http.request;
    http.request = function (this: unknown, ...args: Parameters<typeof http.request>) {
      const req = request.apply(this, args);
      req.on("response", (res) => {
        const all = Object.fromEntries([...String(res.headers["server-timing"] ?? "").matchAll(/([\w-]+);dur=([\d.]+)/g)].map((m) => [m[1], Number(m[2])]));
        timeline.push({ at: Math.round(performance.now() - started), parts: all });
        if (all.otlp !== undefined) serverMs.push(all.otlp);
        for (const part of ["decode", "check", "store"] as const) if (all[part] !== undefined) parts[part].push(all[part]);
      });
      return req;
    } as typeof http.request;
    syncBuiltinESMExports();
    const provider = sdkProvider(SERVICE, token.token, (spans, ms, result, t0) => {
      exports++;
      latencies.push(ms);
      exportTimes.push({ at: Math.round(t0 - started), ms: Math.round(ms * 10) / 10, spans: spans.length });
      if (result.code === 0) {
        accepted += spans.length;
        for (const span of spans) {
          if (span.kind === SpanKind.SERVER) acceptedInbound++;
          else if (span.kind === SpanKind.CLIENT) acceptedOutbound++;
        }
        lastAcceptAt = performance.now();
      } else {
        failed += spans.length;
        const why = result.error?.message ?? "failed";
        failures.set(why, (failures.get(why) ?? 0) + 1);
      }
    });
    const tracer = provider.getTracer("bench-otlp");

    // CPU per part while sending (this process is the SDK and its exporter), to see who took the 2 cores.
    const cpuOf = () => ({ sdk: process.cpuUsage(), web: treeCpuSeconds(processes[0].child.pid), workers: processes.slice(1).reduce((n, p) => n + treeCpuSeconds(p.child.pid), 0), postgres: postgresCpuSeconds() });
    const cpuBefore = cpuOf();
    started = performance.now();
    const startedAtWall = Date.now();
    const { inbound, outbound } = await recordSpans(tracer, SPANS, Date.UTC(2026, 10, 1));
    await provider.forceFlush();
    const sendSeconds = (performance.now() - started) / 1000;
    const cpuAfter = cpuOf();
    const sdkUsage = process.cpuUsage(cpuBefore.sdk);
    const cpu = { sdk: (sdkUsage.user + sdkUsage.system) / 1e6, web: cpuAfter.web - cpuBefore.web, workers: cpuAfter.workers - cpuBefore.workers, postgres: cpuAfter.postgres - cpuBefore.postgres };
    await provider.shutdown();
    const lost = SPANS - accepted;
    const sorted = [...latencies].sort((a, b) => a - b);
    const p50 = quantile(sorted, 0.5);
    const p99 = quantile(sorted, 0.99);
    const server = [...serverMs].sort((a, b) => a - b);
    const serverP50 = quantile(server, 0.5);
    const serverP99 = quantile(server, 0.99);
    const load = (await import("node:os")).loadavg();
    console.log(`Sent in ${sendSeconds.toFixed(1)} s: ${exports} exports, ${accepted.toLocaleString("en")} spans accepted, ${failed.toLocaleString("en")} in failed exports, lost ${lost.toLocaleString("en")}; accept latency p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${sorted.at(-1)?.toFixed(1)} ms.`);
    const partFigures = Object.fromEntries(Object.entries(parts).map(([k, v]) => { const s = [...v].sort((a, b) => a - b); return [k, { p50: quantile(s, 0.5), p99: quantile(s, 0.99) }]; }));
    console.log(`  the server's own time (Server-Timing, ${server.length} answers): p50 ${serverP50.toFixed(1)} ms, p99 ${serverP99.toFixed(1)} ms, max ${server.at(-1)?.toFixed(1)} ms; of which ${Object.entries(partFigures).map(([k, f]) => `${k} p50 ${f.p50.toFixed(1)} / p99 ${f.p99.toFixed(1)} ms`).join(", ")}; load average now ${load.map((l) => l.toFixed(1)).join(" ")} on ${(await import("node:os")).availableParallelism()} cores.`);
    console.log(`  CPU while sending (${sendSeconds.toFixed(1)} s, ${(2 * sendSeconds).toFixed(0)} core-seconds on 2 cores): the SDK and its exporter ${cpu.sdk.toFixed(1)} s, npm start ${cpu.web.toFixed(1)} s, workers ${cpu.workers.toFixed(1)} s, PostgreSQL ${cpu.postgres.toFixed(1)} s.`);
    for (const [why, n] of failures) console.log(`  failed export ×${n}: ${why}`);

    // ------------------------------------------------------------------ until the inventory reflects every span
    const reflected = async () => {
      const [app] = await handle.db.select({ id: applications.id }).from(applications).where(eq(applications.slug, SERVICE));
      if (!app) return { endpoints: 0, dependencies: 0, queued: 0 };
      const [e] = await handle.db.select({ n: sql<string>`coalesce(sum(${endpoints.callCount}), 0)` }).from(endpoints).where(eq(endpoints.applicationId, app.id));
      const [d] = await handle.db.select({ n: sql<string>`coalesce(sum(${dependencies.callCount}), 0)` }).from(dependencies).where(eq(dependencies.applicationId, app.id));
      const [q] = await handle.db.select({ n: sql<string>`coalesce(sum(${otlpQueue.spanCount}), 0)` }).from(otlpQueue);
      return { endpoints: Number(e.n), dependencies: Number(d.n), queued: Number(q.n) };
    };
    let state = await reflected();
    const waitLimit = Math.max(GOALS.reflectedSeconds * 3, 180) * 1000;
    // Every accepted span must show; a lost one cannot (it is counted as lost above).
    while ((state.endpoints < acceptedInbound || state.dependencies < acceptedOutbound) && performance.now() - lastAcceptAt < waitLimit) {
      await new Promise((r) => setTimeout(r, 250));
      state = await reflected();
    }
    const reflectedSeconds = state.endpoints >= acceptedInbound && state.dependencies >= acceptedOutbound ? (performance.now() - lastAcceptAt) / 1000 : null;
    const runs = await handle.db
      .select({ status: ingestRuns.status, n: sql<number>`count(*)::int`, accepted: sql<string>`coalesce(sum(${ingestRuns.recordsAccepted}), 0)` })
      .from(ingestRuns)
      .where(eq(ingestRuns.trigger, "otlp"))
      .groupBy(ingestRuns.status);
    console.log(
      `Inventory: ${state.endpoints.toLocaleString("en")} of ${acceptedInbound.toLocaleString("en")} accepted SERVER spans (${inbound.toLocaleString("en")} made) counted on endpoints, ${state.dependencies.toLocaleString("en")} of ${acceptedOutbound.toLocaleString("en")} accepted CLIENT spans (${outbound.toLocaleString("en")} made) on dependencies, ${state.queued} still queued; ` +
        `${reflectedSeconds === null ? `NOT reflected within ${waitLimit / 1000} s` : `reflected ${reflectedSeconds.toFixed(1)} s after the last accepted export`}. Fold runs${WARMUP ? " (the warm-up's included)" : ""}: ${runs.map((r) => `${r.n} ${r.status} (${Number(r.accepted).toLocaleString("en")} spans)`).join(", ")}.`,
    );

    const foldRuns = (
      await handle.db.select({ startedAt: ingestRuns.startedAt, finishedAt: ingestRuns.finishedAt, accepted: ingestRuns.recordsAccepted }).from(ingestRuns).where(eq(ingestRuns.trigger, "otlp")).orderBy(ingestRuns.startedAt)
    ).map((r) => ({ from: r.startedAt.getTime() - startedAtWall, to: r.finishedAt ? r.finishedAt.getTime() - startedAtWall : null, spans: r.accepted }));

    const misses: string[] = [];
    if (lost > GOALS.lost) misses.push(`${lost} spans lost (goal ${GOALS.lost})`);
    if (!(p99 < GOALS.p99Ms)) misses.push(`p99 accept latency ${p99.toFixed(1)} ms (goal < ${GOALS.p99Ms} ms)`);
    if (reflectedSeconds === null || reflectedSeconds > GOALS.reflectedSeconds) misses.push(`inventory reflected ${reflectedSeconds === null ? "never (within the wait)" : `after ${reflectedSeconds.toFixed(1)} s`} (goal ≤ ${GOALS.reflectedSeconds} s)`);
    if (state.endpoints > acceptedInbound || state.dependencies > acceptedOutbound) misses.push(`the inventory counts more calls than were accepted (${state.endpoints}/${acceptedInbound}, ${state.dependencies}/${acceptedOutbound})`);
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(
      path.join(OUT, "otlp.json"),
      JSON.stringify({ spans: SPANS, rate: RATE, batch: BATCH, workers: WORKERS, asyncCommit: Boolean(values["async-commit"]), sendSeconds, exports, accepted, failed, lost, latencyMs: { p50, p99, max: sorted.at(-1) }, serverMs: { p50: serverP50, p99: serverP99, max: server.at(-1), parts: partFigures }, cpuSeconds: cpu, loadAverage: load, inbound, outbound, acceptedInbound, acceptedOutbound, reflected: state, reflectedSeconds, runs, warmUp: warmUp ? { spans: WARMUP, ...warmUp } : null, goals: GOALS, misses, at: new Date().toISOString(), timeline: { exports: exportTimes, answers: timeline, foldRuns } }, null, 2),
    );
    console.log(misses.length ? `GOAL MISSED: ${misses.join("; ")}` : `All goals met: 0 lost, p99 ${p99.toFixed(1)} ms < ${GOALS.p99Ms} ms, reflected in ${reflectedSeconds?.toFixed(1)} s ≤ ${GOALS.reflectedSeconds} s.`);
    return misses.length ? 1 : 0;
  } finally {
    if (values["trace-gc"] && processes[0]) fs.writeFileSync(path.join(OUT, "otlp-server.log"), processes[0].output());
    for (const p of processes.reverse()) await stopProcess(p.child);
    await handle.close();
    if (!values.keep) await dropDatabase(DB_NAME);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
