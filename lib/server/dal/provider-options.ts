import "server-only";
import { asc } from "drizzle-orm";
import type { Db } from "@/db/client";
import { providers } from "@/db/schema";
import { assertCan, type Actor } from "../actor";

export interface ProviderOption {
  slug: string;
  name: string;
}

/** Slug and name of every provider, for scope selects (enforcement downloads, exceptions). */
export async function listProviderOptions(db: Db, actor: Actor, limit = 2000): Promise<ProviderOption[]> {
  assertCan(actor, "providers.read");
  return db.select({ slug: providers.slug, name: providers.name }).from(providers).orderBy(asc(providers.name)).limit(limit);
}
