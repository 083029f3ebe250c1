import "server-only";
import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, dependencies } from "@/db/schema";
import { hostMatcher } from "@/lib/domain/ingest/traffic/common";
import { MAX_DECLARED_HOSTS } from "@/lib/validation/application-hosts";
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
  /** Hosts read from its specs' servers. */
  hosts: string[];
  /** Hosts people declared (`--host`, the Application page). */
  declaredHosts: string[];
}

/** The application's own hosts: what its specs name and what people declared. */
export function ownHosts(app: Pick<ResolvedApp, "hosts" | "declaredHosts">): string[] {
  return [...new Set([...app.hosts, ...app.declaredHosts])].sort();
}

/** Finds the application by slug, or creates it (and says so) when it is new. */
export async function resolveApplication(tx: Db, actor: Actor, rawSlug: string, counters: RunCounters): Promise<ResolvedApp> {
  const parsed = appSlugSchema.safeParse(rawSlug);
  if (!parsed.success) throw new IngestInputError([{ location: "--app", reason: parsed.error.issues[0]?.message ?? "invalid application slug" }]);
  const slug = parsed.data;
  const columns = { id: applications.id, slug: applications.slug, name: applications.name, criticality: applications.criticality, hosts: applications.hosts, declaredHosts: applications.declaredHosts };
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

/**
 * Adds hosts declared with an ingest (`--host`, `?host=`) to the application's declared hosts, in the
 * ingest's transaction, audited; says so in the run's notes. Hosts already declared change nothing.
 */
export async function declareApplicationHosts(tx: Db, actor: Actor, app: ResolvedApp, hosts: string[], counters: RunCounters): Promise<void> {
  const added = hosts.filter((h) => !app.declaredHosts.includes(h));
  if (!added.length) return;
  const merged = [...new Set([...app.declaredHosts, ...added])].sort();
  if (merged.length > MAX_DECLARED_HOSTS) {
    throw new IngestInputError([{ location: "--host", reason: `${app.slug} would have ${merged.length} declared hosts; at most ${MAX_DECLARED_HOSTS} are kept (remove some on its Application page, or use a "*.domain" wildcard)` }]);
  }
  await tx.update(applications).set({ declaredHosts: merged, updatedAt: new Date() }).where(eq(applications.id, app.id));
  await writeAudit(tx, actor, { action: "application.hosts_declared", targetType: "application", targetId: app.id, detail: { slug: app.slug, before: app.declaredHosts, after: merged, via: "ingest" } });
  counters.notes.push(`Declared ${added.join(", ")} as host${added.length === 1 ? "" : "s"} of ${app.slug}: traffic to ${added.length === 1 ? "it" : "them"} is inbound.`);
  app.declaredHosts = merged;
  // Calls ingested before the hosts were declared were read as outbound: say which dependencies that left.
  const own = hostMatcher(added);
  const earlier = await tx.select({ host: dependencies.host }).from(dependencies).where(and(eq(dependencies.applicationId, app.id), isNotNull(dependencies.host)));
  const stale = earlier.flatMap((d) => (d.host !== null && own(d.host) ? [d.host] : [])).sort();
  if (stale.length) {
    counters.notes.push(`${app.slug} already has ${stale.length === 1 ? "a dependency" : `${stale.length} dependencies`} on ${stale.slice(0, 5).join(", ")}${stale.length > 5 ? " …" : ""}, recorded before ${stale.length === 1 ? "that host was" : "those hosts were"} declared; ${stale.length === 1 ? "it is" : "they are"} kept as recorded.`);
  }
}
