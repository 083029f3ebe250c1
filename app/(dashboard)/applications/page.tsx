import type { Metadata } from "next";
import { HydrationBoundary } from "@tanstack/react-query";
import { ApplicationsTable } from "@/components/applications/applications-table";
import { PageHeader } from "@/components/layout/page-header";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listApplications, listTeamsForFilter } from "@/lib/server/dal/applications";
import { prefetchList } from "@/lib/server/prefetch";
import { firstValues } from "@/lib/validation/list-query";
import { applicationListSchema } from "@/lib/validation/lists";

export const metadata: Metadata = { title: "Applications" };
export const dynamic = "force-dynamic";

export default async function ApplicationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageAccess("/applications");
  const db = await getDb();
  const query = applicationListSchema.parse(firstValues(await searchParams));
  const [state, teams] = await Promise.all([prefetchList("applications", query, () => listApplications(db, actor, query)), listTeamsForFilter(db, actor)]);
  return (
    <>
      <PageHeader title="Applications" description="Every application, its owner, criticality, the data it handles and the providers it depends on." />
      <HydrationBoundary state={state}>
        <ApplicationsTable teams={teams} />
      </HydrationBoundary>
    </>
  );
}
