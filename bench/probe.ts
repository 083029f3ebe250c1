// TLS probe benchmark:   npx tsx bench/probe.ts [--servers 200] [--silent 4] [--concurrency 32] [--timeout 2000]
// Starts N loopback TLS servers with mixed certificates (made by `openssl` into a temp dir: valid
// RSA 2048, EC P-256, RSA 1024, expired, self-signed, wrong host) and mixed protocol settings, plus a
// few silent TCP ports, probes them all with probeMany and grades them. Target: 200 servers < 10 s.
// The servers run in a worker thread, so their handshake CPU does not share the prober's event loop
// (as remote servers would not). Only 127.0.0.1 is contacted. Figures go to bench/out/probe.json.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { Worker } from "node:worker_threads";

// lib/server modules start with `import "server-only"`, which only resolves outside React under the
// react-server condition: re-run this file with it when it was started without.
if (!process.execArgv.some((a) => a.includes("react-server")) && !process.env.SIBYL_BENCH_CHILD) {
  const child = spawnSync(process.execPath, [...process.execArgv, "--conditions=react-server", ...process.argv.slice(1)], { stdio: "inherit", env: { ...process.env, SIBYL_BENCH_CHILD: "1" } });
  process.exit(child.status ?? 1);
}

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "bench/out/probe.json");
const { values } = parseArgs({ options: { servers: { type: "string" }, silent: { type: "string" }, concurrency: { type: "string" }, timeout: { type: "string" } } });
const SERVERS = Number(values.servers ?? 200);
const SILENT = Number(values.silent ?? 4);
const CONCURRENCY = Number(values.concurrency ?? 32);
const TIMEOUT_MS = Number(values.timeout ?? 2000);

type Leaf = { key: string; cert: string };

function makeCertificates(dir: string): { ca: string; leaves: Record<string, Leaf> } {
  const run = (args: string[], env: Record<string, string> = {}) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe", env: { ...process.env, ...env } });
  fs.mkdirSync(path.join(dir, "db"));
  fs.writeFileSync(path.join(dir, "db/index.txt"), "");
  fs.writeFileSync(path.join(dir, "db/serial"), "1000\n");
  fs.writeFileSync(
    path.join(dir, "ca.cnf"),
    ["[ca]", "default_ca = c", "[c]", "database = ./db/index.txt", "serial = ./db/serial", "new_certs_dir = ./db", "certificate = ./ca.pem", "private_key = ./ca.key", "default_md = sha256",
      "policy = p", "unique_subject = no", "[p]", "commonName = supplied", "[leaf]", "basicConstraints = CA:FALSE", "subjectAltName = ${ENV::SAN}", ""].join("\n"),
  );
  run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj", "/CN=Sibyl Bench CA", "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign"]);
  const read = (name: string): Leaf => ({ key: fs.readFileSync(path.join(dir, `${name}.key`), "utf8"), cert: fs.readFileSync(path.join(dir, `${name}.pem`), "utf8") });
  const issue = (name: string, keyArgs: string[], san: string, dates = ["-days", "30"]) => {
    run(["req", "-new", "-nodes", ...keyArgs, "-keyout", `${name}.key`, "-out", `${name}.csr`, "-subj", `/CN=${name}`]);
    run(["ca", "-batch", "-config", "ca.cnf", "-in", `${name}.csr`, "-out", `${name}.pem`, "-extensions", "leaf", "-notext", ...dates], { SAN: san });
    return read(name);
  };
  const local = "DNS:localhost,IP:127.0.0.1";
  const leaves: Record<string, Leaf> = {
    rsa2048: issue("rsa2048", ["-newkey", "rsa:2048"], local),
    ecP256: issue("ec", ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"], local),
    rsa1024: issue("rsa1024", ["-newkey", "rsa:1024"], local),
    expired: issue("expired", ["-newkey", "rsa:2048"], local, ["-startdate", "20200101000000Z", "-enddate", "20200201000000Z"]),
    wrongHost: issue("wrong", ["-newkey", "rsa:2048"], "DNS:other.example"),
  };
  run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "self.key", "-out", "self.pem", "-days", "30", "-subj", "/CN=localhost", "-addext", `subjectAltName=${local}`]);
  leaves.selfSigned = read("self");
  return { ca: fs.readFileSync(path.join(dir, "ca.pem"), "utf8"), leaves };
}

const PROFILES: { name: string; leaf: string; options: Record<string, string> }[] = [
  { name: "rsa2048-default", leaf: "rsa2048", options: {} },
  { name: "ec-p256-default", leaf: "ecP256", options: {} },
  { name: "rsa2048-tls10", leaf: "rsa2048", options: { minVersion: "TLSv1", ciphers: "DEFAULT@SECLEVEL=0" } },
  { name: "rsa2048-tls13-only", leaf: "rsa2048", options: { minVersion: "TLSv1.3" } },
  { name: "rsa1024", leaf: "rsa1024", options: { ciphers: "DEFAULT@SECLEVEL=0" } },
  { name: "expired", leaf: "expired", options: {} },
  { name: "self-signed", leaf: "selfSigned", options: {} },
  { name: "wrong-host", leaf: "wrongHost", options: {} },
];

