// npm run bench:ingest -- [--bytes 1GB | --events N] [--phase parse|db|all] [--keep]
// Generates an Envoy access log in bench/out/ — by default 1 GB of full JSON lines
// (about 3.9 M events); with --events N exactly N events, in compact JSON lines
// when full ones would pass the 2 GiB traffic limit (10 M events: about 1.6 GB) —
// then measures (1) parsing + path templating on one core, no database, and (2)
// the whole ingest into PostgreSQL (a throw-away database on the local server),
// through the same ingestTraffic the CLI and the upload route call, with peak memory.
// Goals (issue 15): the ingest succeeds with every event accepted; peak memory
// < 512 MB (on the 1 GB log); 10 M events in < 180 s, i.e. at least 55,556 events/s
// for a run of any size. Figures go to bench/out/ingest.json; exits 1 when the
// ingest fails or a goal is missed.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { syncProviderCatalog } from "@/db/seed/catalog";
import { normalisePath, SpecTemplateMatcher, TemplateInferrer } from "@/lib/domain/ingest/path-template";
import { parseTraffic } from "@/lib/domain/ingest/traffic";
import { ingestOpenApi } from "@/lib/server/ingest/openapi";
import { ingestTraffic } from "@/lib/server/ingest/traffic";
import { INGEST_LIMITS } from "@/lib/validation/ingest";
import { dropDatabase, recreateDatabase } from "../test/pg-admin";

const { values } = parseArgs({ options: { events: { type: "string" }, bytes: { type: "string" }, phase: { type: "string" }, keep: { type: "boolean" } } });
const byteSize = (v: string) => {
  const m = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB)?$/i.exec(v.trim());
  if (!m) throw new Error(`--bytes: expected a size such as 1GB or 500MB, got "${v}"`);
  return Math.round(Number(m[1]) * { B: 1, KB: 1e3, MB: 1e6, GB: 1e9 }[(m[2] ?? "B").toUpperCase() as "B"]);
};
/** Either a size (the default: 1 GB of full lines) or an exact event count. */
const targetBytes = values.events ? null : byteSize(values.bytes ?? "1GB");
const requestedEvents = values.events ? Number(values.events) : null;
const phase = values.phase ?? "all";
const outDir = path.resolve("bench/out");
fs.mkdirSync(outDir, { recursive: true });
/** Full lines average ~276 bytes; compact ones (no forwarding, upstream or byte fields) ~160. */
const compact = requestedEvents !== null && requestedEvents * 300 > INGEST_LIMITS.traffic;
const logFile = path.join(outDir, requestedEvents !== null ? `envoy-${requestedEvents}${compact ? "-compact" : ""}.log` : `envoy-${targetBytes}B.log`);
const GOAL_EVENTS_PER_SECOND = 10_000_000 / 180;
const GOAL_PEAK_MB = 512;
const HOST = "shop.bench.test";

const OPERATIONS = [
  ["GET", "/orders"], ["POST", "/orders"], ["GET", "/orders/{orderId}"], ["PATCH", "/orders/{orderId}"], ["GET", "/orders/{orderId}/items"],
  ["GET", "/customers/{customerId}"], ["GET", "/customers/me"], ["GET", "/products"], ["GET", "/products/{sku}"], ["GET", "/search"],
  ["POST", "/carts"], ["GET", "/carts/{cartId}"], ["DELETE", "/carts/{cartId}/items/{itemId}"], ["GET", "/health"], ["GET", "/v1/legacy/report/{id}"],
] as const;
const SPEC = JSON.stringify({
  openapi: "3.0.3",
  info: { title: "Bench Shop", version: "1.0.0" },
  servers: [{ url: `https://${HOST}/api` }],
  paths: Object.fromEntries(
    [...new Set(OPERATIONS.map(([, p]) => p))].map((p) => [p, Object.fromEntries(OPERATIONS.filter(([, q]) => q === p).map(([m]) => [m.toLowerCase(), { deprecated: p.includes("legacy"), responses: { "200": { description: "ok" } } }]))]),
  ),
});
const PROVIDER_HOSTS = ["api.stripe.com", "api.twilio.com", "api.sendgrid.com", "api.segment.io", "unknown-metrics.example.net"];

