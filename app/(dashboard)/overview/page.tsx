import type { Metadata } from "next";
import Link from "next/link";
import { BarChartCard } from "@/components/charts/bar-chart-card";
import { LineChartCard } from "@/components/charts/line-chart-card";
import { PageHeader } from "@/components/layout/page-header";
import { GradeDistributionChart } from "@/components/overview/grade-distribution-chart";
import { RiskiestDependencies } from "@/components/overview/riskiest-dependencies";
import { GRADE_COLORS } from "@/components/providers/format";
import { EmptyState } from "@/components/ui/empty-state";
import { KpiCard } from "@/components/ui/kpi-card";
import { actorCan } from "@/lib/server/actor";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { getDecisionCounts, getOverview } from "@/lib/server/dal/overview";
import { DecisionsOverview } from "@/components/overview/decisions-overview";
import { getReputationOverview } from "@/lib/server/dal/reputation";
import { RiskHeatMap } from "@/components/risk/heat-map";
import { findingsOverview } from "@/lib/server/dal/findings";
import { FindingsOverviewSection } from "@/components/overview/findings-overview";
import { ExposureCard, ExposureContributors } from "@/components/overview/exposure-card";
import { getExposure } from "@/lib/server/dal/exposure";

export const metadata: Metadata = { title: "Overview" };
export const dynamic = "force-dynamic";

const TIER_COLORS = ["#b91c1c", "#ea580c", "#ca8a04", "#64748b"];
const TIER_NAMES = ["Tier 1 · mission critical", "Tier 2 · business critical", "Tier 3 · operational", "Tier 4 · administrative"];
const GRADES = ["A", "B", "C", "D", "F"] as const;

/** "↑ 2.1 since Sep 1" from the first and last day of the trend (portfolio risk). */
function trendText(trend: { day: string; risk: number }[]): string | null {
  if (trend.length < 2) return null;
  const delta = Math.round((trend[trend.length - 1].risk - trend[0].risk) * 10) / 10;
  if (delta === 0) return `portfolio risk unchanged since ${trend[0].day}`;
  return `portfolio risk ${delta > 0 ? "↑" : "↓"} ${Math.abs(delta)} since ${trend[0].day}`;
}

const RISK_BAND_ORDER = ["critical", "high", "medium", "low"] as const;

/** A y-axis that shows movement: the data's range, padded, in steps of 5 (within 0–100). */
function trendDomain(values: number[]): [number, number] {
  if (!values.length) return [0, 100];
  const lo = Math.max(0, Math.floor((Math.min(...values) - 5) / 5) * 5);
  const hi = Math.min(100, Math.ceil((Math.max(...values) + 5) / 5) * 5);
  return [lo, Math.max(hi, lo + 10)];
}

