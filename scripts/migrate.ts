// npm run db:migrate — applies migrations, loads the provider catalog, and on
// first run creates the administrator named by SIBYL_ADMIN_EMAIL/PASSWORD.
import { migrateDatabase } from "@/db/migrate";
import { syncProviderCatalog } from "@/db/seed/catalog";
import { ensureFirstAdmin } from "@/db/seed/admin";
import { openCliDatabase } from "@/lib/cli/database";
import { env } from "@/lib/server/env";
import { runScript } from "./run-script";

runScript(async () => {
  const handle = await openCliDatabase();
  try {
    await migrateDatabase(handle);
    console.log(`Migrations applied to ${handle.kind} (${handle.location}).`);
    const { providers } = await syncProviderCatalog(handle.db);
    console.log(`Provider catalog loaded: ${providers} providers.`);
    const admin = await ensureFirstAdmin(handle.db, env().SIBYL_ADMIN_EMAIL, env().SIBYL_ADMIN_PASSWORD);
    if (admin === "created") console.log(`Administrator ${env().SIBYL_ADMIN_EMAIL} created.`);
    if (admin === "not-configured") console.log("No administrator yet: set SIBYL_ADMIN_EMAIL and SIBYL_ADMIN_PASSWORD and run again, or run `npm run seed -- --demo`.");
  } finally {
    await handle.close();
  }
});