/** Writes the log (unless a complete one is there) and returns its event count. */
function generate(): number {
  const countFile = `${logFile}.events`;
  if (fs.existsSync(logFile) && fs.existsSync(countFile)) return Number(fs.readFileSync(countFile, "utf8"));
  console.log(`Generating ${requestedEvents !== null ? `${requestedEvents.toLocaleString("en")} events` : `${(targetBytes ?? 0).toLocaleString("en")} bytes`} into ${logFile}…`);
  const fd = fs.openSync(logFile, "w");
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const start = Date.UTC(2026, 10, 1);
  let chunk: string[] = [];
  let written = 0;
  let i = 0;
  for (; requestedEvents !== null ? i < requestedEvents : written < (targetBytes ?? 0); i++) {
    const at = new Date(start + i * 50).toISOString();
    const r = rnd();
    let line: string;
    if (r < 0.85) {
      const [method, template] = OPERATIONS[Math.floor(rnd() * OPERATIONS.length)];
      const p = template.replace(/\{[^}]+\}/g, () => String(Math.floor(rnd() * 1e6)));
      line = compact
        ? `{"start_time":"${at}","method":"${method}","path":"/api${p}?page=${i % 7}","response_code":${rnd() < 0.01 ? 500 : 200},"duration":${Math.floor(rnd() * 300)},"authority":"${HOST}"}`
        : `{"start_time":"${at}","method":"${method}","path":"/api${p}?page=${i % 7}","protocol":"HTTP/1.1","response_code":${rnd() < 0.01 ? 500 : 200},"duration":${Math.floor(rnd() * 300)},"authority":"${HOST}","upstream_host":"10.0.0.5:8080","x_forwarded_for":"10.1.${i % 250}.7","bytes_received":0,"bytes_sent":${Math.floor(rnd() * 4000)}}`;
    } else if (r < 0.9) {
      line = compact
        ? `{"start_time":"${at}","method":"GET","path":"/api/internal/debug/${Math.floor(rnd() * 1e6)}","response_code":200,"duration":3,"authority":"${HOST}"}`
        : `{"start_time":"${at}","method":"GET","path":"/api/internal/debug/${Math.floor(rnd() * 1e6)}","protocol":"HTTP/1.1","response_code":200,"duration":3,"authority":"${HOST}","upstream_host":"10.0.0.5:8080","x_forwarded_for":"10.9.9.9","bytes_received":0,"bytes_sent":10}`;
    } else {
      const host = PROVIDER_HOSTS[Math.floor(rnd() * PROVIDER_HOSTS.length)];
      line = compact
        ? `{"start_time":"${at}","method":"POST","path":"/v1/things/${Math.floor(rnd() * 1e6)}","response_code":${rnd() < 0.02 ? 503 : 200},"duration":${Math.floor(rnd() * 900)},"authority":"${host}"}`
        : `{"start_time":"${at}","method":"POST","path":"/v1/things/${Math.floor(rnd() * 1e6)}","protocol":"HTTP/1.1","response_code":${rnd() < 0.02 ? 503 : 200},"duration":${Math.floor(rnd() * 900)},"authority":"${host}","upstream_host":"203.0.113.9:443","x_forwarded_for":"-","bytes_received":120,"bytes_sent":80}`;
    }
    chunk.push(line);
    written += line.length + 1;
    if (chunk.length === 50_000) {
      fs.writeSync(fd, `${chunk.join("\n")}\n`);
      chunk = [];
    }
  }
  if (chunk.length) fs.writeSync(fd, `${chunk.join("\n")}\n`);
  fs.closeSync(fd);
  fs.writeFileSync(countFile, String(i));
  return i;
}

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const mb = (n: number) => Math.round(n / 1048576);

