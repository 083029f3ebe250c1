// A second server process for the cache-invalidation test: it answers one decision from its own
// decision point, says so, then polls its (cached) answer and reports when it changed: the change can
// only reach it through PostgreSQL LISTEN/NOTIFY. Run: node --conditions=react-server --import tsx <this> <url> <app> <host>
import { openDatabase } from "@/db/client";
import { decisionPoint } from "@/lib/server/policies/decision-point";

async function main(): Promise<void> {
  const [url, app, host] = process.argv.slice(2);
  const handle = await openDatabase({ url, dataDir: ".data-unused" });
  const point = await decisionPoint(handle);
  const first = await point.decide(app, host);
  process.stdout.write(`${JSON.stringify({ ready: true, decision: first.decision })}\n`);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const answer = await point.decide(app, host);
    if (answer.decision !== first.decision) {
      process.stdout.write(`${JSON.stringify({ changed: answer.decision, at: Date.now(), policy: answer.policy?.name ?? null })}\n`);
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  await handle.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
