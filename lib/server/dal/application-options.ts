import "server-only";
import { asc, count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, sbomComponents } from "@/db/schema";
import { assertCan, type Actor } from "../actor";

export interface ApplicationOption {
  slug: string;
  name: string;
}

/** Slug and name of every application, for filter selects and the upload form's suggestions. */
export async function listApplicationOptions(db: Db, actor: Actor, limit = 2000): Promise<ApplicationOption[]> {
  assertCan(actor, "inventory.read");
  return db.select({ slug: applications.slug, name: applications.name }).from(applications).orderBy(asc(applications.slug)).limit(limit);
}

/** How many SBOM components an application has, for its page's summary line. */
export async function countSbomComponents(db: Db, actor: Actor, applicationId: string): Promise<number> {
  assertCan(actor, "applications.read");
  const [row] = await db.select({ n: count() }).from(sbomComponents).where(eq(sbomComponents.applicationId, applicationId));
  return row?.n ?? 0;
}
