// Ingest runs left 'running' by a process that died before it could record the outcome (killed, out of
// memory, a crash such as postgres.js's nextWrite one before patches/postgres+3.4.9.patch): the sweep marks
// them failed and audits them, never a run still in flight; the CLI sweeps before an ingest (the server at
// start and every 15 minutes).
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { applications, auditLog, ingestRuns } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { INTERRUPTED_PROBLEM, sweepInterruptedRuns } from "@/lib/server/ingest/runs";
import { ingestTraffic } from "@/lib/server/ingest/traffic";
import { useTestDatabase } from "../db";

const actor: Actor = { label: "test", role: "admin" };
const HOUR = 60 * 60 * 1000;
let db: Db;
let sql: postgres.Sql;
let url: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sibyl-interrupted-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const line = (i: number) => `10.0.${(i >> 8) & 255}.${i & 255} - - [20/Nov/2026:10:${String(Math.floor(i / 1000) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")} +0000] "GET /api/items/${i} HTTP/1.1" 200 ${i % 5000} "-" "sweep/1"\n`;
const log = (n: number) => Array.from({ length: n }, (_, i) => line(i)).join("");

/** The arguments and environment of a `sibyl` CLI process, as cli.test.ts runs it. */
function cli(args: string[], env: Record<string, string> = {}) {
  return { args: ["--conditions=react-server", "--import", "tsx", "lib/cli/main.ts", ...args], env: { ...process.env, DATABASE_URL: url, SIBYL_BCRYPT_COST: "4", ...env } };
}

