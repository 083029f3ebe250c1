import "server-only";
import PgBoss from "pg-boss";
import type { DatabaseHandle } from "@/db/client";
import { dueSources, pullSource } from "./pull-source";
import { sweepInterruptedRuns } from "../ingest/runs";
import { rescoreProviders } from "../scoring/rescore";
import { reevaluateAfterRescore } from "../policies/reevaluate";
import { processExpiredExceptions } from "../policies/store";
import { probeProvidersInUse } from "../scoring/probe-providers";
import { runTriageMaintenance } from "../triage/maintenance";
import { deliverPendingWebhooks } from "../webhooks/deliver";
import { generateReport } from "../reports/generate";
import { runDueSchedules } from "../reports/schedules";
import { startOtlpFold } from "../otlp/fold";

// Background work goes through pg-boss, a job queue kept in PostgreSQL itself
// (schema "pgboss"): no extra service to run, and jobs survive restarts. On the
// embedded database pg-boss talks to PGlite through its `db` adapter.

export const QUEUES = { pullSource: "pull-source", pullDue: "pull-due-sources", rescore: "rescore-providers", probe: "probe-providers", triage: "triage-maintenance", deliverWebhooks: "deliver-webhooks", sweepRuns: "sweep-interrupted-runs", report: "generate-report", reportSchedules: "report-schedules", expiredExceptions: "policy-exceptions-expired" } as const;

interface PGliteLike {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  exec(text: string): Promise<{ rows: unknown[] }[]>;
}

function bossFor(handle: DatabaseHandle, role: "workers" | "sender" = "workers"): PgBoss {
  // A sender (a web server with SIBYL_JOBS=off) only queues jobs: no maintenance, no cron.
  const common = { schema: "pgboss", migrate: true, supervise: role === "workers", schedule: role === "workers" } as const;
  if (handle.kind === "postgres") {
    return new PgBoss({ connectionString: handle.url, max: 3, application_name: "sibyl-jobs", ...common });
  }
  const pglite = handle.driver as PGliteLike;
  return new PgBoss({
    ...common,
    db: {
      async executeSql(text: string, values: unknown[]) {
        if (values?.length) return pglite.query(text, values);
        const results = await pglite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      },
    },
  });
}

const globalForJobs = globalThis as unknown as { sibylBoss?: Promise<PgBoss> };

/** Whether this process runs the background jobs; a web server started with SIBYL_JOBS=off leaves them to `npm run worker`. */
export function jobsRunHere(): boolean {
  return process.env.SIBYL_JOBS !== "off";
}

/**
 * The process's queue (once per process): with its workers, the schedule and the OTLP fold loop, or,
 * under SIBYL_JOBS=off, only to send jobs to the workers of `npm run worker` processes.
 */
export function startJobs(handle: DatabaseHandle): Promise<PgBoss> {
  globalForJobs.sibylBoss ??= jobsRunHere()
    ? createJobs(handle).then((boss) => {
        startOtlpFold(handle, async (runs) => {
          if (!runs.length) return;
          await queueRescore(handle);
          await queueTriageMaintenance(handle);
          await queueWebhookDelivery(handle);
        });
        return boss;
      })
    : createSender(handle);
  return globalForJobs.sibylBoss;
}

/** A queue that only sends: the queues exist (a send to a missing one fails), nothing is worked here. */
function createSender(handle: DatabaseHandle): Promise<PgBoss> {
  return (async () => {
    const boss = bossFor(handle, "sender");
    boss.on("error", (error) => console.error("[jobs]", error));
    await boss.start();
    for (const name of Object.values(QUEUES)) await boss.createQueue(name);
    return boss;
  })();
}

