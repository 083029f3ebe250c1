import "server-only";
import { reevaluateDecisions } from "../policies/reevaluate";
import { and, asc, desc, eq, lt, sql } from "drizzle-orm";
import type { Db, DatabaseHandle } from "@/db/client";
import { applications, ingestRuns } from "@/db/schema";
import { IngestInputError, type IngestProblem } from "@/lib/domain/ingest/types";
import type { IngestKind } from "@/lib/validation/ingest";
import { SYSTEM_ACTOR, type Actor } from "../actor";
import { writeAudit } from "../audit";
import { rowsOf } from "../db-results";
import { UploadTooLargeError } from "./stream-utils";

export const MAX_STORED_ERRORS = 100;

export interface IngestContext {
  db: Db;
  actor: Actor;
  /** cli | http | ui | pull | seed */
  trigger: string;
  now?: Date;
}

export interface RunCounters {
  recordsRead: number;
  recordsAccepted: number;
  recordsRejected: number;
  newEndpoints: number;
  newDependencies: number;
  problems: IngestProblem[];
  /** Messages for the person who ran it, e.g. "Created application payments". */
  notes: string[];
  applicationId: string | null;
  /** The run being applied (evidence for the findings it produces). */
  runId?: string;
  /** Set by the body when the format is found only on reading (traffic auto-detection). */
  format?: string;
}

export interface IngestRunSummary {
  id: string;
  kind: IngestKind;
  format: string;
  sourceName: string;
  status: "succeeded" | "failed" | "unchanged";
  application: string | null;
  recordsRead: number;
  recordsAccepted: number;
  recordsRejected: number;
  newEndpoints: number;
  newDependencies: number;
  errors: IngestProblem[];
  errorCount: number;
  notes: string[];
  /** Why a failed run failed: the input was refused, too large, or the server erred. */
  failure?: "invalid" | "too_large" | "internal";
  startedAt: string;
  finishedAt: string;
}

export function newCounters(): RunCounters {
  return { recordsRead: 0, recordsAccepted: 0, recordsRejected: 0, newEndpoints: 0, newDependencies: 0, problems: [], notes: [], applicationId: null };
}

/** Adds a problem, keeping the first 100 (the count still grows). */
export function addProblem(counters: RunCounters, problem: IngestProblem): void {
  if (counters.problems.length < MAX_STORED_ERRORS) counters.problems.push(problem);
}

interface RunMeta {
  kind: IngestKind;
  format: string;
  sourceName: string;
  contentHash: string | null;
  byteSize: number | null;
  /** The application the run is for, when already known (for the unchanged check). */
  applicationSlug?: string;
  /**
   * Replaces the unchanged check ("a succeeded run had the same hash") for inputs of which only the
   * latest is kept: answers a note for the person who ran it when this very content is what is stored
   * now (the run is then "unchanged"), null otherwise.
   */
  alreadyStored?: (db: Db) => Promise<string | null>;
  /** The same content reads differently now (new own hosts turn outbound calls inbound): apply it again. */
  rereadEvenIfUnchanged?: boolean;
  /**
   * Asked when a succeeded run already had the same content: a note saying why the content reads
   * differently since that run finished (and is applied again), or null (the run is "unchanged").
   */
  changedSince?: (db: Db, applicationId: string, since: Date) => Promise<string | null>;
}

/**
 * Runs one ingest: records the run, skips it when the same content was already
 * ingested for the same application, otherwise applies `body` in one
 * transaction. A failure rolls back every change and leaves the run marked
 * failed with its problems.
 */
