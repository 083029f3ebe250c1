import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { HydrationBoundary } from "@tanstack/react-query";
import { DATA_CLASS_LABELS } from "@/components/applications/labels";
import { OwnHosts } from "@/components/applications/own-hosts";
import { EndpointsTable } from "@/components/inventory/endpoints-table";
import { PageTabs } from "@/components/layout/page-tabs";
import { countActiveFindings } from "@/lib/server/dal/findings";
import { DecisionCell } from "@/components/decisions/decision-cell";
import { DependencyDecisionActions } from "@/components/decisions/dependency-decision-actions";
import type { DecisionTarget } from "@/components/decisions/decision-actions";
import { ACTION_SEVERITY, type PolicyAction } from "@/lib/domain/policies/types";
import { DependencyRiskSection } from "@/components/applications/dependency-risk-section";
import { getApplicationRisk } from "@/lib/server/dal/reputation";
import { exposureChange } from "@/components/overview/exposure-card";
import { getExposure } from "@/lib/server/dal/exposure";
import { PageHeader } from "@/components/layout/page-header";
import { Badge } from "@/components/ui/badge";
import { CriticalityBadge } from "@/components/ui/criticality-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { actorCan } from "@/lib/server/actor";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { countSbomComponents } from "@/lib/server/dal/application-options";
import { getApplication } from "@/lib/server/dal/applications";
import { listApiNames, listEndpoints } from "@/lib/server/dal/endpoints";
import { prefetchList } from "@/lib/server/prefetch";
import { firstValues } from "@/lib/validation/list-query";
import { endpointListSchema, riskCellSchema } from "@/lib/validation/lists";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: (await params).slug };
}

type AppDependency = NonNullable<Awaited<ReturnType<typeof getApplication>>>["dependencies"][number];

/** What a decision action is about: the provider, else the host the dependency was observed on. */
function decisionTarget(d: AppDependency): DecisionTarget | null {
  if (d.providerSlug) return { provider: d.providerSlug };
  return d.host ? { host: d.host } : null;
}

function targetName(d: AppDependency): string {
  return d.providerName ?? d.internalApiName ?? d.host ?? "this dependency";
}

const SUMMARY: [PolicyAction, (n: number) => string][] = [
  ["quarantine", (n) => `${n} quarantined`],
  ["require_approval", (n) => `${n} awaiting approval`],
  ["alert", (n) => `${n} with ${n === 1 ? "an alert" : "alerts"}`],
];

/** "2 quarantined, 1 awaiting approval, 3 with alerts; 4 allowed (1 by exception)." */
function decisionSummary(deps: AppDependency[]): string {
  const count = (a: PolicyAction) => deps.filter((d) => d.decision?.action === a).length;
  const flagged = SUMMARY.filter(([a]) => count(a) > 0).map(([a, text]) => text(count(a)));
  const allowed = count("allow");
  const excepted = deps.filter((d) => d.decision?.mode === "exception").length;
  const pending = deps.filter((d) => !d.decision).length;
  const parts = [flagged.length ? flagged.join(", ") : "Nothing quarantined, awaiting approval or alerting"];
  if (allowed) parts.push(`${allowed} allowed${excepted ? ` (${excepted} by exception)` : ""}`);
  if (pending) parts.push(`${pending} not evaluated yet`);
  return `${parts.join("; ")}.`;
}

