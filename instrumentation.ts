// Runs once when the Next.js server starts: starts the background job queue
// (scheduled pulls of registered spec and catalog URLs). Set SIBYL_JOBS=off to
// run the web server without workers.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.SIBYL_JOBS === "off") return;
  const { getDatabase } = await import("./lib/server/db");
  const { startJobs } = await import("./lib/server/jobs/queue");
  try {
    await startJobs(await getDatabase());
  } catch (error) {
    console.error("[jobs] could not start the job queue:", error);
  }
}
