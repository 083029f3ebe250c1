import type { Metadata } from "next";
import { asc } from "drizzle-orm";
import { HydrationBoundary } from "@tanstack/react-query";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { GenerateReportForm } from "@/components/reports/generate-form";
import { ReportSchedules } from "@/components/reports/schedules";
import { ReportsTable } from "@/components/reports/reports-table";
import { VerifyReportForm } from "@/components/reports/verify-form";
import { teams } from "@/db/schema";
import { actorCan } from "@/lib/server/actor";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listApplicationOptions } from "@/lib/server/dal/application-options";
import { listReports } from "@/lib/server/dal/reports";
import { prefetchList } from "@/lib/server/prefetch";
import { firstValues } from "@/lib/validation/list-query";
import { reportListSchema } from "@/lib/validation/lists";

export const metadata: Metadata = { title: "Reports" };
export const dynamic = "force-dynamic";

export default async function ReportsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageAccess("/reports");
  const db = await getDb();
  const query = reportListSchema.parse(firstValues(await searchParams));
  const canGenerate = actorCan(actor, "reports.generate");
  const [state, applications, teamRows] = await Promise.all([
    prefetchList("reports", query, () => listReports(db, actor, query)),
    listApplicationOptions(db, actor),
    db.select({ slug: teams.slug, name: teams.name }).from(teams).orderBy(asc(teams.name)),
  ]);
  const scopes = { teams: teamRows, applications };
  return (
    <>
      <PageHeader
        title="Reports"
        description="PDF compliance reports an auditor, a board or an insurer can read: one framework's view of the third-party evidence, with the register, open findings and their plan. Each carries a SHA-256 that Sibyl keeps, so any copy can be checked later."
      />
      <div className="space-y-6">
        {canGenerate && (
          <Card>
            <CardHeader>
              <CardTitle>Generate a report</CardTitle>
              <CardDescription>Generation runs in the background; the table shows its progress. The period defaults to the last 90 days.</CardDescription>
            </CardHeader>
            <CardContent>
              <GenerateReportForm scopes={scopes} today={new Date().toISOString().slice(0, 10)} />
            </CardContent>
          </Card>
        )}
        <HydrationBoundary state={state}>
          <ReportsTable canGenerate={canGenerate} />
        </HydrationBoundary>
        <div className="grid gap-6 lg:grid-cols-2">
          <Card>
            <CardHeader>
              <CardTitle>Verify a report</CardTitle>
              <CardDescription>Upload a copy: Sibyl says whether it generated it and whether a byte has changed since.</CardDescription>
            </CardHeader>
            <CardContent>
              <VerifyReportForm />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Scheduled reports</CardTitle>
              <CardDescription>Weekly runs cover the previous 7 days; monthly runs the previous calendar month.</CardDescription>
            </CardHeader>
            <CardContent>
              <ReportSchedules canGenerate={canGenerate} scopes={scopes} />
            </CardContent>
          </Card>
        </div>
      </div>
    </>
  );
}