export default async function OverviewPage() {
  const actor = await requirePageAccess("/overview");
  const db = await getDb();
  const [o, r, f, x, decisions] = await Promise.all([getOverview(db, actor), getReputationOverview(db, actor), findingsOverview(db, actor), getExposure(db, actor, { kind: "portfolio" }), actorCan(actor, "policies.read") ? getDecisionCounts(db, actor) : null]);
  const gradeLine = GRADES.map((g) => `${r.grades[g] ?? 0} ${g}`).join(" · ");
  const trend = trendText(r.trend);
  return (
    <>
      <PageHeader title="Overview" description="The organisation's API estate at a glance. Every figure links to the list it counts." />
      {o.applications === 0 ? (
        <EmptyState
          title="No applications yet"
          description="Load the demo organisation with `npm run seed -- --demo`, or import specs, traffic and SBOMs to build your inventory."
        />
      ) : null}
      <section aria-label="Risk figures" className="mb-3 grid gap-3 md:grid-cols-3">
        <KpiCard
          label="Portfolio risk"
          value={r.portfolio.risk.toFixed(1)}
          hint={`worst application ${Math.round(r.portfolio.worst)}${trend ? ` · ${trend}` : ""}`}
          href="#risk-trend"
          linkLabel={`Portfolio risk: ${r.portfolio.risk.toFixed(1)} of 100, worst application ${Math.round(r.portfolio.worst)}`}
        />
        <KpiCard
          label="Providers by grade"
          value={<span className="text-xl">{gradeLine}</span>}
          hint={`${r.grades.none ?? 0} with insufficient data`}
          href="/providers?used=used&sort=score"
          linkLabel={`Providers in use by grade: ${gradeLine}; ${r.grades.none ?? 0} with insufficient data`}
        />
        <KpiCard
          label="Applications at high risk"
          value={r.highRiskApplications.toLocaleString("en")}
          hint={`${r.applicationBands.critical} critical · ${r.applicationBands.high} high (riskiest dependency's band)`}
          href="/dependencies?band=critical"
          linkLabel={`Applications at high risk: ${r.highRiskApplications}; ${r.applicationBands.critical} critical, ${r.applicationBands.high} high`}
        />
      </section>
      <section aria-label="Key figures" className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <KpiCard label="Applications" value={o.applications.toLocaleString("en")} href="/applications" />
        <KpiCard label="Providers in use" value={o.providersInUse.toLocaleString("en")} hint={`of ${o.providersInCatalog} in catalog`} href="/providers?used=used" />
        <KpiCard label="Internal APIs" value={o.internalApis.toLocaleString("en")} hint="their endpoints are in the inventory" href="/inventory" />
        <KpiCard label="Endpoints" value={o.endpoints.toLocaleString("en")} href="/inventory" />
        <KpiCard label="Shadow endpoints" value={o.shadowEndpoints.toLocaleString("en")} href="/inventory?status=shadow" />
        <KpiCard label="Zombie endpoints" value={o.zombieEndpoints.toLocaleString("en")} href="/inventory?status=zombie" />
      </section>
      {decisions && <DecisionsOverview counts={decisions} />}
      <div className="mt-6 grid gap-4 lg:grid-cols-3">
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
        <GradeDistributionChart
          bars={[...GRADES, "none" as const].map((g) => ({
            key: g,
            label: g === "none" ? "Insufficient data" : `Grade ${g}`,
            value: r.grades[g] ?? 0,
            color: GRADE_COLORS[g],
            href: `/providers?grade=${g}&used=used`,
          }))}
        />
        <div id="risk-trend" className="scroll-mt-6">
          <LineChartCard
            title="Risk trend (90 days)"
            summary={
              r.trend.length
                ? `Mean risk of all provider dependencies per day, ${r.trend[0].day} to ${r.trend[r.trend.length - 1].day}: ${r.trend[0].dependencyRisk} to ${r.trend[r.trend.length - 1].dependencyRisk}; dependencies high or critical ${r.trend[0].highDependencies} to ${r.trend[r.trend.length - 1].highDependencies}.`
                : "No dependency risk computed in the last 90 days."
            }
            valueLabel="Mean dependency risk"
            points={r.trend.map((t) => ({ at: t.day, value: t.dependencyRisk }))}
            domain={trendDomain(r.trend.map((t) => t.dependencyRisk))}
            testId="risk-trend"
          >
            <table className="w-full text-sm">
              <caption className="sr-only">Risk per day</caption>
              <thead className="text-left text-xs text-muted-foreground">
                <tr>
                  <th scope="col" className="px-2 py-1">Day</th>
                  <th scope="col" className="px-2 py-1 text-right">Mean dependency risk</th>
                  <th scope="col" className="px-2 py-1 text-right">High or critical dependencies</th>
                  <th scope="col" className="px-2 py-1 text-right">Portfolio risk</th>
                </tr>
              </thead>
              <tbody>
                {r.trend.map((t) => (
                  <tr key={t.day} className="border-t">
                    <td className="px-2 py-1">{t.day}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{t.dependencyRisk}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{t.highDependencies}</td>
                    <td className="px-2 py-1 text-right tabular-nums">{t.risk}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </LineChartCard>
        </div>
      </div>
      <div className="mt-6 grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <ExposureCard view={x} />
        </div>
        <ExposureContributors view={x} />
      </div>
      <FindingsOverviewSection {...f} />
      <div className="mt-6 grid gap-4 lg:grid-cols-[auto_1fr]">
        <section aria-labelledby="heat-heading" className="rounded-lg border bg-card p-4">
          <h2 id="heat-heading" className="text-sm font-semibold">
            Dependency risk matrix
          </h2>
          <p className="mb-2 text-xs text-muted-foreground">
            {RISK_BAND_ORDER.map((b) => `${r.dependencyBands[b] ?? 0} ${b}`).join(" · ")}. Each cell links to its dependencies.
          </p>
          <RiskHeatMap heat={r.heat} caption="Provider dependencies by likelihood and impact" hrefFor={(l, i) => `/dependencies?likelihood=${l}&impact=${i}`} />
        </section>
        <RiskiestDependencies rows={r.riskiest} />
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
