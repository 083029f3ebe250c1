// Benchmark of the streaming traffic parsers (lib/domain/ingest/traffic): generates a synthetic
// Envoy (Istio JSON) or nginx (combined) access log into bench/out/ (reused when present), then
// stream-parses it in a child process on one core and prints events/s and peak memory.
//
//   npx tsx bench/traffic-parse.ts --events 1000000 --format envoy|nginx [--scan]
//   npx tsx bench/traffic-parse.ts --gb 1 --format envoy
//
// --scan also runs the sensitive-data scan (lib/domain/ingest/sensitive.ts) on every event.

import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, statSync } from "node:fs";
import path from "node:path";
import { scanEvent } from "../lib/domain/ingest/sensitive";
import { parseTraffic } from "../lib/domain/ingest/traffic";

type Format = "envoy" | "nginx";

interface Args {
  format: Format;
  events: number;
  gb: number | null;
  scan: boolean;
  parseOnly: string | null;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { format: "envoy", events: 1_000_000, gb: null, scan: false, parseOnly: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i] ?? "";
    if (a === "--format") {
      const f = next();
      if (f !== "envoy" && f !== "nginx") throw new Error("--format must be envoy or nginx");
      args.format = f;
    } else if (a === "--events") args.events = Number(next());
    else if (a === "--gb") args.gb = Number(next());
    else if (a === "--scan") args.scan = true;
    else if (a === "--parse-only") args.parseOnly = next();
    else throw new Error(`unknown argument ${a}`);
  }
  if (!(args.events > 0) || (args.gb !== null && !(args.gb > 0))) throw new Error("--events and --gb must be positive numbers");
  return args;
}

// ---------- generation ----------

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const APP_HOST = "shop.example.com";
const OUT_HOSTS = ["api.stripe.com", "maps.googleapis.com", "api.github.com", "hooks.slack.com", "legacy.internal.example"];
const METHODS = ["GET", "GET", "GET", "GET", "POST", "POST", "PUT", "PATCH", "DELETE"];
const STATUSES = [200, 200, 200, 200, 200, 201, 204, 301, 304, 400, 401, 403, 404, 404, 500, 502, 503];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function makeLine(format: Format, i: number, r: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const outbound = r() < 0.2;
  const host = outbound ? pick(OUT_HOSTS) : APP_HOST;
  const id = Math.floor(r() * 1e6);
  const paths = [`/api/v1/orders/${id}`, `/api/v1/customers/${id}/addresses`, "/api/v1/products", `/api/v2/carts/${id.toString(16)}/items`, "/healthz", `/v1/charges/ch_${id}`];
  const query = r() < 0.3 ? `?limit=${Math.floor(r() * 100)}&offset=${Math.floor(r() * 1000)}` : r() < 0.02 ? `?email=user${id}%40example.org` : "";
  const method = pick(METHODS);
  const status = pick(STATUSES);
  const duration = Math.floor(r() * 400);
  const t = new Date(Date.UTC(2024, 4, 2) + i * 7);
  if (format === "envoy") {
    return JSON.stringify({
      start_time: t.toISOString(),
      method,
      path: pick(paths) + query,
      protocol: "HTTP/1.1",
      response_code: status,
      response_flags: "-",
      bytes_received: Math.floor(r() * 2000),
      bytes_sent: Math.floor(r() * 20000),
      duration,
      upstream_service_time: String(Math.max(0, duration - 2)),
      x_forwarded_for: outbound ? null : `203.0.113.${id % 250}`,
      user_agent: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36",
      request_id: `${id.toString(16).padStart(8, "0")}-1b2c-4d5e-8f90-a1b2c3d4e5f6`,
      authority: host,
      upstream_host: `10.0.${id % 250}.${i % 250}:8080`,
      upstream_cluster: outbound ? `outbound|443||${host}` : "inbound|8080||",
    });
  }
  const p2 = (n: number) => String(n).padStart(2, "0");
  const time = `${p2(t.getUTCDate())}/${MONTHS[t.getUTCMonth()]}/${t.getUTCFullYear()}:${p2(t.getUTCHours())}:${p2(t.getUTCMinutes())}:${p2(t.getUTCSeconds())} +0000`;
  return `203.0.113.${id % 250} - - [${time}] "${method} ${pick(paths)}${query} HTTP/1.1" ${status} ${Math.floor(r() * 20000)} "-" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36" ${(duration / 1000).toFixed(3)} ${host}`;
}

async function generate(file: string, format: Format, events: number, bytes: number | null): Promise<void> {
  const tmp = `${file}.partial`;
  const out = createWriteStream(tmp);
  const r = rng(42);
  let written = 0;
  let parts: string[] = [];
  let size = 0;
  for (let i = 0; bytes !== null ? written + size < bytes : i < events; i++) {
    const line = makeLine(format, i, r) + "\n";
    parts.push(line);
    size += line.length;
    if (size >= 1 << 20) {
      const ok = out.write(parts.join(""));
      written += size;
      parts = [];
      size = 0;
      if (!ok) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
  }
  out.write(parts.join(""));
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  renameSync(tmp, file);
}

// ---------- parsing (child process, so generation does not count towards memory) ----------

async function parseOnly(file: string, format: Format, scan: boolean): Promise<void> {
  let peak = process.memoryUsage().rss;
  const sample = () => {
    const rss = process.memoryUsage().rss;
    if (rss > peak) peak = rss;
  };
  const timer = setInterval(sample, 50);
  timer.unref();
  let events = 0;
  let problems = 0;
  let flagged = 0;
  const started = process.hrtime.bigint();
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  for await (const batch of parseTraffic(input, format, { app: { hosts: [APP_HOST] } })) {
    events += batch.events.length;
    problems += batch.problems.length;
    if (scan) for (const e of batch.events) if (scanEvent(e).length) flagged++;
    if ((events & 0x3fff) < 1000) sample();
  }
  sample();
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const bytes = statSync(file).size;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
  console.log(`format           ${format}${scan ? " + sensitive scan" : ""}`);
  console.log(`file             ${path.relative(process.cwd(), file)} (${mb(bytes)} MB)`);
  console.log(`events           ${events.toLocaleString("en")} (${problems} problems${scan ? `, ${flagged.toLocaleString("en")} flagged` : ""})`);
  console.log(`time             ${seconds.toFixed(2)} s`);
  console.log(`throughput       ${Math.round(events / seconds).toLocaleString("en")} events/s, ${(bytes / 1024 / 1024 / seconds).toFixed(0)} MB/s`);
  console.log(`peak RSS         ${mb(peak)} MB (sampled process.memoryUsage().rss)`);
  console.log(`maxRSS           ${mb(process.resourceUsage().maxRSS * 1024)} MB (process.resourceUsage().maxRSS)`);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.parseOnly !== null) return parseOnly(args.parseOnly, args.format, args.scan);

  const dir = path.resolve(__dirname, "out");
  mkdirSync(dir, { recursive: true });
  const name = args.gb !== null ? `traffic-${args.format}-${args.gb}gb.log` : `traffic-${args.format}-${args.events}.log`;
  const file = path.join(dir, name);
  if (existsSync(file)) {
    console.log(`reusing ${path.relative(process.cwd(), file)}`);
  } else {
    const t = Date.now();
    await generate(file, args.format, args.events, args.gb !== null ? Math.round(args.gb * 1024 ** 3) : null);
    console.log(`generated ${path.relative(process.cwd(), file)} in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, __filename, "--format", args.format, "--parse-only", file, ...(args.scan ? ["--scan"] : [])],
    { stdio: "inherit" },
  );
  process.exitCode = child.status ?? 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