/** A queue with its workers; tests create their own and stop them. */
export function createJobs(handle: DatabaseHandle): Promise<PgBoss> {
  return (async () => {
    const boss = bossFor(handle);
    boss.on("error", (error) => console.error("[jobs]", error));
    await boss.start();
    await boss.createQueue(QUEUES.pullSource);
    await boss.createQueue(QUEUES.pullDue);
    await boss.createQueue(QUEUES.rescore);
    // Scores are recomputed when signals change (ingests, imports) and daily.
    await boss.work<{ providerIds?: string[] }>(QUEUES.rescore, async ([job]) => {
      await rescoreProviders(handle.db, { providerIds: job.data?.providerIds });
      await reevaluateAfterRescore(handle.db, job.data?.providerIds);
    });
    await boss.schedule(QUEUES.rescore, "15 3 * * *", {});
    // Live TLS and HTTP probes of the providers in use (set SIBYL_PROBES=off where outbound traffic is not allowed).
    await boss.createQueue(QUEUES.probe);
    await boss.work(QUEUES.probe, async () => {
      if (process.env.SIBYL_PROBES === "off") return;
      await probeProvidersInUse(handle.db);
    });
    await boss.schedule(QUEUES.probe, "30 2 * * *", {});
    // Triage clock: expired risk acceptances reopen, SLA breaches are announced (daily and after every ingest).
    await boss.createQueue(QUEUES.triage);
    await boss.work(QUEUES.triage, async () => {
      await runTriageMaintenance(handle.db);
    });
    await boss.schedule(QUEUES.triage, "45 3 * * *", {});
    await boss.work<{ sourceId: string }>(QUEUES.pullSource, async ([job]) => {
      await pullSource(handle.db, job.data.sourceId);
    });
    await boss.work(QUEUES.pullDue, async () => {
      for (const id of await dueSources(handle.db)) await boss.send(QUEUES.pullSource, { sourceId: id }, { singletonKey: id, retryLimit: 2, retryDelay: 60 });
    });
    await boss.schedule(QUEUES.pullDue, "*/5 * * * *");
    // Webhook deliveries: due ones are sent every minute (retries wait at least that long), or at once on request.
    await boss.createQueue(QUEUES.deliverWebhooks);
    await boss.work(QUEUES.deliverWebhooks, async () => {
      await deliverPendingWebhooks(handle.db);
    });
    await boss.schedule(QUEUES.deliverWebhooks, "* * * * *");
    // Ingest runs left 'running' by a process that died (another server, a CLI) are marked failed; the
    // server's own start sweeps too (instrumentation.ts).
    await boss.createQueue(QUEUES.sweepRuns);
    await boss.work(QUEUES.sweepRuns, async () => {
      const swept = await sweepInterruptedRuns(handle.db);
      if (swept.length) console.warn(`[ingest] marked ${swept.length} interrupted ingest run(s) failed: ${swept.map((r) => r.id).join(", ")}`);
    });
    await boss.schedule(QUEUES.sweepRuns, "*/15 * * * *");
    // Compliance reports: generated one at a time (each renders in its own process); scheduled ones are requested hourly.
    await boss.createQueue(QUEUES.report);
    await boss.work<{ reportId: string }>(QUEUES.report, { batchSize: 1 }, async ([job]) => {
      await generateReport(handle.db, job.data.reportId);
    });
    await boss.createQueue(QUEUES.reportSchedules);
    await boss.work(QUEUES.reportSchedules, async () => {
      for (const reportId of await runDueSchedules(handle.db)) await boss.send(QUEUES.report, { reportId }, { singletonKey: reportId });
    });
    await boss.schedule(QUEUES.reportSchedules, "5 * * * *");
    // Policy exceptions end by themselves: the decisions they covered are re-evaluated within a minute of expiry
    // (the decision point already stops applying an expired exception at the second it expires).
    await boss.createQueue(QUEUES.expiredExceptions);
    await boss.work(QUEUES.expiredExceptions, async () => {
      await processExpiredExceptions(handle.db);
    });
    await boss.schedule(QUEUES.expiredExceptions, "* * * * *");
    return boss;
  })();
}

/** Queues a rescore (all providers when no ids are given); repeated requests collapse into one. */
export async function queueRescore(handle: DatabaseHandle, providerIds?: string[]): Promise<void> {
  const boss = await startJobs(handle);
  await boss.send(QUEUES.rescore, providerIds ? { providerIds } : {}, providerIds ? {} : { singletonKey: "all", singletonSeconds: 30 });
}

/** Queues a pull now (the "Pull now" button). */
export async function queueSourcePull(handle: DatabaseHandle, sourceId: string): Promise<void> {
  const boss = await startJobs(handle);
  await boss.send(QUEUES.pullSource, { sourceId }, { singletonKey: sourceId });
}

/** Sends due webhook deliveries now instead of at the next minute (after events are queued, "Send test event"). */
export async function queueWebhookDelivery(handle: DatabaseHandle): Promise<void> {
  const boss = await startJobs(handle);
  await boss.send(QUEUES.deliverWebhooks, {}, { singletonKey: "now", singletonSeconds: 2 });
}

/** Runs the triage clock soon (after an ingest); repeated requests within a minute collapse into one. */
export async function queueTriageMaintenance(handle: DatabaseHandle): Promise<void> {
  const boss = await startJobs(handle);
  await boss.send(QUEUES.triage, {}, { singletonKey: "after-ingest", singletonSeconds: 60 });
}

/** Queues the generation of a requested report. */
export async function queueReport(handle: DatabaseHandle, reportId: string): Promise<void> {
  const boss = await startJobs(handle);
  await boss.send(QUEUES.report, { reportId }, { singletonKey: reportId, retryLimit: 0 });
}
