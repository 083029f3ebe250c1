// Malformed input through the real ingest pipeline on PostgreSQL, for an existing application and for a new
// one: a sample of the fuzz inputs of lib/domain/ingest/fuzz-support.ts per format. A refused run must say what
// is wrong (line or path), record itself as failed, and leave every table as it was except the ingest run and
// audit rows that record the refusal. Then a PostgreSQL connection killed in the middle of an ingest: no
// partial run is left behind and the same file goes in on the next try.
import fs from "node:fs";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle, type Db } from "@/db/client";
import { auditLog, ingestRuns } from "@/db/schema";
import { FUZZ_FORMATS, LOCATION, malformedInputs, type FuzzFormat, type FuzzInput } from "@/lib/domain/ingest/fuzz-support";
import type { Actor } from "@/lib/server/actor";
import { ingestCatalog } from "@/lib/server/ingest/catalog";
import { ingestOpenApi } from "@/lib/server/ingest/openapi";
import type { IngestContext, IngestRunSummary } from "@/lib/server/ingest/runs";
import { ingestSbom } from "@/lib/server/ingest/sbom";
import { ingestTraffic } from "@/lib/server/ingest/traffic";
import { useTestDatabase } from "../db";

const SAMPLE = Number(process.env.SIBYL_FUZZ_PIPELINE_SAMPLE ?? 60);
const SEED = 20261126;
/** Per pipeline run, inputs under 1 MB (a few are 1–5 MB: more time for those). */
const BOUND_MS = 15_000;
const actor: Actor = { label: "fuzz", role: "admin" };
const now = new Date("2026-11-26T00:00:00Z");
/** Rows a refused run may add: its own ingest run, and the audit row recording the refusal. */
const REFUSAL_TABLES = ["ingest_runs", "audit_log"];

let db: Db;
let sql: postgres.Sql;
let url: string;
let tables: string[];
const ctx = (database: Db = db): IngestContext => ({ db: database, actor, trigger: "test", now });

async function* chunks(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < data.length; i += size) yield data.subarray(i, i + size);
}

/** Row count and a digest of the contents of every table in the public schema. */
async function snapshot(): Promise<Record<string, string>> {
  const parts = tables.map((t) => `select '${t}' as t, count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as v from "${t}" x`);
  const rows = await sql.unsafe<{ t: string; v: string }[]>(parts.join(" union all "));
  return Object.fromEntries(rows.map((r) => [r.t, r.v]));
}

const rowCount = (digest: string) => Number(digest.split(":")[0]);
const without = (s: Record<string, string>, keys: string[]) => Object.fromEntries(Object.entries(s).filter(([k]) => !keys.includes(k)));

/** Sends one input through the pipeline of its format. */
function ingest(format: FuzzFormat, input: FuzzInput, appSlug: string, autoDetect: boolean): Promise<IngestRunSummary> {
  const text = input.text ?? input.bytes.toString("utf8");
  const sourceName = `fuzz ${input.label}`.slice(0, 200);
  switch (format) {
    case "openapi":
      return ingestOpenApi(ctx(), { text, appSlug, sourceName });
    case "cyclonedx":
      return ingestSbom(ctx(), { text, appSlug, sourceName });
    case "backstage":
      return ingestCatalog(ctx(), { text, sourceName });
    default: {
      const bytes = input.text !== undefined ? Buffer.from(input.text) : input.bytes;
      return ingestTraffic(ctx(), { stream: chunks(bytes, input.chunkSize), appSlug, ...(autoDetect ? {} : { format }), sourceName });
    }
  }
}

/** The pipeline's own locations besides the parsers': a catalog entity, or an API's embedded definition. */
const PIPELINE_LOCATION = /^(?:(?:Component|API|Group) \S+(?: definition, .+)?|--app|upload|run)$/s;

beforeAll(async () => {
  const handle = await useTestDatabase();
  db = handle.db;
  sql = handle.driver as postgres.Sql;
  url = handle.url as string;
  tables = (
    await sql<{ table_name: string }[]>`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`
  ).map((r) => r.table_name);
  // An existing application with an API, traffic, an SBOM, and a catalog with teams and components.
  const read = (p: string) => fs.readFileSync(`test/fixtures/${p}`);
  const ok = (s: IngestRunSummary) => expect(s.status, JSON.stringify(s.errors)).toBe("succeeded");
  ok(await ingestOpenApi(ctx(), { text: read("ingest/shop-v1.yaml").toString(), appSlug: "shop", sourceName: "shop-v1.yaml" }));
  ok(await ingestTraffic(ctx(), { stream: chunks(read("ingest/shop.har"), 65536), appSlug: "shop", sourceName: "shop.har" }));
  ok(await ingestTraffic(ctx(), { stream: chunks(read("traffic/envoy-access.log"), 65536), appSlug: "shop", format: "envoy", sourceName: "envoy.log" }));
  ok(await ingestSbom(ctx(), { text: read("sbom/vulnerabilities-1.5.cdx.json").toString(), appSlug: "shop", sourceName: "sbom.json" }));
  ok(await ingestCatalog(ctx(), { text: read("backstage/catalog-info.yaml").toString(), sourceName: "catalog-info.yaml" }));
});

