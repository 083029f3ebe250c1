import "server-only";
import { and, asc, eq, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reportSchedules } from "@/db/schema";
import { NotFoundError, parseOrThrow } from "@/lib/validation/errors";
import { reportScheduleSchema } from "@/lib/validation/reports";
import { assertCan, SYSTEM_ACTOR, type Actor } from "../actor";
import { writeAudit } from "../audit";
import { requestReport } from "./generate";

// Scheduled reports: weekly (Monday 06:00 UTC, covering the previous 7 days) or
// monthly (the 1st, 06:00 UTC, covering the previous calendar month) per scope
// and framework. The job queue checks hourly for due schedules; each run is an
// ordinary report row, stored and listed like any other.

const DAY_MS = 86_400_000;

export function nextRunAfter(cadence: "weekly" | "monthly", after: Date): Date {
  if (cadence === "monthly") {
    const d = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth() + 1, 1, 6));
    return d;
  }
  const d = new Date(Date.UTC(after.getUTCFullYear(), after.getUTCMonth(), after.getUTCDate(), 6));
  const daysToMonday = (8 - d.getUTCDay()) % 7 || 7;
  return new Date(d.getTime() + daysToMonday * DAY_MS);
}

/** The period a scheduled run covers: the 7 days, or the calendar month, before the run. */
export function scheduledPeriod(cadence: "weekly" | "monthly", runAt: Date): { from: string; to: string } {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  if (cadence === "monthly") {
    const start = new Date(Date.UTC(runAt.getUTCFullYear(), runAt.getUTCMonth() - 1, 1));
    const end = new Date(Date.UTC(runAt.getUTCFullYear(), runAt.getUTCMonth(), 0));
    return { from: day(start), to: day(end) };
  }
  const end = new Date(Date.UTC(runAt.getUTCFullYear(), runAt.getUTCMonth(), runAt.getUTCDate()) - DAY_MS);
  return { from: day(new Date(end.getTime() - 6 * DAY_MS)), to: day(end) };
}

export async function listSchedules(db: Db, actor: Actor) {
  assertCan(actor, "reports.read");
  return db.select().from(reportSchedules).orderBy(asc(reportSchedules.nextRunAt));
}

export async function createSchedule(db: Db, actor: Actor, input: unknown, now = new Date()) {
  assertCan(actor, "reports.generate");
  const value = parseOrThrow(reportScheduleSchema, input);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(reportSchedules)
      .values({ ...value, nextRunAt: nextRunAfter(value.cadence, now), createdById: actor.userId ?? null })
      .onConflictDoUpdate({ target: [reportSchedules.framework, reportSchedules.scope, reportSchedules.cadence], set: { enabled: true, updatedAt: now } })
      .returning();
    await writeAudit(tx, actor, { action: "report_schedule.saved", targetType: "report_schedule", targetId: row.id, detail: value });
    return row;
  });
}

export async function deleteSchedule(db: Db, actor: Actor, id: string) {
  assertCan(actor, "reports.generate");
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(reportSchedules).where(eq(reportSchedules.id, id)).returning();
    if (!row) throw new NotFoundError("No such schedule.");
    await writeAudit(tx, actor, { action: "report_schedule.deleted", targetType: "report_schedule", targetId: id, detail: { framework: row.framework, scope: row.scope, cadence: row.cadence } });
    return row;
  });
}

/** Requests a report for every due schedule and moves it to its next run; answers the report ids to generate. */
export async function runDueSchedules(db: Db, now = new Date()): Promise<string[]> {
  const due = await db.select().from(reportSchedules).where(and(eq(reportSchedules.enabled, true), lte(reportSchedules.nextRunAt, now)));
  const ids: string[] = [];
  for (const schedule of due) {
    const cadence = schedule.cadence as "weekly" | "monthly";
    const period = scheduledPeriod(cadence, schedule.nextRunAt);
    try {
      const report = await requestReport(db, { ...SYSTEM_ACTOR, label: "schedule" }, { framework: schedule.framework, scope: schedule.scope, ...period }, { now, scheduleId: schedule.id });
      ids.push(report.id);
    } catch (error) {
      console.error(`[reports] schedule ${schedule.id} could not request its report:`, error);
    }
    await db.update(reportSchedules).set({ lastRunAt: now, nextRunAt: nextRunAfter(cadence, now) }).where(eq(reportSchedules.id, schedule.id));
  }
  return ids;
}
