// npm run demo — the newcomer's one command: migrate and seed the embedded
// database, build the app if needed, serve it on http://localhost:3000 and
// print the demo sign-in credentials.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { migrateDatabase } from "@/db/migrate";
import { syncProviderCatalog } from "@/db/seed/catalog";
import { formatDemoCredentials, seedDemo } from "@/db/seed/demo";
import { openCliDatabase } from "@/lib/cli/database";
import { runScript } from "./run-script";

const root = process.cwd();
const port = process.env.PORT ?? "3000";

function authSecret(dataDir: string): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir, "auth-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
  }
  return fs.readFileSync(file, "utf8").trim();
}

function newestSource(dir: string): number {
  let newest = 0;
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.join(root, ".next", "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  const sources = ["app", "components", "lib", "db", "public"].map((d) => newestSource(path.join(root, d)));
  const configs = ["next.config.ts", "package-lock.json", "proxy.ts", "postcss.config.mjs"].map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs : 0));
  return Math.max(...sources, ...configs) > built;
}

async function waitForServer(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return true;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

runScript(async () => {
  const started = Date.now();
  const dataDir = process.env.SIBYL_DATA_DIR ?? ".data";
  process.env.SIBYL_DEMO = "true";
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.AUTH_SECRET = authSecret(dataDir);

  const handle = await openCliDatabase();
  try {
    await migrateDatabase(handle);
    await syncProviderCatalog(handle.db);
    const seeded = await seedDemo(handle.db);
    console.log(
      seeded.status === "seeded"
        ? `Demo organisation seeded into ${handle.kind} (${handle.location}): ${seeded.applications} applications, ${seeded.dependencies} dependencies.`
        : `Demo data already present in ${handle.location}.`,
    );
  } finally {
    await handle.close();
  }

  if (buildIsStale()) {
    console.log("Building the app (next build; about a minute on first run)…");
    const build = spawnSync(path.join(root, "node_modules/.bin/next"), ["build"], { stdio: "inherit", env: process.env });
    if (build.status !== 0) throw new Error("next build failed");
  }

  const server = spawn(path.join(root, "node_modules/.bin/next"), ["start", "-p", port], { stdio: ["ignore", "inherit", "inherit"], env: process.env });
  const stop = () => server.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const url = `http://localhost:${port}`;
  if (await waitForServer(`${url}/sign-in`, 120_000)) {
    console.log(`\nSibyl is running at ${url} (ready ${((Date.now() - started) / 1000).toFixed(1)} s after start).`);
    console.log(formatDemoCredentials());
    console.log("\nPress Ctrl+C to stop.");
  }
  await new Promise<void>((resolve) => server.on("exit", () => resolve()));
});