export async function withIngestRun(
  ctx: IngestContext,
  meta: RunMeta,
  body: (tx: Db, counters: RunCounters) => Promise<void>,
): Promise<IngestRunSummary> {
  const { db, actor } = ctx;
  const startedAt = new Date();
  let knownAppId: string | null = null;
  if (meta.applicationSlug) {
    const [app] = await db.select({ id: applications.id }).from(applications).where(eq(applications.slug, meta.applicationSlug));
    knownAppId = app?.id ?? null;
  }
  const [run] = await db
    .insert(ingestRuns)
    .values({
      kind: meta.kind,
      format: meta.format,
      sourceName: meta.sourceName.slice(0, 300),
      contentHash: meta.contentHash,
      byteSize: meta.byteSize,
      trigger: ctx.trigger,
      applicationId: knownAppId,
      startedById: actor.userId ?? null,
      tokenId: actor.tokenId ?? null,
      startedAt,
    })
    .returning({ id: ingestRuns.id });

  const counters = newCounters();
  counters.applicationId = knownAppId;
  counters.runId = run.id;
  const finish = async (status: IngestRunSummary["status"], errorCount: number, failure?: IngestRunSummary["failure"]) => {
    const finishedAt = new Date();
    await db
      .update(ingestRuns)
      .set({
        status,
        format: counters.format ?? meta.format,
        applicationId: counters.applicationId,
        recordsRead: counters.recordsRead,
        recordsAccepted: counters.recordsAccepted,
        recordsRejected: counters.recordsRejected,
        newEndpoints: counters.newEndpoints,
        newDependencies: counters.newDependencies,
        errors: counters.problems.slice(0, MAX_STORED_ERRORS),
        finishedAt,
      })
      .where(eq(ingestRuns.id, run.id));
    let appSlug: string | null = meta.applicationSlug ?? null;
    if (counters.applicationId) {
      const [app] = await db.select({ slug: applications.slug }).from(applications).where(eq(applications.id, counters.applicationId));
      appSlug = app?.slug ?? appSlug;
    }
    return {
      id: run.id,
      kind: meta.kind,
      format: counters.format ?? meta.format,
      sourceName: meta.sourceName,
      status,
      ...(failure ? { failure } : {}),
      application: appSlug,
      recordsRead: counters.recordsRead,
      recordsAccepted: counters.recordsAccepted,
      recordsRejected: counters.recordsRejected,
      newEndpoints: counters.newEndpoints,
      newDependencies: counters.newDependencies,
      errors: counters.problems.slice(0, MAX_STORED_ERRORS),
      errorCount,
      notes: counters.notes,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
    } satisfies IngestRunSummary;
  };

  if (meta.alreadyStored) {
    const note = await meta.alreadyStored(db);
    if (note) {
      counters.notes.push(note);
      return finish("unchanged", 0);
    }
  } else if (meta.contentHash && !meta.rereadEvenIfUnchanged) {
    const [previous] = await db
      .select({ id: ingestRuns.id, recordsRead: ingestRuns.recordsRead, startedAt: ingestRuns.startedAt, finishedAt: ingestRuns.finishedAt })
      .from(ingestRuns)
      .where(
        and(
          eq(ingestRuns.kind, meta.kind),
          eq(ingestRuns.contentHash, meta.contentHash),
          eq(ingestRuns.status, "succeeded"),
          knownAppId ? eq(ingestRuns.applicationId, knownAppId) : undefined,
        ),
      )
      .orderBy(desc(ingestRuns.startedAt))
      .limit(1);
    if (previous && (knownAppId || !meta.applicationSlug)) {
      const changed = knownAppId && meta.changedSince ? await meta.changedSince(db, knownAppId, previous.finishedAt ?? previous.startedAt) : null;
      if (changed) counters.notes.push(changed);
      else {
        counters.notes.push(`The same content was already ingested (run ${previous.id}); nothing changed.`);
        return finish("unchanged", 0);
      }
    }
  }

  let errorCount = 0;
  try {
    await db.transaction(async (tx) => {
      // Held until the transaction ends, however it ends (a process that dies ends it too): while it is held
      // the run is in flight, and sweepInterruptedRuns leaves it alone.
      await tx.execute(sql`select pg_advisory_xact_lock(${RUN_LOCK_CLASS}, hashtext(${run.id}::text))`);
      await body(tx, counters);
      errorCount = counters.recordsRejected;
      // New or changed dependencies get their connectivity decision in the same transaction.
      if (meta.kind === "traffic" || meta.kind === "sbom" || meta.kind === "catalog") {
        const scope = meta.kind === "catalog" || !counters.applicationId ? {} : { applicationIds: [counters.applicationId] };
        await reevaluateDecisions(tx, `${meta.kind} ingest (run ${run.id})`, { ...scope, actor });
      }
      await writeAudit(tx, actor, {
        action: `ingest.${meta.kind}`,
        targetType: "ingest_run",
        targetId: run.id,
        detail: { source: meta.sourceName, format: meta.format, read: counters.recordsRead, accepted: counters.recordsAccepted, rejected: counters.recordsRejected, newEndpoints: counters.newEndpoints, newDependencies: counters.newDependencies },
      });
    });
  } catch (error) {
    const problems = error instanceof IngestInputError ? error.problems : [{ location: "run", reason: "Internal error while storing the data; nothing was changed." }];
    if (!(error instanceof IngestInputError)) console.error(error);
    counters.problems = [...problems, ...counters.problems].slice(0, MAX_STORED_ERRORS);
    counters.newEndpoints = 0;
    counters.newDependencies = 0;
    counters.recordsAccepted = 0;
    // The rollback undid everything the body did (an application it created included): the failed run
    // names only an application that existed before, and its notes no longer describe undone work.
    counters.applicationId = knownAppId;
    counters.notes = ["Nothing was stored: fix the problems and send the file again."];
    const failure = error instanceof UploadTooLargeError ? "too_large" : error instanceof IngestInputError ? "invalid" : "internal";
    const summary = await finish("failed", problems.length + counters.recordsRejected, failure);
    await db.transaction(async (tx) =>
      writeAudit(tx, actor, { action: `ingest.${meta.kind}.failed`, targetType: "ingest_run", targetId: run.id, detail: { source: meta.sourceName, problems: problems.slice(0, 5) } }),
    );
    return summary;
  }
  return finish("succeeded", errorCount);
}

