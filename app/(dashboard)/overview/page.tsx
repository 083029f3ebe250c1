import type { Metadata } from "next";
import Link from "next/link";
import { BarChartCard } from "@/components/charts/bar-chart-card";
import { PageHeader } from "@/components/layout/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { KpiCard } from "@/components/ui/kpi-card";
import { requirePageActor } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { getOverview } from "@/lib/server/dal/overview";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

const TIER_COLORS = ["#b91c1c", "#ea580c", "#ca8a04", "#64748b"];
const SEVERITY_COLORS = { critical: "#7f1d1d", high: "#c2410c", medium: "#a16207", low: "#0369a1", info: "#64748b" };
const TIER_NAMES = ["Tier 1 · mission critical", "Tier 2 · business critical", "Tier 3 · operational", "Tier 4 · administrative"];

export default async function OverviewPage() {
  const actor = await requirePageActor("overview.read");
  const o = await getOverview(await getDb(), actor);
  const openTotal = Object.values(o.openFindings).reduce((a, b) => a + b, 0);
  return (
    <>
      <PageHeader title="Overview" description="The organisation's API estate at a glance. Every figure links to the list it counts." />
      {o.applications === 0 ? (
        <EmptyState
          title="No applications yet"
          description="Load the demo organisation with `npm run seed -- --demo`, or import specs, traffic and SBOMs to build your inventory."
        />
      ) : null}
      <section aria-label="Key figures" className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <KpiCard label="Applications" value={o.applications.toLocaleString("en")} href="/applications" />
        <KpiCard label="Providers in use" value={o.providersInUse.toLocaleString("en")} hint={`of ${o.providersInCatalog} in catalog`} href="/providers?used=used" />
        <KpiCard label="Internal APIs" value={o.internalApis.toLocaleString("en")} />
        <KpiCard label="Endpoints" value={o.endpoints.toLocaleString("en")} />
        <KpiCard label="Open critical findings" value={o.openFindings.critical.toLocaleString("en")} />
        <KpiCard label="Open high findings" value={o.openFindings.high.toLocaleString("en")} hint={`${openTotal} open in all`} />
      </section>
      <div className="mt-6 grid gap-4 lg:grid-cols-2">
        <BarChartCard
          title="Applications by business criticality"
          valueLabel="Applications"
          data={o.applicationsByCriticality.map((t) => ({
            label: TIER_NAMES[t.tier - 1],
            value: t.count,
            color: TIER_COLORS[t.tier - 1],
            href: `/applications?criticality=${t.tier}`,
          }))}
        />
        <BarChartCard
          title="Open findings by severity"
          valueLabel="Findings"
          data={(["critical", "high", "medium", "low", "info"] as const).map((s) => ({
            label: s[0].toUpperCase() + s.slice(1),
            value: o.openFindings[s],
            color: SEVERITY_COLORS[s],
          }))}
        />
      </div>
      <section className="mt-6 rounded-lg border bg-card p-4" aria-labelledby="top-providers">
        <h2 id="top-providers" className="mb-3 text-sm font-semibold">
          Most depended-on providers
        </h2>
        {o.topProviders.length === 0 ? (
          <p className="text-sm text-muted-foreground">No application depends on a provider yet.</p>
        ) : (
          <ol className="grid gap-1 text-sm sm:grid-cols-2">
            {o.topProviders.map((p, i) => (
              <li key={p.slug} className="flex justify-between gap-4 rounded px-2 py-1 hover:bg-accent">
                <Link href={`/providers/${p.slug}`} className="font-medium hover:underline">
                  {i + 1}. {p.name}
                </Link>
                <span className="text-muted-foreground">
                  {p.dependents} {p.dependents === 1 ? "application" : "applications"}
                </span>
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
