// Opens the database the same way the app does (DATABASE_URL, else PGlite in
// SIBYL_DATA_DIR), for the CLI and set-up scripts.
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { env } from "@/lib/server/env";

export async function openCliDatabase(): Promise<DatabaseHandle> {
  const e = env();
  return openDatabase({ url: e.DATABASE_URL, dataDir: e.SIBYL_DATA_DIR });
}
