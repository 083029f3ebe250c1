// Vitest integration set-up: one migrated template database per run, copied
// for each test file (CREATE DATABASE … TEMPLATE is fast), so files never share state.
import { openDatabase } from "@/db/client";
import { migrateDatabase } from "@/db/migrate";
import { syncProviderCatalog } from "@/db/seed/catalog";
import { dropDatabase, recreateDatabase } from "./pg-admin";

export const TEMPLATE_DB = `sibyl_test_tpl_${process.pid}`;

export default async function setup({ provide }: { provide: (key: string, value: unknown) => void }) {
  const url = await recreateDatabase(TEMPLATE_DB);
  const handle = await openDatabase({ url, dataDir: ".data-unused" });
  await migrateDatabase(handle);
  await syncProviderCatalog(handle.db);
  await handle.close();
  provide("templateDb", TEMPLATE_DB);
  return async () => {
    await dropDatabase(TEMPLATE_DB);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    templateDb: string;
  }
}