describe("malformed input through the ingest pipeline on PostgreSQL", () => {
  it("lists every table it watches", () => {
    expect(tables).toEqual(expect.arrayContaining(["applications", "endpoints", "dependencies", "internal_apis", "api_spec_versions", "findings", "sbom_components", "sbom_vulnerabilities", "teams", "traffic_fingerprints", "ingest_runs", "audit_log"]));
  });

  it.each(FUZZ_FORMATS)(`%s: ${SAMPLE} malformed inputs, new and existing application: located refusal, nothing stored`, { timeout: 600_000 }, async (format) => {
    const inputs = fc.sample(malformedInputs(format), { numRuns: SAMPLE, seed: SEED });
    const seen = { refused: 0, stored: 0 };
    let before = await snapshot();
    for (const [i, input] of inputs.entries()) {
      const slug = i % 2 === 0 ? "shop" : `fuzz-new-${format}-${i}`;
      const what = `${format} #${i} for ${slug}: ${input.label}`;
      const start = performance.now();
      const summary = await ingest(format, input, slug, i % 4 === 3);
      const ms = performance.now() - start;
      expect(ms, `${what} took ${Math.round(ms)} ms`).toBeLessThan(input.bytes.length > 1024 * 1024 ? BOUND_MS * 3 : BOUND_MS);
      // never the pipeline's "internal error": that is a crash the input caused
      expect(summary.failure, `${what}: ${JSON.stringify(summary.errors)}`).not.toBe("internal");
      for (const e of summary.errors) {
        expect(LOCATION.test(e.location) || PIPELINE_LOCATION.test(e.location), `${what}: location ${JSON.stringify(e.location)}`).toBe(true);
        expect(e.reason.length, what).toBeGreaterThan(4);
      }
      const after = await snapshot();
      const [run] = await db.select({ status: ingestRuns.status, errors: ingestRuns.errors, applicationId: ingestRuns.applicationId }).from(ingestRuns).where(eq(ingestRuns.id, summary.id));
      expect(run.status, what).toBe(summary.status);
      if (summary.status === "failed") {
        seen.refused++;
        expect(summary.failure, what).toBe("invalid");
        expect(summary.errors.length, what).toBeGreaterThan(0);
        expect(LOCATION.test(summary.errors[0].location), `${what}: ${summary.errors[0].location}`).toBe(true);
        expect(run.errors.length, what).toBeGreaterThan(0);
        expect(summary.notes.join(" "), what).not.toMatch(/Created/);
        if (slug !== "shop" && format !== "backstage") {
          expect(run.applicationId, what).toBeNull();
          expect(summary.application, what).toBe(slug);
        }
        // every table as it was, but for the failed run and its audit row
        expect(without(after, REFUSAL_TABLES), what).toEqual(without(before, REFUSAL_TABLES));
        expect(rowCount(after.ingest_runs), what).toBe(rowCount(before.ingest_runs) + 1);
        expect(rowCount(after.audit_log), what).toBe(rowCount(before.audit_log) + 1);
        const [audit] = await db.select({ action: auditLog.action, targetId: auditLog.targetId }).from(auditLog).where(eq(auditLog.targetId, summary.id));
        expect(audit, what).toEqual({ action: expect.stringMatching(/^ingest\.[a-z]+\.failed$/), targetId: summary.id });
      } else {
        // bad records beside good ones (a log with some broken lines): stored, each rejection located above
        seen.stored++;
        expect(["succeeded", "unchanged"], what).toContain(summary.status);
      }
      before = after;
    }
    expect(seen.refused + seen.stored).toBe(SAMPLE);
    expect(seen.refused, JSON.stringify(seen)).toBeGreaterThan(0);
  });
});

