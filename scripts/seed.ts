// npm run seed -- --demo [--scale N]
import { parseArgs } from "node:util";
import { migrateDatabase } from "@/db/migrate";
import { syncProviderCatalog } from "@/db/seed/catalog";
import { formatDemoCredentials, seedDemo } from "@/db/seed/demo";
import { openCliDatabase } from "@/lib/cli/database";
import { runScript } from "./run-script";

const USAGE = "Usage: npm run seed -- --demo [--scale N]   (N from 1 to 1000; default 1)";

runScript(async () => {
  let values: { demo?: boolean; scale?: string; help?: boolean };
  try {
    ({ values } = parseArgs({ options: { demo: { type: "boolean" }, scale: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help || !values.demo) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!Number.isInteger(scale) || scale < 1 || scale > 1000) {
    console.error(`--scale must be a whole number from 1 to 1000\n${USAGE}`);
    process.exit(2);
  }
  const handle = await openCliDatabase();
  try {
    await migrateDatabase(handle);
    await syncProviderCatalog(handle.db);
    const started = Date.now();
    const result = await seedDemo(handle.db, { scale });
    if (result.status === "already-seeded") {
      console.log(`Demo data is already loaded (${result.applications} demo applications); nothing changed.`);
    } else {
      console.log(`Demo organisation seeded in ${Date.now() - started} ms: ${result.teams} teams, ${result.applications} applications, ${result.dependencies} dependencies.`);
    }
    console.log(formatDemoCredentials());
  } finally {
    await handle.close();
  }
});