function sibyl(args: string[], env: Record<string, string> = {}) {
  const c = cli(args, env);
  const result = spawnSync(process.execPath, c.args, { encoding: "utf8", env: c.env, timeout: 120_000 });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

/** Ingest-run locks (withIngestRun's advisory lock) held in this test's database. */
async function runLocksHeld(): Promise<number> {
  const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from pg_locks where locktype = 'advisory' and classid = ${0x53494259} and granted and database = (select oid from pg_database where datname = current_database())`;
  return n;
}

async function waitFor(what: string, check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function leftRunning(startedAt: Date, sourceName: string): Promise<string> {
  const [run] = await db.insert(ingestRuns).values({ kind: "traffic", format: "nginx", sourceName, trigger: "cli", startedAt }).returning({ id: ingestRuns.id });
  return run.id;
}

async function expectSwept(id: string): Promise<void> {
  const [run] = await db.select({ status: ingestRuns.status, errors: ingestRuns.errors, finishedAt: ingestRuns.finishedAt }).from(ingestRuns).where(eq(ingestRuns.id, id));
  expect(run).toMatchObject({ status: "failed", errors: [INTERRUPTED_PROBLEM] });
  expect(run.finishedAt).not.toBeNull();
  const audits = await db.select({ action: auditLog.action, actorLabel: auditLog.actorLabel, detail: auditLog.detail }).from(auditLog).where(and(eq(auditLog.targetType, "ingest_run"), eq(auditLog.targetId, id)));
  expect(audits).toEqual([{ action: "ingest.traffic.failed", actorLabel: "system", detail: expect.objectContaining({ reason: "interrupted", problems: [INTERRUPTED_PROBLEM] }) }]);
}

beforeAll(async () => {
  const handle = await useTestDatabase();
  db = handle.db;
  sql = handle.driver as postgres.Sql;
  url = handle.url as string;
});

describe("ingest runs left 'running' by a process that died", () => {
  it("a CLI killed mid-ingest leaves its run running; the sweep marks it failed and audits it, once; nothing of it was stored", { timeout: 240_000 }, async () => {
    const file = path.join(dir, "big.log");
    fs.writeFileSync(file, log(200_000));
    const c = cli(["ingest", "traffic", file, "--app", "killed-cli", "--format", "nginx"]);
    const child = spawn(process.execPath, c.args, { env: c.env, stdio: "ignore" });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    // its transaction is open (it holds the run's lock): kill it the hard way, as the OOM killer would
    await waitFor("the CLI's ingest transaction", async () => (await runLocksHeld()) === 1);
    child.kill("SIGKILL");
    await exited;
    const [run] = await db.select({ id: ingestRuns.id, status: ingestRuns.status }).from(ingestRuns).where(eq(ingestRuns.sourceName, "big.log"));
    expect(run.status).toBe("running");

    // not stale yet (the default is an hour): left alone
    expect(await sweepInterruptedRuns(db)).toEqual([]);
    // PostgreSQL ends the dead client's transaction when it sees the socket close: then the run is swept
    let swept: Awaited<ReturnType<typeof sweepInterruptedRuns>> = [];
    await waitFor("the sweep", async () => (swept = await sweepInterruptedRuns(db, { olderThanMs: 0 })).length > 0, 30_000);
    expect(swept).toEqual([{ id: run.id, kind: "traffic", sourceName: "big.log", startedAt: expect.any(Date) }]);
    await expectSwept(run.id);
    expect(await db.select().from(applications).where(eq(applications.slug, "killed-cli"))).toEqual([]);
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from traffic_fingerprints`;
    expect(n).toBe(0);
    // a second sweep finds nothing more to do (and writes no second audit row)
    expect(await sweepInterruptedRuns(db, { all: true })).toEqual([]);
    await expectSwept(run.id);
  });

  it("leaves a run in flight alone, whatever its age and even with all", { timeout: 120_000 }, async () => {
    let resume!: () => void;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    const text = Buffer.from(log(1000));
    async function* paused(): AsyncGenerator<Buffer> {
      yield text.subarray(0, text.indexOf("\n", 1000) + 1);
      await resumed;
      yield text.subarray(text.indexOf("\n", 1000) + 1);
    }
    const running = ingestTraffic({ db, actor, trigger: "test" }, { stream: paused(), appSlug: "in-flight", format: "nginx", sourceName: "in-flight.log" });
    await waitFor("the ingest's transaction", async () => (await runLocksHeld()) === 1);
    expect(await sweepInterruptedRuns(db, { olderThanMs: 0 })).toEqual([]);
    expect(await sweepInterruptedRuns(db, { all: true, now: new Date(Date.now() + 24 * HOUR) })).toEqual([]);
    resume();
    const summary = await running;
    expect(summary.status, JSON.stringify(summary.errors)).toBe("succeeded");
    expect(summary.recordsAccepted).toBe(1000);
    const [run] = await db.select({ status: ingestRuns.status }).from(ingestRuns).where(eq(ingestRuns.id, summary.id));
    expect(run.status).toBe("succeeded");
  });

  it("by default takes runs older than an hour; with all (the only process on the database), every run left running", async () => {
    const old = await leftRunning(new Date(Date.now() - 2 * HOUR), "old.log");
    const recent = await leftRunning(new Date(Date.now() - 5 * 60 * 1000), "recent.log");
    expect((await sweepInterruptedRuns(db)).map((r) => r.id)).toEqual([old]);
    await expectSwept(old);
    const [stillRunning] = await db.select({ status: ingestRuns.status }).from(ingestRuns).where(eq(ingestRuns.id, recent));
    expect(stillRunning.status).toBe("running");
    expect((await sweepInterruptedRuns(db, { all: true })).map((r) => r.id)).toEqual([recent]);
    await expectSwept(recent);
    expect(await sweepInterruptedRuns(db, { all: true })).toEqual([]);
  });

  it("the CLI sweeps stale runs before an ingest on PostgreSQL", { timeout: 120_000 }, async () => {
    const stale = await leftRunning(new Date(Date.now() - 3 * HOUR), "stale.log");
    const fresh = await leftRunning(new Date(), "someone-else-now.log");
    const r = sibyl(["ingest", "traffic", "test/fixtures/ingest/shop.har", "--app", "after-sweep"]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`Marked 1 interrupted ingest run(s) failed (the process stopped before they finished; nothing of theirs was stored): ${stale}`);
    await expectSwept(stale);
    // on PostgreSQL another process may be ingesting right now: a recent run is not the CLI's to judge
    const [other] = await db.select({ status: ingestRuns.status }).from(ingestRuns).where(eq(ingestRuns.id, fresh));
    expect(other.status).toBe("running");
    await db.delete(ingestRuns).where(eq(ingestRuns.id, fresh));
  });

  it("the CLI on an embedded database (it holds the only lock) marks every run left running failed", { timeout: 240_000 }, async () => {
    const dataDir = path.join(dir, "embedded");
    const embedded = await openDatabase({ dataDir });
    let id: string;
    try {
      await migrateDatabase(embedded);
      [{ id }] = await embedded.db.insert(ingestRuns).values({ kind: "traffic", format: "nginx", sourceName: "crashed.log", trigger: "ui", startedAt: new Date() }).returning({ id: ingestRuns.id });
    } finally {
      await embedded.close();
    }
    const r = sibyl(["ingest", "traffic", "test/fixtures/ingest/shop.har", "--app", "embedded-app"], { DATABASE_URL: "", SIBYL_DATA_DIR: dataDir });
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`Marked 1 interrupted ingest run(s) failed`);
    const reopened = await openDatabase({ dataDir });
    try {
      const [run] = await reopened.db.select({ status: ingestRuns.status, errors: ingestRuns.errors }).from(ingestRuns).where(eq(ingestRuns.id, id));
      expect(run).toEqual({ status: "failed", errors: [INTERRUPTED_PROBLEM] });
      const [audit] = await reopened.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, id));
      expect(audit).toEqual({ action: "ingest.traffic.failed" });
    } finally {
      await reopened.close();
    }
  });
});
