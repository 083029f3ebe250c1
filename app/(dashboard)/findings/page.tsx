import type { Metadata } from "next";
import { HydrationBoundary } from "@tanstack/react-query";
import { DecisionLogExport } from "@/components/findings/decision-log-export";
import { FindingsTable } from "@/components/findings/findings-table";
import { PageHeader } from "@/components/layout/page-header";
import { actorCan } from "@/lib/server/actor";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listApplicationOptions } from "@/lib/server/dal/application-options";
import { listTeamsForFilter } from "@/lib/server/dal/applications";
import { listAssignableUsers, listFindings } from "@/lib/server/dal/findings";
import { listProviders } from "@/lib/server/dal/providers";
import { prefetchList } from "@/lib/server/prefetch";
import { firstValues } from "@/lib/validation/list-query";
import { findingListSchema } from "@/lib/validation/findings";
import { providerListSchema } from "@/lib/validation/lists";

export const metadata: Metadata = { title: "Findings" };
export const dynamic = "force-dynamic";

export default async function FindingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageAccess("/findings");
  const db = await getDb();
  const query = findingListSchema.parse(firstValues(await searchParams));
  const canTriage = actorCan(actor, "findings.triage");
  const [state, applications, providers, teams, assignees] = await Promise.all([
    prefetchList("findings", query, () => listFindings(db, actor, query)),
    actorCan(actor, "inventory.read") ? listApplicationOptions(db, actor) : [],
    actorCan(actor, "providers.read") ? listProviders(db, actor, { ...providerListSchema.parse({ sort: "name", used: "used" }), pageSize: 1000 }).then((p) => p.rows.map((r) => ({ slug: r.slug, name: r.name }))) : [],
    actorCan(actor, "applications.read") ? listTeamsForFilter(db, actor) : [],
    listAssignableUsers(db, actor),
  ]);
  const today = new Date();
  return (
    <>
      <PageHeader
        title="Findings"
        description="Everything Sibyl detected that needs a decision: triage it, assign it, accept the risk or resolve it. The view is in the address bar, so a filter can be shared or bookmarked."
        actions={<DecisionLogExport from={new Date(today.getTime() - 90 * 86_400_000).toISOString().slice(0, 10)} to={today.toISOString().slice(0, 10)} />}
      />
      <HydrationBoundary state={state}>
        <FindingsTable applications={applications} providers={providers} teams={teams} assignees={assignees} canTriage={canTriage} canIngest={actorCan(actor, "ingest.write")} />
      </HydrationBoundary>
    </>
  );
}
