import type { Metadata } from "next";
import { dehydrate, HydrationBoundary, QueryClient } from "@tanstack/react-query";
import { Download } from "lucide-react";
import { PageHeader } from "@/components/layout/page-header";
import { DecisionChanges } from "@/components/policies/decision-changes";
import { DefaultAction } from "@/components/policies/default-action";
import { EnforcementDownloads } from "@/components/policies/enforcement-downloads";
import { ExceptionsSection } from "@/components/policies/exceptions";
import { PoliciesTable } from "@/components/policies/policies-table";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { actorCan } from "@/lib/server/actor";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listApplicationOptions } from "@/lib/server/dal/application-options";
import { listProviderOptions } from "@/lib/server/dal/provider-options";
import { getDefaultAction } from "@/lib/server/policies/reevaluate";
import { listDecisionChanges, listExceptions, listPolicies } from "@/lib/server/policies/store";
import { decisionHistoryQueryOptions, exceptionsQueryOptions, HISTORY_PAGE, policiesQueryOptions } from "@/lib/query/policies";

export const metadata: Metadata = { title: "Policies" };
export const dynamic = "force-dynamic";

export default async function PoliciesPage() {
  const actor = await requirePageAccess("/policies");
  const db = await getDb();
  const canWrite = actorCan(actor, "policies.write");
  const canConfigure = actorCan(actor, "policies.configure");
  // Prefetch under the keys the client components ask for, so the page hydrates without a second round trip.
  const client = new QueryClient();
  const [applications, providers] = await Promise.all([
    listApplicationOptions(db, actor),
    listProviderOptions(db, actor),
    client.prefetchQuery({ queryKey: policiesQueryOptions().queryKey, queryFn: async () => ({ policies: await listPolicies(db, actor), defaultAction: await getDefaultAction(db) }) }),
    client.prefetchQuery({ queryKey: exceptionsQueryOptions().queryKey, queryFn: async () => ({ exceptions: await listExceptions(db, actor, { includeEnded: true }) }) }),
    client.prefetchQuery({ queryKey: decisionHistoryQueryOptions(HISTORY_PAGE).queryKey, queryFn: async () => ({ changes: await listDecisionChanges(db, actor, { limit: HISTORY_PAGE }) }) }),
  ]);
  return (
    <>
      <PageHeader
        title="Policies"
        description="Connectivity policies decide, for every application's dependency on a provider or host, whether to allow it, alert, require approval or quarantine it. The first enforced policy that matches (lowest priority first) decides; monitor-mode policies only record what they would do."
        actions={
          <Button asChild variant="outline">
            <a href="/api/v1/policies?format=yaml" download>
              <Download aria-hidden />
              Download as YAML
            </a>
          </Button>
        }
      />
      <HydrationBoundary state={dehydrate(client)}>
        <div className="space-y-6">
          <Card>
            <CardHeader>
              <CardTitle as="h2">Policies in evaluation order</CardTitle>
              <CardDescription>The first enforced policy that matches a dependency decides it; when none does, the default action applies.</CardDescription>
            </CardHeader>
            <CardContent className="space-y-3">
              <DefaultAction canConfigure={canConfigure} />
              <PoliciesTable canWrite={canWrite} />
              <p className="text-xs text-muted-foreground">
                Policies as code: keep the downloaded file in a repository and apply it from CI with{" "}
                <code className="rounded bg-muted px-1 py-0.5 text-foreground">npm run sibyl -- policy apply sibyl-policies.yaml</code> (policies are upserted by name; identical ones are left alone).
              </p>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle as="h2">Exceptions</CardTitle>
              <CardDescription>Let one application keep calling one provider or host whatever the policies say, with an owner and a reason, until a date.</CardDescription>
            </CardHeader>
            <CardContent>
              <ExceptionsSection canWrite={canWrite} applications={applications} providers={providers} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle as="h2">Recent decision changes</CardTitle>
              <CardDescription>Every time a dependency&apos;s decision moved, what moved it, newest first.</CardDescription>
            </CardHeader>
            <CardContent>
              <DecisionChanges />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle as="h2">Enforce at the gateway</CardTitle>
              <CardDescription>Egress rules generated from the current decisions: blocked means quarantined or awaiting approval. Download again after a change, or fetch them from CI with an API token.</CardDescription>
            </CardHeader>
            <CardContent>
              <EnforcementDownloads applications={applications} providers={providers} />
            </CardContent>
          </Card>
        </div>
      </HydrationBoundary>
    </>
  );
}
