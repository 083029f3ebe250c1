// The end-to-end database: a throw-away PostgreSQL database, recreated, migrated
// and seeded with the demo organisation for every `playwright test` run.
//
// Playwright (1.65) starts config.webServer BEFORE it runs globalSetup, and the
// webServer's readiness probe (GET /sign-in) already needs the database. So the
// database is prepared by the webServer command itself, before `next start`:
//
//   tsx e2e/global-setup.ts --prepare-database && next start -p 3100
//
// which runs exactly once per server start, never when the config is merely
// loaded (workers, `--list`, editor integrations). The globalSetup hook below
// then checks that the server is up against a seeded, local database.
//
// The migrate and seed scripts run as child processes (tsx with the
// react-server condition): their modules import `server-only`, which throws
// anywhere else, so they must not be imported into Playwright's process.
import { spawn } from "node:child_process";
import path from "node:path";
import postgres from "postgres";
import { assertLocal, databaseUrl, recreateDatabase } from "../test/pg-admin";

/** The port `next start` listens on. Another port gets its own database (and e2e/.auth/<port>/), so two runs can coexist. */
export const E2E_PORT = process.env.E2E_PORT ?? "3100";
if (!/^\d{2,5}$/.test(E2E_PORT)) throw new Error(`E2E_PORT must be a port number, not ${E2E_PORT}`);
export const E2E_DATABASE = E2E_PORT === "3100" ? "sibyl_e2e" : `sibyl_e2e_${E2E_PORT}`;
export const E2E_DATABASE_URL = databaseUrl(E2E_DATABASE);
export const DEMO_ROLES = ["admin", "ciso", "secops", "developer", "auditor"] as const;

const ROOT = path.resolve(__dirname, "..");

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

// `tsx e2e/global-setup.ts --prepare-database`, from the webServer command.
if (process.argv.includes("--prepare-database") && /global-setup\.ts$/.test(process.argv[1] ?? "")) {
  const started = Date.now();
  prepareE2eDatabase().then(
    () => console.log(`e2e database ${E2E_DATABASE} prepared in ${Date.now() - started} ms`),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
