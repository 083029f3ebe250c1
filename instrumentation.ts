// Runs once when the Next.js server starts: marks failed the ingest runs a previous server process left
// 'running' when it died, then starts the background job queue (scheduled pulls of registered spec and
// catalog URLs, the same sweep every 15 minutes, the OTLP fold loop…). Set SIBYL_JOBS=off to run the web
// server without workers, and run them in `npm run worker` processes (scripts/worker.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getDatabase } = await import("./lib/server/db");
  try {
    const { sweepInterruptedRunsAtStart } = await import("./lib/server/ingest/runs");
    const swept = await sweepInterruptedRunsAtStart(await getDatabase());
    if (swept.length) console.warn(`[ingest] marked ${swept.length} interrupted ingest run(s) failed: ${swept.map((r) => r.id).join(", ")}`);
  } catch (error) {
    console.error("[ingest] could not mark interrupted ingest runs failed:", error);
  }
  if (process.env.SIBYL_JOBS === "off") return;
  const { startJobs } = await import("./lib/server/jobs/queue");
  try {
    await startJobs(await getDatabase());
  } catch (error) {
    console.error("[jobs] could not start the job queue:", error);
  }
}
