// End-to-end tests: Playwright drives Debian's Chromium against `next start`
// (build first: `next build`) backed by a throw-away local PostgreSQL database.
// See e2e/global-setup.ts for why the database and a snapshot of the build are
// prepared by the webServer command (Playwright starts the webServer before
// globalSetup).
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { E2E_DATABASE_URL, E2E_PORT as PORT, E2E_SERVER_DIR } from "./e2e/global-setup";
import { E2E_OIDC_CLIENT_ID, E2E_OIDC_CLIENT_SECRET, E2E_OIDC_ISSUER, E2E_OIDC_NAME } from "./e2e/oidc-idp";

const BASE_URL = `http://127.0.0.1:${PORT}`;

/**
 * Playwright empties the output folders before it finds out that the port is
 * taken. When another run already serves this port (same checkout), this run is
 * going to fail anyway: send its output elsewhere instead of deleting the
 * traces of the run in progress. Decided once, in the main process; workers
 * inherit the answer through the environment.
 */
function outputRoot(): string {
  if (!process.env.SIBYL_E2E_OUTPUT_ROOT) {
    const probe = `require("node:net").connect(${PORT}, "127.0.0.1").on("connect", () => process.exit(0)).on("error", () => process.exit(1))`;
    const busy = spawnSync(process.execPath, ["-e", probe], { timeout: 5_000 }).status === 0;
    process.env.SIBYL_E2E_OUTPUT_ROOT = busy ? path.join(os.tmpdir(), `sibyl-e2e-port-${PORT}-busy-${process.pid}`) : __dirname;
  }
  return process.env.SIBYL_E2E_OUTPUT_ROOT;
}
const OUTPUT_ROOT = outputRoot();

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: path.join(OUTPUT_ROOT, "test-results"),
  reporter: [["list"], ["html", { open: "never", outputFolder: path.join(OUTPUT_ROOT, "playwright-report") }]],
  globalSetup: "./e2e/global-setup.ts",
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    { name: "chromium", testMatch: /.*\.spec\.ts$/, dependencies: ["setup"] },
  ],
  webServer: [
    {
      // The single sign-on provider (a real OpenID Connect provider on loopback, see e2e/oidc-idp.ts).
      command: "exec node_modules/.bin/tsx e2e/oidc-idp.ts --serve",
      url: `${E2E_OIDC_ISSUER}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      // Prepares the database and a snapshot of the build, then serves the snapshot (see e2e/global-setup.ts).
      command: `node_modules/.bin/tsx e2e/global-setup.ts --prepare && exec node_modules/.bin/next start ${E2E_SERVER_DIR} -p ${PORT} -H 127.0.0.1`,
      url: `${BASE_URL}/sign-in`,
      reuseExistingServer: false,
      // Seeding the demo (scores and policy decisions over its 90 days) takes about a minute on a quiet 2-core machine.
      timeout: 300_000,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        DATABASE_URL: E2E_DATABASE_URL,
        AUTH_SECRET: "e2e-only-AUTH_SECRET-not-for-production-0123",
        AUTH_TRUST_HOST: "true",
        NEXT_TELEMETRY_DISABLED: "1",
        SIBYL_BCRYPT_COST: "4",
        // The tests fail sign-ins on purpose; keep the loopback address usable.
        SIBYL_SIGNIN_MAX_FAILURES_PER_IP: "1000",
        // The per-account limit keeps its default (5); sign-in.spec.ts proves it.
        SIBYL_SIGNIN_MAX_FAILURES_PER_ACCOUNT: "5",
        SIBYL_SIGNIN_WINDOW_MINUTES: "15",
        // The triage test moves the triage clock past a risk acceptance's expiry.
        SIBYL_TEST_ROUTES: "1",
        // Single sign-on against e2e/oidc-idp.ts; auto-provisioning stays off (the default).
        AUTH_OIDC_ISSUER: E2E_OIDC_ISSUER,
        AUTH_OIDC_CLIENT_ID: E2E_OIDC_CLIENT_ID,
        AUTH_OIDC_CLIENT_SECRET: E2E_OIDC_CLIENT_SECRET,
        AUTH_OIDC_NAME: E2E_OIDC_NAME,
      },
    },
  ],
});
