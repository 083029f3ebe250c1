import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appSettings } from "@/db/schema";
import { DEFAULT_SLA_DAYS, type SlaDays } from "@/lib/domain/triage/sla";
import { slaDaysSchema } from "@/lib/validation/findings";
import { parseOrThrow } from "@/lib/validation/errors";
import { assertCan, type Actor } from "../actor";
import { writeAudit } from "../audit";

const KEY = "triage.sla_days";

/** SLA days per severity: the admin's setting, or the defaults (critical 7, high 30, medium 90, low 180). */
export async function getSlaDays(db: Db): Promise<SlaDays> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, KEY)).limit(1);
  const parsed = slaDaysSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : DEFAULT_SLA_DAYS;
}

/**
 * Changes the SLA days (admin). Due dates of findings still being worked are
 * recomputed from their SLA start so "past SLA" stays truthful; audited.
 */
export async function setSlaDays(db: Db, actor: Actor, input: unknown): Promise<SlaDays> {
  assertCan(actor, "triage.configure");
  const days = parseOrThrow(slaDaysSchema, input);
  return db.transaction(async (tx) => {
    const before = await getSlaDays(tx);
    await tx
      .insert(appSettings)
      .values({ key: KEY, value: days })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: days, updatedAt: new Date() } });
    for (const severity of ["critical", "high", "medium", "low"] as const) {
      await tx.execute(sql`update findings set due_at = sla_started_at + make_interval(days => ${days[severity]}::int) where severity = ${severity} and status in ('open', 'in_triage', 'confirmed')`);
    }
    await writeAudit(tx, actor, { action: "triage.sla_days.update", targetType: "setting", targetId: KEY, detail: { before, after: days } });
    return days;
  });
}