/** Advisory lock class (the first key) of the lock an ingest run's transaction holds on its run: "SIBY". */
const RUN_LOCK_CLASS = sql.raw(String(0x53494259));

/** An ingest run left 'running' this long, with no transaction holding it, was stopped by a process that died. */
export const STALE_RUN_MS = 60 * 60 * 1000;

export const INTERRUPTED_PROBLEM: IngestProblem = { location: "run", reason: "interrupted: the process stopped before the run finished; nothing was stored" };

export interface SweptRun {
  id: string;
  kind: IngestKind;
  sourceName: string;
  startedAt: Date;
}

/**
 * Marks failed, and audits, the ingest runs a process left 'running' when it died (killed, out of memory,
 * a crash in the database driver) before it could record the outcome. Their transaction went with the
 * process, so nothing of theirs was stored. A run counts as interrupted when no transaction holds its lock
 * (see withIngestRun) and it started more than `olderThanMs` ago (which covers the moments before its
 * transaction begins and after it commits); with `all`, whatever its age: only for a caller that holds the
 * only lock on the database (PGlite at start), where no other process can be running an ingest.
 */
export async function sweepInterruptedRuns(db: Db, options: { all?: boolean; olderThanMs?: number; now?: Date } = {}): Promise<SweptRun[]> {
  const now = options.now ?? new Date();
  const cutoff = options.all ? undefined : lt(ingestRuns.startedAt, new Date(now.getTime() - (options.olderThanMs ?? STALE_RUN_MS)));
  const candidates = await db
    .select({ id: ingestRuns.id, kind: ingestRuns.kind, sourceName: ingestRuns.sourceName, startedAt: ingestRuns.startedAt, trigger: ingestRuns.trigger })
    .from(ingestRuns)
    .where(and(eq(ingestRuns.status, "running"), cutoff))
    .orderBy(asc(ingestRuns.startedAt))
    .limit(1000);
  const swept: SweptRun[] = [];
  for (const run of candidates) {
    const marked = await db.transaction(async (tx) => {
      const [{ free }] = rowsOf<{ free: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${RUN_LOCK_CLASS}, hashtext(${run.id}::text)) as free`));
      if (!free) return false; // its transaction is alive: the run is in flight
      const updated = await tx
        .update(ingestRuns)
        .set({ status: "failed", errors: [INTERRUPTED_PROBLEM], finishedAt: new Date() })
        .where(and(eq(ingestRuns.id, run.id), eq(ingestRuns.status, "running")))
        .returning({ id: ingestRuns.id });
      if (!updated.length) return false;
      await writeAudit(tx, SYSTEM_ACTOR, {
        action: `ingest.${run.kind}.failed`,
        targetType: "ingest_run",
        targetId: run.id,
        detail: { source: run.sourceName, reason: "interrupted", trigger: run.trigger, startedAt: run.startedAt.toISOString(), problems: [INTERRUPTED_PROBLEM] },
      });
      return true;
    });
    if (marked) swept.push({ id: run.id, kind: run.kind, sourceName: run.sourceName, startedAt: run.startedAt });
  }
  return swept;
}

const globalForSweep = globalThis as unknown as { sibylSweptAtStart?: Promise<SweptRun[]> };

/**
 * The sweep when a server or CLI process starts (once per process): on PGlite the process holds the only
 * lock on the database, so every run still 'running' was interrupted; on PostgreSQL other processes may be
 * ingesting, so only stale runs are.
 */
export function sweepInterruptedRunsAtStart(handle: Pick<DatabaseHandle, "db" | "kind">): Promise<SweptRun[]> {
  if (!globalForSweep.sibylSweptAtStart) {
    globalForSweep.sibylSweptAtStart = sweepInterruptedRuns(handle.db, { all: handle.kind === "pglite" });
    globalForSweep.sibylSweptAtStart.catch(() => {
      globalForSweep.sibylSweptAtStart = undefined;
    });
  }
  return globalForSweep.sibylSweptAtStart;
}
