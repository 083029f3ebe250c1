import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications } from "@/db/schema";
import { appSlugSchema } from "@/lib/validation/ingest";
import { IngestInputError } from "@/lib/domain/ingest/types";
import type { Actor } from "../actor";
import { writeAudit } from "../audit";
import type { RunCounters } from "./runs";

export interface ResolvedApp {
  id: string;
  slug: string;
  name: string;
  criticality: number;
  hosts: string[];
}

/** Finds the application by slug, or creates it (and says so) when it is new. */
export async function resolveApplication(tx: Db, actor: Actor, rawSlug: string, counters: RunCounters): Promise<ResolvedApp> {
  const parsed = appSlugSchema.safeParse(rawSlug);
  if (!parsed.success) throw new IngestInputError([{ location: "--app", reason: parsed.error.issues[0]?.message ?? "invalid application slug" }]);
  const slug = parsed.data;
  const columns = { id: applications.id, slug: applications.slug, name: applications.name, criticality: applications.criticality, hosts: applications.hosts };
  const [found] = await tx.select(columns).from(applications).where(eq(applications.slug, slug));
  if (found) {
    counters.applicationId = found.id;
    return found;
  }
  const [created] = await tx.insert(applications).values({ slug, name: slug, lifecycle: "production" }).returning(columns);
  await writeAudit(tx, actor, { action: "application.create", targetType: "application", targetId: created.id, detail: { slug, reason: "first ingest" } });
  counters.applicationId = created.id;
  counters.notes.push(`Created application ${slug} (it did not exist).`);
  return created;
}

export async function addApplicationHosts(tx: Db, app: ResolvedApp, hosts: string[]): Promise<void> {
  const merged = [...new Set([...app.hosts, ...hosts.map((h) => h.toLowerCase())])].sort();
  if (merged.length === app.hosts.length) return;
  await tx.update(applications).set({ hosts: merged, updatedAt: new Date() }).where(eq(applications.id, app.id));
  app.hosts = merged;
}
