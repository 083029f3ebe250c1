// The production build and `npm start` for benchmarks (the same steps bench/decisions.ts takes): the
// build in .next is used when it is newer than every source file, otherwise `next build` runs first.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export const ROOT = path.resolve(__dirname, "..");

function newestSource(): { file: string; mtime: number } {
  let newest = { file: "", mtime: 0 };
  const visit = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p)) if (!e.startsWith(".") && e !== "node_modules" && !e.endsWith(".test.ts")) visit(path.join(p, e));
    } else if (/\.(tsx?|mjs|js|css|json|sql|proto)$/.test(p) && st.mtimeMs > newest.mtime) newest = { file: path.relative(ROOT, p), mtime: st.mtimeMs };
  };
  for (const p of ["app", "lib", "db", "components", "proxy.ts", "instrumentation.ts", "next.config.ts", "package.json", "tsconfig.json"]) visit(path.join(ROOT, p));
  return newest;
}

/** Builds when the build in .next is older than a source file (or absent); returns the build's id. */
export function ensureBuild(noBuild: boolean): string {
  const idFile = path.join(ROOT, ".next", "BUILD_ID");
  const built = fs.existsSync(idFile) ? fs.statSync(idFile).mtimeMs : 0;
  const source = newestSource();
  if (built && built >= source.mtime) return fs.readFileSync(idFile, "utf8").trim();
  const why = built ? `${source.file} is newer than the build in .next` : "there is no production build in .next";
  if (noBuild) throw new Error(`${why}: run \`npm run build\` first (or drop --no-build)`);
  // Turbopack refuses a node_modules that links outside the project (a git worktree sharing one): webpack then.
  const linked = fs.lstatSync(path.join(ROOT, "node_modules")).isSymbolicLink();
  console.log(`${why}: running next build${linked ? " --webpack (node_modules is a symbolic link)" : ""}…`);
  const r = spawnSync(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build", ...(linked ? ["--webpack"] : [])], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
  return fs.readFileSync(idFile, "utf8").trim();
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once("error", () => resolve(false));
    s.listen(port, "127.0.0.1", () => s.close(() => resolve(true)));
  });
}

export interface Started {
  child: ChildProcess;
  output: () => string;
}

/**
 * The node flags package.json's script runs `script` with (`"start": "node --max-semi-space-size=1 … scripts/start.ts"`),
 * so a benchmark runs what `npm start` runs, without npm in between (which it could not stop cleanly).
 */
export function scriptNodeArgs(script: string): string[] {
  const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  for (const command of Object.values(scripts)) {
    const words = command.trim().split(/\s+/);
    if (words.at(-1) !== script) continue;
    if (words[0] === "node") return words.slice(1, -1);
    if (words[0] === "tsx") return [...words.slice(1, -1), "--import", "tsx"];
  }
  return ["--conditions=react-server", "--import", "tsx"];
}

/** A tsx script of the project (scripts/start.ts, scripts/worker.ts) with the production environment and package.json's node flags for it. */
export function spawnScript(script: string, env: NodeJS.ProcessEnv, extraNodeArgs: string[] = []): Started {
  let out = "";
  const child = spawn(process.execPath, [...extraNodeArgs, ...scriptNodeArgs(script), path.join(ROOT, script)], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (c: Buffer) => (out = (out + c.toString()).slice(-200_000)));
  child.stderr?.on("data", (c: Buffer) => (out = (out + c.toString()).slice(-200_000)));
  return { child, output: () => out };
}

export function serverEnv(url: string, port: number, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    AUTH_SECRET: crypto.randomBytes(32).toString("hex"),
    AUTH_TRUST_HOST: "true",
    AUTH_URL: `http://127.0.0.1:${port}`,
    NEXT_TELEMETRY_DISABLED: "1",
    // Outbound probes of providers are not part of any benchmark.
    SIBYL_PROBES: "off",
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    ...extra,
  };
  delete env.SIBYL_ADMIN_EMAIL;
  delete env.SIBYL_ADMIN_PASSWORD;
  return env;
}

/** Waits until `ready()` says yes, the process exits (an error), or the time is up (an error). */
export async function waitUntil(started: Started, ready: () => Promise<boolean>, what: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (started.child.exitCode !== null) throw new Error(`${what} exited with ${started.child.exitCode}:\n${started.output()}`);
    if (await ready().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs / 1000} s:\n${started.output()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** Every process's parent, name and CPU seconds (its own user + system, and its reaped children's), from Linux /proc; empty elsewhere. */
function processStats(): Map<number, { ppid: number; name: string; cpu: number; reapedCpu: number }> {
  const stats = new Map<number, { ppid: number; name: string; cpu: number; reapedCpu: number }>();
  if (!fs.existsSync("/proc/self/stat")) return stats;
  const tick = 100; // USER_HZ on Linux
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = text.lastIndexOf(")");
      const fields = text.slice(close + 2).split(" ");
      stats.set(Number(entry), { ppid: Number(fields[1]), name: text.slice(text.indexOf("(") + 1, close), cpu: (Number(fields[11]) + Number(fields[12])) / tick, reapedCpu: (Number(fields[13]) + Number(fields[14])) / tick });
    } catch {
      // gone meanwhile
    }
  }
  return stats;
}

/** CPU seconds (user + system) so far of a process and every process below it (0 off Linux). */
export function treeCpuSeconds(rootPid: number | undefined): number {
  if (!rootPid) return 0;
  const stats = processStats();
  let total = 0;
  const todo = [rootPid];
  while (todo.length) {
    const pid = todo.pop() as number;
    total += stats.get(pid)?.cpu ?? 0;
    for (const [child, s] of stats) if (s.ppid === pid) todo.push(child);
  }
  return total;
}

/** CPU seconds so far of every PostgreSQL server process on this machine, and of the backends that exited (the postmaster reaped them). */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const s of processStats().values()) if (s.name === "postgres") total += s.cpu + s.reapedCpu;
  return total;
}
