// Prepares what the end-to-end server runs on: a throw-away PostgreSQL database
// (recreated, migrated and seeded with the demo organisation on every run) and a
// private snapshot of the production build.
//
// Playwright (1.65) starts config.webServer BEFORE it runs globalSetup, and the
// webServer's readiness probe (GET /sign-in) already needs the database. So the
// preparation runs in the webServer command itself, before `next start`:
//
//   tsx e2e/global-setup.ts --prepare && next start <snapshot> -p 3100
//
// which runs exactly once per server start, never when the config is merely
// loaded (workers, `--list`, editor integrations). The globalSetup hook below
// then checks that the server came up against a seeded, local database.
//
// The snapshot: `next build` deletes and rewrites .next, so a build started
// while the tests run (another terminal, an editor) would pull the server's
// pages and client chunks from under it. The server therefore runs from a
// directory of hard links to the build (instant, and immune to a rebuild) with
// symlinks to everything else in the repository.
//
// The migrate and seed scripts run as child processes (tsx with the
// react-server condition): their modules import `server-only`, which throws
// anywhere else, so they must not be imported into Playwright's process.
import { execFileSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { assertLocal, databaseUrl, recreateDatabase } from "../test/pg-admin";

/** The port `next start` listens on. Another port gets its own database, build snapshot and e2e/.auth/<port>/, so two runs can coexist. */
export const E2E_PORT = process.env.E2E_PORT ?? "3100";
if (!/^\d{2,5}$/.test(E2E_PORT)) throw new Error(`E2E_PORT must be a port number, not ${E2E_PORT}`);
export const E2E_DATABASE = E2E_PORT === "3100" ? "sibyl_e2e" : `sibyl_e2e_${E2E_PORT}`;
export const E2E_DATABASE_URL = databaseUrl(E2E_DATABASE);
/** Where the server runs from (see the snapshot note above). */
export const E2E_SERVER_DIR = path.join(os.tmpdir(), `sibyl-e2e-server-${E2E_PORT}`);
export const DEMO_ROLES = ["admin", "ciso", "secops", "developer", "auditor"] as const;

const ROOT = path.resolve(__dirname, "..");
const BUILD_DIR = path.join(ROOT, ".next");

/** The environment for the set-up scripts: only the e2e database, no first-admin variables. */
function scriptEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: E2E_DATABASE_URL, SIBYL_BCRYPT_COST: "4", NEXT_TELEMETRY_DISABLED: "1" };
  delete env.SIBYL_ADMIN_EMAIL;
  delete env.SIBYL_ADMIN_PASSWORD;
  return env;
}

function run(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const child = spawn("npm", args, { cwd: ROOT, env: scriptEnv(), stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`npm ${args.join(" ")} exited with ${code}:\n${output}`))));
  });
}

/** Recreates, migrates and seeds the e2e database. Refuses any non-local server. */
export async function prepareE2eDatabase(): Promise<void> {
  assertLocal(E2E_DATABASE_URL);
  await recreateDatabase(E2E_DATABASE);
  await run(["run", "--silent", "db:migrate"]);
  await run(["run", "--silent", "seed", "--", "--demo"]);
}

function buildId(dir: string): string | null {
  try {
    return readFileSync(path.join(dir, "BUILD_ID"), "utf8").trim();
  } catch {
    return null;
  }
}

/** Makes E2E_SERVER_DIR: hard links to the current build, symlinks to the rest of the repository. */
export function snapshotBuild(): void {
  const id = buildId(BUILD_DIR);
  if (!id) throw new Error("There is no production build in .next (or one is being written): run `next build` first.");
  rmSync(E2E_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(E2E_SERVER_DIR, { recursive: true });
  for (const entry of readdirSync(ROOT)) {
    if (entry !== ".next") symlinkSync(path.join(ROOT, entry), path.join(E2E_SERVER_DIR, entry));
  }
  const target = path.join(E2E_SERVER_DIR, ".next");
  try {
    execFileSync("cp", ["-al", BUILD_DIR, target], { stdio: "pipe" });
  } catch {
    // No hard links here (another file system, or a cp without -l): copy.
    rmSync(target, { recursive: true, force: true });
    cpSync(BUILD_DIR, target, { recursive: true });
  }
  if (buildId(BUILD_DIR) !== id || buildId(target) !== id || !existsSync(path.join(target, "server"))) {
    throw new Error("The build in .next changed while it was being copied (is `next build` running?); run the tests again when it has finished.");
  }
}

/** Runs after the webServer is up: the database it serves must be local and seeded. */
export default async function globalSetup(): Promise<void> {
  assertLocal(E2E_DATABASE_URL);
  const sql = postgres(E2E_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ email: string }[]>`select email from users where email like '%@demo.sibyl.test'`;
    const missing = DEMO_ROLES.map((r) => `${r}@demo.sibyl.test`).filter((e) => !rows.some((row) => row.email === e));
    if (missing.length) throw new Error(`The e2e database ${E2E_DATABASE} is not seeded (missing ${missing.join(", ")}); the webServer command prepares it.`);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

// `tsx e2e/global-setup.ts --prepare`, from the webServer command.
if (process.argv.includes("--prepare") && /global-setup\.ts$/.test(process.argv[1] ?? "")) {
  const started = Date.now();
  Promise.resolve()
    .then(() => snapshotBuild())
    .then(() => prepareE2eDatabase())
    .then(
      () => console.log(`e2e: build snapshot in ${E2E_SERVER_DIR}, database ${E2E_DATABASE} prepared in ${Date.now() - started} ms`),
      (error: unknown) => {
        console.error(error instanceof Error ? error.message : error);
        process.exit(1);
      },
    );
}
