import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { DatabaseLockedError, openDatabase, type DatabaseHandle } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { syncProviderCatalog } from "@/db/seed/catalog";
import { dropDatabase, recreateDatabase } from "../pg-admin";

async function tableNames(handle: DatabaseHandle): Promise<string[]> {
  const result = await handle.db.execute<{ table_name: string }>(
    sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`,
  );
  const rows = (Array.isArray(result) ? result : (result as { rows: { table_name: string }[] }).rows) as { table_name: string }[];
  return rows.map((r) => r.table_name);
}

async function checkAppendOnlyAudit(handle: DatabaseHandle) {
  await handle.db.execute(sql`insert into audit_log (actor_label, action, target_type) values ('test', 'test.write', 'test')`);
  const failure = (p: Promise<unknown>) => p.then(() => "succeeded", (e: Error & { cause?: Error }) => `${e.message} ${e.cause?.message ?? ""}`);
  expect(await failure(handle.db.execute(sql`update audit_log set action = 'tampered'`))).toMatch(/append-only/);
  expect(await failure(handle.db.execute(sql`delete from audit_log`))).toMatch(/append-only/);
}

const EXPECTED_TABLES = [
  "accounts", "api_spec_versions", "api_tokens", "app_settings", "applications", "attestations", "audit_log", "dependencies",
  "dependency_risks", "endpoints", "finding_comments", "finding_status_history", "findings", "ingest_runs", "internal_apis",
  "policies", "policy_exceptions", "dependency_decisions", "decision_changes", "provider_scores", "provider_specs", "providers", "reports", "scoring_models", "sessions", "sign_in_attempts", "signals", "teams",
  "users", "verification_tokens",
];

describe("migrations", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it("apply cleanly to an empty PostgreSQL database, twice", async () => {
    const name = `sibyl_test_mig_${process.pid}`;
    const url = await recreateDatabase(name);
    const handle = await openDatabase({ url, dataDir: "unused" });
    cleanups.push(async () => {
      await handle.close();
      await dropDatabase(name);
    });
    expect(handle.kind).toBe("postgres");
    await migrateDatabase(handle);
    await migrateDatabase(handle);
    const tables = await tableNames(handle);
    for (const t of EXPECTED_TABLES) expect(tables).toContain(t);
    const { providers } = await syncProviderCatalog(handle.db);
    expect(providers).toBeGreaterThanOrEqual(80);
    await checkAppendOnlyAudit(handle);
  });

  it("apply cleanly to an empty PGlite folder, with the same tables", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sibyl-pglite-"));
    const handle = await openDatabase({ dataDir: dir });
    cleanups.push(async () => {
      await handle.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    expect(handle.kind).toBe("pglite");
    await migrateDatabase(handle);
    await migrateDatabase(handle);
    const tables = await tableNames(handle);
    for (const t of EXPECTED_TABLES) expect(tables).toContain(t);
    await syncProviderCatalog(handle.db);
    await checkAppendOnlyAudit(handle);
  }, 180_000);

  it("refuses a second open of the same PGlite folder, in this process or another", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sibyl-lock-"));
    const first = await openDatabase({ dataDir: dir });
    await expect(openDatabase({ dataDir: dir })).rejects.toBeInstanceOf(DatabaseLockedError);
    await first.close();

    // A lock held by another live process.
    const other = spawn("sleep", ["30"]);
    fs.writeFileSync(path.join(dir, "sibyl.lock"), String(other.pid));
    await expect(openDatabase({ dataDir: dir })).rejects.toThrow(/already open in process/);
    other.kill();
    await new Promise((r) => other.on("exit", r));

    // A stale lock (its process is gone) is taken over.
    const reopened = await openDatabase({ dataDir: dir });
    await reopened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 180_000);
});