// Plain JavaScript run by the worker: TLS servers (answering and closing) and silent TCP servers on 127.0.0.1.
const SERVER_WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const net = require("node:net");
const tls = require("node:tls");
const listen = (server) => new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server.address().port)));
(async () => {
  const ports = [];
  for (const spec of workerData.servers) {
    const server = spec.silent ? net.createServer(() => undefined) : tls.createServer({ ...spec.leaf, ...spec.options, noDelay: true }, (s) => s.end());
    server.on("connection", (s) => s.on("error", () => undefined));
    ports.push(await listen(server));
  }
  parentPort.postMessage(ports);
})();
`;

function startServers(specs: { leaf?: Leaf; options?: Record<string, string>; silent?: boolean }[]): Promise<{ ports: number[]; worker: Worker }> {
  const worker = new Worker(SERVER_WORKER, { eval: true, workerData: { servers: specs } });
  return new Promise((resolve, reject) => {
    worker.once("message", (ports: number[]) => resolve({ ports, worker }));
    worker.once("error", reject);
  });
}

async function main() {
  const { probeMany } = await import("../lib/server/probe/tls");
  const { gradeTls } = await import("../lib/domain/scoring/tls-grade");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sibyl-bench-probe-"));
  let worker: Worker | null = null;
  try {
    const t0 = performance.now();
    const { ca, leaves } = makeCertificates(dir);
    const certMs = performance.now() - t0;
    // Silent ports go among the first targets (every 8th), so their timeouts run while the rest is probed
    // instead of adding to the end: the batch takes about max(probing, one timeout), not their sum.
    const order: ((typeof PROFILES)[number] | "silent")[] = Array.from({ length: SERVERS }, (_, i) => PROFILES[i % PROFILES.length]);
    for (let k = SILENT - 1; k >= 0; k--) order.splice(Math.min(order.length, k * 8), 0, "silent");
    const servers = await startServers(order.map((p) => (p === "silent" ? { silent: true } : { leaf: leaves[p.leaf], options: p.options })));
    worker = servers.worker;
    const targets = servers.ports.map((port, i) => {
      const profile = order[i];
      return { host: "localhost", port, profile: profile === "silent" ? "silent" : profile.name };
    });

    const started = performance.now();
    const results = await probeMany(targets, { concurrency: CONCURRENCY, timeoutMs: TIMEOUT_MS, ca });
    const totalMs = performance.now() - started;

    const byProfile: Record<string, Record<string, number>> = {};
    results.forEach((result, i) => {
      const grade = result.error ? `error: ${result.error.replace(/\d+ ms/, "N ms")}` : gradeTls(result, { maxAge: 31_536_000 }).grade;
      const bucket = (byProfile[targets[i].profile] ??= {});
      bucket[grade] = (bucket[grade] ?? 0) + 1;
    });
    const report = {
      at: new Date().toISOString(),
      node: process.version,
      openssl: process.versions.openssl,
      servers: SERVERS,
      silentPorts: SILENT,
      concurrency: CONCURRENCY,
      timeoutMs: TIMEOUT_MS,
      certificateGenerationMs: Math.round(certMs),
      totalProbeMs: Math.round(totalMs),
      probesPerSecond: Math.round(((SERVERS + SILENT) / totalMs) * 1000),
      targetMet: SERVERS >= 200 ? totalMs < 10_000 : null,
      untestable: results.find((r) => !r.error)?.untestable ?? [],
      untestableCiphers: results.find((r) => !r.error)?.untestableCiphers ?? [],
      gradesByProfile: byProfile,
    };
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`certificates: ${report.certificateGenerationMs} ms (openssl)`);
    console.log(`probed ${SERVERS} TLS servers + ${SILENT} silent ports, concurrency ${CONCURRENCY}, timeout ${TIMEOUT_MS} ms: ${report.totalProbeMs} ms (${report.probesPerSecond}/s)${report.targetMet === null ? "" : report.targetMet ? " — under the 10 s target" : " — OVER the 10 s target"}`);
    for (const [profile, grades] of Object.entries(byProfile)) console.log(`  ${profile.padEnd(20)} ${Object.entries(grades).map(([g, n]) => `${g} ×${n}`).join(", ")}`);
    if (report.untestable.length) console.log(`  untestable here: ${report.untestable.join(", ")}`);
    console.log(`written ${path.relative(ROOT, OUT)}`);
  } finally {
    await worker?.terminate();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
