import "server-only";
import { openDatabase, type Db, type DatabaseHandle } from "@/db/client";
import { env } from "./env";

// One database handle per process: PGlite must never be opened twice on the
// same folder, and postgres pools are meant to be shared.
const globalForDb = globalThis as unknown as { sibylDb?: Promise<DatabaseHandle> };

export function getDatabase(): Promise<DatabaseHandle> {
  if (!globalForDb.sibylDb) {
    const e = env();
    globalForDb.sibylDb = openDatabase({ url: e.DATABASE_URL, dataDir: e.SIBYL_DATA_DIR });
    globalForDb.sibylDb.catch(() => {
      globalForDb.sibylDb = undefined;
    });
  }
  return globalForDb.sibylDb;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
