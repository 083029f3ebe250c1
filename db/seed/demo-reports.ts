// The demo organisation's compliance reports: one per framework over the last
// 90 days, requested by the demo CISO and generated through the same code path
// as the Reports page, the API and the CLI (request → evidence → PDF → hashes).
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { FRAMEWORK_IDS } from "@/lib/domain/reports/controls";
import { generateReport, requestReport } from "@/lib/server/reports/generate";

export const DEMO_REPORT_REQUESTER = "ciso@demo.sibyl.test";

export async function seedDemoReports(db: Db, now: Date): Promise<string[]> {
  const [ciso] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.email, DEMO_REPORT_REQUESTER));
  const actor = ciso ? { userId: ciso.id, label: ciso.email, role: "ciso" as const } : { label: "system:seed", role: "admin" as const };
  const ids: string[] = [];
  for (const framework of FRAMEWORK_IDS) {
    const report = await requestReport(db, actor, { framework, scope: "portfolio" }, { now });
    await generateReport(db, report.id, { now });
    ids.push(report.id);
  }
  return ids;
}
