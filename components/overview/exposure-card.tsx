import Link from "next/link";
import { LineChartCard } from "@/components/charts/line-chart-card";
import { GradeBadge, type Grade } from "@/components/ui/grade-badge";
import type { ExposureView } from "@/lib/server/dal/exposure";

/** "↑ 3.2 (+4 %) in 30 days", or null without a comparison point. */
export function exposureChange(current: number, before: { day: string; value: number } | null, span: string): string | null {
  if (!before) return null;
  const delta = Math.round((current - before.value) * 10) / 10;
  if (delta === 0) return `unchanged in ${span}`;
  const pct = before.value > 0 ? ` (${delta > 0 ? "+" : "−"}${Math.abs(Math.round((delta / before.value) * 100))} %)` : "";
  return `${delta > 0 ? "↑" : "↓"} ${Math.abs(delta).toLocaleString("en")}${pct} in ${span}`;
}

/** A y-axis that shows movement: the data's range, padded by a tenth, on round numbers. */
function exposureDomain(values: number[]): [number, number] {
  if (!values.length) return [0, 10];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = Math.max(1, (hi - lo) * 0.1);
  const step = 10 ** Math.max(0, Math.floor(Math.log10(Math.max(1, hi - lo + 2 * pad))) - 1);
  return [Math.max(0, Math.floor((lo - pad) / step) * step), Math.ceil((hi + pad) / step) * step];
}

const METHOD = "/providers/methodology#exposure";

/** The portfolio's insurance exposure index, its change and its 12-month line, with what it is in one line. */
export function ExposureCard({ view }: { view: ExposureView }) {
  const c = view.current;
  const change = c ? (exposureChange(c.value, view.daysAgo30, "30 days") ?? exposureChange(c.value, view.series[0] ?? null, `since ${view.series[0]?.day}`)) : null;
  const year = c ? exposureChange(c.value, view.monthsAgo12, "12 months") : null;
  return (
    <div id="exposure" className="scroll-mt-6">
      <LineChartCard
        title="Insurance exposure index (12 months)"
        lead={
          <div className="mb-2">
            <p className="text-2xl font-semibold tabular-nums" data-testid="exposure-value">
              {c ? c.value.toLocaleString("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 }) : "—"}
              {change ? <span className="ml-2 text-xs font-normal text-muted-foreground">{[change, year].filter(Boolean).join(" · ")}</span> : null}
            </p>
            <p className="text-xs text-muted-foreground">
              A relative index of third-party API exposure: rises and falls with provider scores, the data sent and the call volume. Not a premium or a loss estimate (
              <Link href={METHOD} className="text-primary underline underline-offset-2">
                how it is computed
              </Link>
              ).
            </p>
          </div>
        }
        summary={
          view.series.length
            ? `Portfolio exposure index per day, ${view.series[0].day} to ${view.series[view.series.length - 1].day}: ${view.series[0].value} to ${view.series[view.series.length - 1].value}.`
            : "No exposure computed yet: it appears with the first rescore."
        }
        valueLabel="Exposure index"
        points={view.series.map((p) => ({ at: p.day, value: p.value }))}
        domain={exposureDomain(view.series.map((p) => p.value))}
        testId="exposure-trend"
      >
        <table className="w-full text-sm">
          <caption className="sr-only">Exposure index per day</caption>
          <thead className="text-left text-xs text-muted-foreground">
            <tr>
              <th scope="col" className="px-2 py-1">Day</th>
              <th scope="col" className="px-2 py-1 text-right">Exposure index</th>
            </tr>
          </thead>
          <tbody>
            {view.series.map((p) => (
              <tr key={p.day} className="border-t">
                <td className="px-2 py-1">{p.day}</td>
                <td className="px-2 py-1 text-right tabular-nums">{p.value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </LineChartCard>
    </div>
  );
}

/** The largest contributions to the exposure index: application → provider, with why. */
export function ExposureContributors({ view }: { view: ExposureView }) {
  return (
    <section aria-labelledby="exposure-top-heading" className="rounded-lg border bg-card p-4">
      <h2 id="exposure-top-heading" className="text-sm font-semibold">
        Largest exposure contributors
      </h2>
      <p className="mb-3 text-xs text-muted-foreground">Data weight × provider weakness × call volume × application tier, per dependency.</p>
      {view.contributors.length === 0 ? (
        <p className="text-sm text-muted-foreground">Nothing contributes yet.</p>
      ) : (
        <ol className="space-y-2 text-sm">
          {view.contributors.map((c) => (
            <li key={c.dependencyId} className="flex items-start justify-between gap-3">
              <div className="min-w-0">
                <Link href={`/applications/${c.application.slug}`} className="font-medium text-primary hover:underline">
                  {c.application.name}
                </Link>{" "}
                →{" "}
                <Link href={`/providers/${c.provider.slug}`} className="hover:underline">
                  {c.provider.name}
                </Link>{" "}
                {c.grade ? <GradeBadge grade={c.grade as Grade} size="sm" /> : null}
                <div className="text-xs text-muted-foreground">
                  {c.sensitivity} ×{c.dataWeight} · weakness {c.weakness.toFixed(2)} · volume {c.volume.toFixed(2)} · tier ×{c.tier}
                </div>
              </div>
              <span className="shrink-0 tabular-nums">
                {c.value.toLocaleString("en")} <span className="text-xs text-muted-foreground">({Math.round(c.share * 100)} %)</span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
