import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications } from "@/db/schema";
import { declaredHostsFormSchema } from "@/lib/validation/application-hosts";
import { NotFoundError, parseOrThrow } from "@/lib/validation/errors";
import { assertCan, type Actor } from "../actor";
import { writeAudit } from "../audit";

/**
 * Replaces the hosts people declared for an application (the Application page's "Own hosts"): traffic
 * to them is inbound from the next ingest on. Spec hosts are not touched (a spec owns those). Audited
 * with the lists before and after, in the same transaction; nothing is written when nothing changes.
 */
export async function setDeclaredHosts(db: Db, actor: Actor, input: unknown): Promise<{ slug: string; declaredHosts: string[]; changed: boolean }> {
  assertCan(actor, "applications.write");
  const data = parseOrThrow(declaredHostsFormSchema, input);
  return db.transaction(async (tx) => {
    const [app] = await tx.select({ id: applications.id, declaredHosts: applications.declaredHosts }).from(applications).where(eq(applications.slug, data.slug)).for("update");
    if (!app) throw new NotFoundError(`No application has the slug "${data.slug}".`);
    const before = [...app.declaredHosts].sort();
    if (before.length === data.hosts.length && before.every((h, i) => h === data.hosts[i])) return { slug: data.slug, declaredHosts: before, changed: false };
    await tx.update(applications).set({ declaredHosts: data.hosts, updatedAt: new Date() }).where(eq(applications.id, app.id));
    await writeAudit(tx, actor, { action: "application.hosts_declared", targetType: "application", targetId: app.id, detail: { slug: data.slug, before, after: data.hosts, via: "application page" } });
    return { slug: data.slug, declaredHosts: data.hosts, changed: true };
  });
}
