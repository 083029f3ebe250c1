import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db, DatabaseHandle } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { SYSTEM_ACTOR, type Actor } from "../actor";
import { rowsOf } from "../db-results";
import type { IngestRunSummary } from "../ingest/runs";
import { ingestTraffic } from "../ingest/traffic";

/**
 * The fold: spans the OTLP receiver queued become traffic ingest runs, one per application and sending
 * token, in micro-batches of at most FOLD_LIMITS.maxSpansPerRun. Each batch is taken off the queue in the
 * same transaction as its ingest run, so it is folded exactly once: a run that fails on the server's side
 * rolls back and the spans stay queued for the next pass; a run that fails on its input (which the
 * receiver already checked span by span) is kept, failed and audited, and its spans are not retried.
 * Spans sent twice (an exporter's retry) are counted once by the traffic ingest's event fingerprints.
 * Folds of one application never overlap (a transaction-scoped advisory lock), so any number of workers
 * may run the loop.
 */

export const FOLD_LIMITS = {
  maxSpansPerRun: 25_000,
  /** A group waits for more spans until it holds this many or its oldest row is minAgeMs old. */
  minSpansPerRun: 5_000,
  minAgeMs: 1_000,
  /** Pause of the loop when nothing was due. */
  idleMs: 500,
  /** Pause after an error. */
  errorMs: 5_000,
};

export type FoldLimits = typeof FOLD_LIMITS;

/** Advisory lock class of a fold (the first key): "OTLP". */
const FOLD_LOCK_CLASS = sql.raw(String(0x4f544c50));

class RetryFold extends Error {}

interface Group {
  appSlug: string;
  tokenId: string | null;
  userId: string | null;
  spans: number;
  ageMs: number;
}

async function senderActor(db: Db, group: Group): Promise<Actor> {
  if (group.tokenId) {
    const [row] = await db
      .select({ name: apiTokens.name, userId: users.id, role: users.role })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.createdById))
      .where(eq(apiTokens.id, group.tokenId));
    if (row) return { userId: row.userId, tokenId: group.tokenId, label: `token:${row.name}`, role: row.role };
  }
  if (group.userId) {
    const [row] = await db.select({ email: users.email, role: users.role }).from(users).where(eq(users.id, group.userId));
    if (row) return { userId: group.userId, label: row.email, role: row.role };
  }
  return { ...SYSTEM_ACTOR, label: "OTLP receiver" };
}

/** The rows' spans one per line (parseQueuedOtlpSpans); a row that is not a JSON array goes as one line, which is then reported. */
async function* spanLines(rows: { spans: string }[]): AsyncGenerator<string> {
  for (const row of rows) {
    let spans: unknown;
    try {
      spans = JSON.parse(row.spans);
    } catch {
      spans = null;
    }
    if (!Array.isArray(spans)) {
      yield `${row.spans.replace(/[\r\n]+/g, " ")}\n`;
      continue;
    }
    let text = "";
    for (const span of spans) text += `${JSON.stringify(span)}\n`;
    yield text;
  }
}

/** Folds one micro-batch of one group; null when another process holds the application's fold. */
async function foldGroup(db: Db, group: Group, limits: FoldLimits): Promise<IngestRunSummary | null> {
  try {
    return await db.transaction(async (tx) => {
      const [{ locked }] = rowsOf<{ locked: boolean }>(await tx.execute(sql`select pg_try_advisory_xact_lock(${FOLD_LOCK_CLASS}, hashtext(${group.appSlug})) as locked`));
      if (!locked) return null;
      const taken = rowsOf<{ id: string | number; spans: string; span_count: number; service_name: string }>(
        await tx.execute(sql`
          with picked as (
            select id from (
              select id, sum(span_count) over (order by id) - span_count as before
              from otlp_queue where app_slug = ${group.appSlug} and token_id is not distinct from ${group.tokenId}::uuid and user_id is not distinct from ${group.userId}::uuid
            ) q where before < ${limits.maxSpansPerRun}
          )
          delete from otlp_queue o using picked where o.id = picked.id
          returning o.id, o.spans, o.span_count, o.service_name`),
      ).sort((a, b) => Number(a.id) - Number(b.id));
      if (!taken.length) return null;
      const spans = taken.reduce((n, r) => n + Number(r.span_count), 0);
      const services = [...new Set(taken.map((r) => r.service_name))];
      const actor = await senderActor(tx, group);
      const summary = await ingestTraffic(
        { db: tx, actor, trigger: "otlp" },
        {
          stream: spanLines(taken),
          queuedSpans: true,
          appSlug: group.appSlug,
          format: "otlp",
          sourceName: `OTLP /v1/traces: ${spans.toLocaleString("en")} span(s) of service.name ${services.map((s) => JSON.stringify(s)).join(", ")}`.slice(0, 300),
          byteSize: taken.reduce((n, r) => n + r.spans.length, 0),
        },
      );
      if (summary.status === "failed" && summary.failure !== "invalid") throw new RetryFold(summary.errors[0]?.reason ?? "fold failed");
      return summary;
    });
  } catch (error) {
    if (error instanceof RetryFold) {
      console.error(`[otlp] folding the spans of ${group.appSlug} failed (they stay queued): ${error.message}`);
      return null;
    }
    throw error;
  }
}

/**
 * Folds what is due now: every group with minSpansPerRun spans or whose oldest span waited minAgeMs
 * (all groups with `all`), one micro-batch each. Returns the ingest runs it made.
 */
export async function foldOtlpQueue(db: Db, options: { all?: boolean; limits?: FoldLimits } = {}): Promise<IngestRunSummary[]> {
  const limits = options.limits ?? FOLD_LIMITS;
  const groups = rowsOf<{ app_slug: string; token_id: string | null; user_id: string | null; spans: string | number; age_ms: string | number }>(
    await db.execute(sql`
      select app_slug, token_id, user_id, sum(span_count) as spans, extract(epoch from (now() - min(received_at))) * 1000 as age_ms
      from otlp_queue group by app_slug, token_id, user_id order by min(id)`),
  ).map((r): Group => ({ appSlug: r.app_slug, tokenId: r.token_id, userId: r.user_id, spans: Number(r.spans), ageMs: Number(r.age_ms) }));
  const runs: IngestRunSummary[] = [];
  for (const group of groups) {
    if (!options.all && group.spans < limits.minSpansPerRun && group.ageMs < limits.minAgeMs) continue;
    const summary = await foldGroup(db, group, limits);
    if (summary) runs.push(summary);
  }
  return runs;
}

/**
 * The fold loop of a jobs process (the web server's, or `npm run worker`'s): folds what is due, pauses
 * idleMs when nothing was, and runs what an ingest run starts afterwards (rescore, triage clock, webhooks).
 */
export function startOtlpFold(handle: DatabaseHandle, afterRuns: (runs: IngestRunSummary[]) => Promise<void>, limits: FoldLimits = FOLD_LIMITS): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = (async () => {
      let pause = limits.idleMs;
      try {
        const runs = await foldOtlpQueue(handle.db, { limits });
        if (runs.length) {
          pause = 0;
          await afterRuns(runs.filter((r) => r.status === "succeeded")).catch((error: unknown) => console.error("[otlp] after the fold:", error));
        }
      } catch (error) {
        console.error("[otlp] fold:", error);
        pause = limits.errorMs;
      }
      if (!stopped) timer = setTimeout(tick, pause);
    })();
  };
  timer = setTimeout(tick, 0);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