export default async function ApplicationPage({
  params,
  searchParams,
}: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requirePageAccess("/applications/[slug]");
  const db = await getDb();
  const app = await getApplication(db, actor, (await params).slug.slice(0, 200));
  if (!app) notFound();
  // The endpoints table keeps its filters in the URL; its query is fixed to this application.
  const showEndpoints = actorCan(actor, "inventory.read");
  const search = firstValues(await searchParams);
  const endpointQuery = { ...endpointListSchema.parse(search), app: app.slug };
  const riskCell = riskCellSchema.safeParse(search).data ?? null;
  const canDecide = actorCan(actor, "policies.write");
  // Most severe decision first, then as the DAL ordered them (most calls first).
  const dependencyRows = [...app.dependencies].sort((a, b) => (b.decision ? ACTION_SEVERITY[b.decision.action] : -1) - (a.decision ? ACTION_SEVERITY[a.decision.action] : -1));
  const [endpointState, apiNames, sbomCount, risk, activeFindings, exposure] = await Promise.all([
    showEndpoints ? prefetchList("endpoints", endpointQuery, () => listEndpoints(db, actor, endpointQuery)) : null,
    showEndpoints ? listApiNames(db, actor, app.slug) : [],
    countSbomComponents(db, actor, app.id),
    getApplicationRisk(db, actor, app.slug),
    actorCan(actor, "findings.read") ? countActiveFindings(db, actor, { applicationId: app.id }) : null,
    getExposure(db, actor, { kind: "application", id: app.id }, { top: 0 }),
  ]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-foreground">
        <Link href="/applications" className="hover:underline">
          Applications
        </Link>{" "}
        / {app.name}
      </nav>
      <PageHeader title={app.name} description={app.description ?? undefined} />
      {activeFindings !== null && (
        <PageTabs
          label={`${app.name} views`}
          tabs={[
            { href: `/applications/${app.slug}`, label: "Overview", active: true },
            { href: `/applications/${app.slug}/findings`, label: "Findings", count: activeFindings, active: false },
          ]}
        />
      )}
      <dl className="mb-6 grid grid-cols-2 gap-4 rounded-lg border bg-card p-4 text-sm md:grid-cols-3 xl:grid-cols-6">
        <div>
          <dt className="text-muted-foreground">Owner team</dt>
          <dd className="font-medium">{app.teamName ?? "Unowned"}</dd>
        </div>
        <div>
          <dt className="text-muted-foreground">Criticality</dt>
          <dd>
            <CriticalityBadge tier={app.criticality as 1 | 2 | 3 | 4} />
          </dd>
        </div>
        <div>
          <dt className="text-muted-foreground">Data classes</dt>
          <dd className="flex flex-wrap gap-1">
            {app.dataClasses.length ? app.dataClasses.map((c) => <Badge key={c} variant="outline">{DATA_CLASS_LABELS[c] ?? c}</Badge>) : "None"}
          </dd>
        </div>
        <div>
          <dt className="text-muted-foreground">Environment</dt>
          <dd className="font-medium">{app.environment}</dd>
        </div>
        <div>
          <dt className="text-muted-foreground">Lifecycle</dt>
          <dd className="font-medium">{app.lifecycle}</dd>
        </div>
        <div>
          <dt className="text-muted-foreground">Repository</dt>
          <dd className="truncate font-medium">{app.repositoryUrl ?? "—"}</dd>
        </div>
      </dl>

      <OwnHosts slug={app.slug} specHosts={app.hosts} declaredHosts={app.declaredHosts} canEdit={actorCan(actor, "applications.write")} />

      {risk && <DependencyRiskSection slug={app.slug} overall={risk.overall} band={risk.band} heat={risk.heat} declared={risk.declaredClasses} rows={risk.dependencies} cell={riskCell} canNarrow={actorCan(actor, "applications.write")} exposure={exposure.current ? { value: exposure.current.value, change: exposureChange(exposure.current.value, exposure.daysAgo30, "30 days") } : null} />}

      <section aria-labelledby="deps" className="mb-8">
        <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="deps" className="text-lg font-semibold">
            Dependencies ({app.dependencies.length})
          </h2>
          <Link href="/policies" className="text-sm text-primary hover:underline">
            How decisions are made
          </Link>
        </div>
        {app.dependencies.length === 0 ? (
          <EmptyState title="No dependencies recorded" description="Ingest traffic logs or an SBOM for this application to discover the providers it calls." />
        ) : (
          <>
            <p className="mb-2 text-sm text-muted-foreground" data-testid="decision-summary">
              Connectivity decisions: {decisionSummary(app.dependencies)}
            </p>
            <div className="rounded-md border bg-card">
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Provider or API</TableHead>
                    <TableHead>Decision</TableHead>
                    <TableHead>Hosts</TableHead>
                    <TableHead>Known from</TableHead>
                    <TableHead>Data sent</TableHead>
                    <TableHead className="text-right">Calls</TableHead>
                    <TableHead>Last seen</TableHead>
                    {canDecide && (
                      <TableHead>
                        <span className="sr-only">Actions</span>
                      </TableHead>
                    )}
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {dependencyRows.map((d) => {
                    const target = decisionTarget(d);
                    return (
                      <TableRow key={d.id} data-testid={`dependency-${d.providerSlug ?? d.host ?? d.id}`}>
                        <TableCell>
                          {d.providerSlug ? (
                            <Link href={`/providers/${d.providerSlug}`} className="font-medium text-primary hover:underline">
                              {d.providerName}
                            </Link>
                          ) : (
                            (d.internalApiName ?? <span className="text-muted-foreground">Unclassified</span>)
                          )}
                        </TableCell>
                        <TableCell>
                          <DecisionCell dependencyId={d.id} target={targetName(d)} decision={d.decision} />
                        </TableCell>
                        <TableCell className="max-w-56 break-words font-mono text-xs">{d.hosts.length ? d.hosts.join(", ") : (d.host ?? "—")}</TableCell>
                        <TableCell>{d.sources.join(", ")}</TableCell>
                        <TableCell>{d.dataClasses.length ? d.dataClasses.join(", ") : <span className="text-muted-foreground">None observed</span>}</TableCell>
                        <TableCell className="text-right tabular-nums">{d.callCount.toLocaleString("en")}</TableCell>
                        <TableCell>
                          <RelativeTime value={d.lastSeenAt} />
                        </TableCell>
                        {canDecide && (
                          <TableCell className="text-right">
                            {target && <DependencyDecisionActions dependencyId={d.id} application={app.slug} target={target} targetName={targetName(d)} decision={d.decision} ownerDefault={actor.email} />}
                          </TableCell>
                        )}
                      </TableRow>
                    );
                  })}
                </TableBody>
              </Table>
            </div>
          </>
        )}
      </section>

      {endpointState && (
        <section aria-labelledby="endpoints" className="mb-8">
          <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="endpoints" className="text-lg font-semibold">
              Endpoints
            </h2>
            <Link href="/discovery-rules" className="text-sm text-primary hover:underline">
              How statuses are decided
            </Link>
          </div>
          <HydrationBoundary state={endpointState}>
            <EndpointsTable app={app.slug} apis={apiNames} canCurate={actorCan(actor, "inventory.curate")} canIngest={actorCan(actor, "ingest.write")} />
          </HydrationBoundary>
        </section>
      )}

      <section aria-labelledby="apis" className="mb-8">
        <h2 id="apis" className="mb-2 text-lg font-semibold">
          Internal APIs ({app.apis.length})
        </h2>
        {app.apis.length === 0 ? (
          <EmptyState title="No internal APIs" description="Ingest an OpenAPI spec for this application to document the APIs it provides." />
        ) : (
          <div className="rounded-md border bg-card">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>API</TableHead>
                  <TableHead>Current version</TableHead>
                  <TableHead>Lifecycle</TableHead>
                  <TableHead className="text-right">Endpoints</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {app.apis.map((a) => (
                  <TableRow key={a.id}>
                    <TableCell className="font-medium">{a.name}</TableCell>
                    <TableCell>{a.currentVersion ?? "—"}</TableCell>
                    <TableCell>{a.lifecycle}</TableCell>
                    <TableCell className="text-right tabular-nums">{a.endpointCount}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>

      <section aria-labelledby="sbom">
        <h2 id="sbom" className="mb-1 text-lg font-semibold">
          SBOM components
        </h2>
        <p className="text-sm text-muted-foreground">
          {sbomCount > 0 ? (
            `${sbomCount.toLocaleString("en")} ${sbomCount === 1 ? "component" : "components"} from the latest SBOM ingests; provider SDKs among them appear as dependencies above.`
          ) : (
            <>
              No SBOM ingested yet. Upload a CycloneDX SBOM{" "}
              {actorCan(actor, "ingest.write") ? (
                <Link href="/ingest" className="text-primary underline">
                  on the ingest page
                </Link>
              ) : (
                "on the ingest page"
              )}
              , or run <code className="rounded bg-muted px-1 py-0.5 text-foreground">npm run sibyl -- ingest sbom &lt;file&gt; --app {app.slug}</code>.
            </>
          )}
        </p>
      </section>
    </>
  );
}