async function parsePhase() {
  const matcher = new SpecTemplateMatcher(OPERATIONS.map(([method, p]) => ({ method, path: p })), ["/api"]);
  const inferrer = new TemplateInferrer();
  const t0 = performance.now();
  let n = 0;
  let matched = 0;
  for await (const batch of parseTraffic(fs.createReadStream(logFile, { highWaterMark: 1 << 20 }), "envoy", { app: { hosts: [HOST] } })) {
    for (const e of batch.events) {
      n++;
      if (e.direction !== "inbound") continue;
      const p = normalisePath(e.path);
      if (matcher.match(e.method, p)) matched++;
      else inferrer.add(e.method, p);
    }
  }
  inferrer.finish();
  const seconds = (performance.now() - t0) / 1000;
  return { events: n, matched, seconds: +seconds.toFixed(2), eventsPerSecond: Math.round(n / seconds) };
}

async function dbPhase() {
  const name = "sibyl_bench_ingest";
  const url = await recreateDatabase(name);
  const handle = await openDatabase({ url, dataDir: "unused" });
  await migrateDatabase(handle);
  await syncProviderCatalog(handle.db);
  const ctx = { db: handle.db, actor: { label: "bench", role: "admin" as const }, trigger: "bench" };
  await ingestOpenApi(ctx, { text: SPEC, appSlug: "bench-shop", sourceName: "bench-spec.json" });
  const t0 = performance.now();
  const summary = await ingestTraffic(ctx, { stream: fs.createReadStream(logFile, { highWaterMark: 1 << 20 }), appSlug: "bench-shop", format: "envoy", sourceName: path.basename(logFile) });
  const seconds = (performance.now() - t0) / 1000;
  await handle.close();
  if (!values.keep) await dropDatabase(name);
  return { status: summary.status, accepted: summary.recordsAccepted, newEndpoints: summary.newEndpoints, seconds: +seconds.toFixed(1), eventsPerSecond: Math.round(summary.recordsAccepted / seconds) };
}

async function main(): Promise<number> {
  const events = generate();
  const logBytes = fs.statSync(logFile).size;
  if (logBytes > INGEST_LIMITS.traffic) throw new Error(`The generated log is ${logBytes} bytes, over the ${INGEST_LIMITS.traffic}-byte traffic limit: the ingest would refuse it. Ask for fewer events.`);
  const result: Record<string, unknown> = { events, logBytes, compactLines: compact, node: process.version };
  const missed: string[] = [];
  if (phase === "parse" || phase === "all") {
    peakRss = 0;
    result.parseAndTemplate = await parsePhase();
    console.log("parse + template (one core):", result.parseAndTemplate);
  }
  if (phase === "db" || phase === "all") {
    const ingest = await dbPhase();
    result.ingestPostgres = ingest;
    console.log("ingest into PostgreSQL:", ingest);
    if (ingest.status !== "succeeded") missed.push(`the ingest ended "${ingest.status}"`);
    if (ingest.accepted !== events) missed.push(`${ingest.accepted.toLocaleString("en")} of ${events.toLocaleString("en")} events accepted`);
    if (ingest.eventsPerSecond < GOAL_EVENTS_PER_SECOND) missed.push(`${ingest.eventsPerSecond.toLocaleString("en")} events/s < ${Math.round(GOAL_EVENTS_PER_SECOND).toLocaleString("en")} (10 M events would take ${Math.round(10_000_000 / Math.max(1, ingest.eventsPerSecond))} s; goal < 180 s)`);
  }
  clearInterval(sampler);
  result.peakRssMb = mb(Math.max(peakRss, process.resourceUsage().maxRSS * 1024));
  console.log(`peak RSS: ${result.peakRssMb} MB (log ${mb(logBytes)} MB)`);
  if ((result.peakRssMb as number) >= GOAL_PEAK_MB) missed.push(`peak RSS ${result.peakRssMb} MB ≥ ${GOAL_PEAK_MB} MB`);
  result.missed = missed;
  fs.writeFileSync(path.join(outDir, "ingest.json"), JSON.stringify(result, null, 2));
  if (missed.length) console.error(`MISSED: ${missed.join("; ")}`);
  else console.log("OK: every goal met.");
  return missed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
