// npm run worker: runs Sibyl's background jobs without a web server: the OTLP fold (queued spans →
// ingest runs), scheduled pulls, rescoring, probes, the triage clock, webhook deliveries, reports and
// policy exception expiry. Start web servers with SIBYL_JOBS=off and as many workers as the work needs,
// all on one PostgreSQL (DATABASE_URL): pg-boss hands each job to one worker, and folds of one
// application never overlap. The embedded database admits one process only, so it needs DATABASE_URL.
import os from "node:os";
import { getDatabase } from "@/lib/server/db";
import { env } from "@/lib/server/env";
import { sweepInterruptedRunsAtStart } from "@/lib/server/ingest/runs";
import { startJobs } from "@/lib/server/jobs/queue";

async function main(): Promise<void> {
  if (!env().DATABASE_URL) {
    console.error("npm run worker needs DATABASE_URL: the embedded database can be opened by one process only (run `npm start` alone, its jobs run in it).");
    process.exit(2);
  }
  if (process.env.SIBYL_JOBS === "off") {
    console.error("SIBYL_JOBS=off is for web servers; a worker runs the jobs (unset it here).");
    process.exit(2);
  }
  // On a host shared with web servers, a worker can yield the CPU to them (their exporters and gateways wait on each answer; a fold can wait).
  const nice = process.env.SIBYL_WORKER_NICE;
  if (nice !== undefined && nice !== "") {
    const value = Number(nice);
    if (!Number.isInteger(value) || value < 0 || value > 19) {
      console.error("SIBYL_WORKER_NICE must be a whole number from 0 to 19.");
      process.exit(2);
    }
    os.setPriority(value);
  }
  const handle = await getDatabase();
  const swept = await sweepInterruptedRunsAtStart(handle);
  if (swept.length) console.warn(`[ingest] marked ${swept.length} interrupted ingest run(s) failed: ${swept.map((r) => r.id).join(", ")}`);
  const boss = await startJobs(handle);
  console.log("Sibyl worker running: background jobs and the OTLP fold (stop with Ctrl-C or SIGTERM).");
  const stop = () => {
    boss
      .stop({ graceful: true, timeout: 20_000 })
      .catch((error: unknown) => console.error(error))
      .finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 25_000).unref();
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