describe("a PostgreSQL connection killed mid-ingest", () => {
  // 60,000 distinct nginx lines (about 7 MB); the stream pauses after 30,000 so the ingest is surely in flight.
  const LINES = 60_000;
  const line = (i: number) => `10.0.${(i >> 8) & 255}.${i & 255} - - [20/Nov/2026:10:${String(Math.floor(i / 1000) % 60).padStart(2, "0")}:${String(i % 60).padStart(2, "0")} +0000] "GET /api/items/${i}/detail?page=${i % 7} HTTP/1.1" 200 ${i % 5000} "-" "fuzz/1"\n`;
  const log = Buffer.from(Array.from({ length: LINES }, (_, i) => line(i)).join(""));
  let victim: DatabaseHandle | undefined;
  afterAll(async () => victim?.close());

  it("leaves no partial run, and the same file goes in on the next try", { timeout: 300_000 }, async () => {
    // A client of its own, opened as the server and the CLI open theirs (a pool of connections).
    victim = await openDatabase({ url, dataDir: ".data-unused" });
    const victimDb = victim.db;
    const before = await snapshot();
    const runsBefore = rowCount(before.ingest_runs);

    let paused!: () => void;
    const reachedPause = new Promise<void>((resolve) => (paused = resolve));
    let resume!: () => void;
    const resumed = new Promise<void>((resolve) => (resume = resolve));
    const half = log.indexOf("\n", Math.floor(log.length / 2)) + 1;
    async function* slowStream(): AsyncGenerator<Buffer> {
      yield* chunks(log.subarray(0, half), 65536);
      paused();
      await resumed;
      yield* chunks(log.subarray(half), 65536);
    }
    const running = ingestTraffic(ctx(victimDb), { stream: slowStream(), appSlug: "killed-mid-ingest", format: "nginx", sourceName: "big.log" });
    await reachedPause;
    // the ingest's transaction is open and has written (the new application, fingerprints of the first batches);
    // nothing else in this database is inside a transaction now
    let backends: { pid: number; state: string }[] = [];
    for (let i = 0; i < 100 && backends.length === 0; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 50));
      backends = await sql`select pid, state from pg_stat_activity where datname = current_database() and state = 'idle in transaction' and pid <> pg_backend_pid()`;
    }
    expect(backends, "the ingest's backend, in its transaction").toHaveLength(1);
    const [backend] = backends;
    const [{ fingerprintsInFlight }] = await sql<{ fingerprintsInFlight: number }[]>`select count(*)::int as "fingerprintsInFlight" from traffic_fingerprints`;
    expect(fingerprintsInFlight).toBe(rowCount(before.traffic_fingerprints)); // not visible outside the transaction
    // postgres@3.4.9 as published then throws an uncatchable TypeError from a setImmediate callback ("Cannot read
    // properties of null (reading 'write')" in nextWrite) when the transaction's ROLLBACK meets the closed socket:
    // upstream porsager/postgres#1208, not fixed in 3.4.10. patches/postgres+3.4.9.patch (installed from
    // vendor/postgres-3.4.9-sibyl.1.tgz) rejects that ROLLBACK with CONNECTION_CLOSED instead. Nothing is captured
    // here: an exception escaping now is an unhandled error that fails this run, as it would crash the server or CLI.
    const [{ terminated }] = await sql<{ terminated: boolean }[]>`select pg_terminate_backend(${backend.pid}) as terminated`;
    expect(terminated).toBe(true);
    resume();
    const killed = await running;
    await new Promise((r) => setTimeout(r, 100)); // let pending immediates (the ROLLBACK's write) run inside this test

    expect(killed.status).toBe("failed");
    expect(killed.failure).toBe("internal");
    expect(killed.errors[0]).toEqual({ location: "run", reason: "Internal error while storing the data; nothing was changed." });
    expect(killed.recordsAccepted).toBe(0);
    // no run left "running", no partial rows: only the failed run and its audit row are new
    const stuck = await sql`select id from ingest_runs where status = 'running'`;
    expect(stuck).toEqual([]);
    const after = await snapshot();
    expect(without(after, REFUSAL_TABLES)).toEqual(without(before, REFUSAL_TABLES));
    expect(rowCount(after.ingest_runs)).toBe(runsBefore + 1);
    const [run] = await db.select({ status: ingestRuns.status, applicationId: ingestRuns.applicationId, finishedAt: ingestRuns.finishedAt }).from(ingestRuns).where(eq(ingestRuns.id, killed.id));
    expect(run).toMatchObject({ status: "failed", applicationId: null });
    expect(run.finishedAt).not.toBeNull();

    // the next ingest of the same file (on the same client, which reconnects) stores all of it
    const again = await ingestTraffic(ctx(victimDb), { stream: chunks(log, 65536), appSlug: "killed-mid-ingest", format: "nginx", sourceName: "big.log" });
    expect(again.status, JSON.stringify(again.errors)).toBe("succeeded");
    expect(again.recordsRead).toBe(LINES);
    expect(again.recordsAccepted).toBe(LINES);
    expect(again.notes.join(" ")).toMatch(/Created application killed-mid-ingest/);
    const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from traffic_fingerprints f join applications a on a.id = f.application_id where a.slug = 'killed-mid-ingest'`;
    expect(n).toBe(LINES);
  });
});
