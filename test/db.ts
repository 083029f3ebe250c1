// Each integration test file gets its own database, copied from the migrated template.
import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { openDatabase, type DatabaseHandle } from "@/db/client";
import { dropDatabase, recreateDatabase } from "./pg-admin";

export async function useTestDatabase(): Promise<DatabaseHandle> {
  const name = `sibyl_test_${randomBytes(4).toString("hex")}`;
  const url = await recreateDatabase(name, inject("templateDb"));
  const handle = await openDatabase({ url, dataDir: ".data-unused" });
  afterAll(async () => {
    await handle.close();
    await dropDatabase(name);
  });
  return handle;
}
