import Link from "next/link";
import { BarChartCard } from "@/components/charts/bar-chart-card";
import { LineChartCard } from "@/components/charts/line-chart-card";
import { KpiCard } from "@/components/ui/kpi-card";

type Severity = "critical" | "high" | "medium" | "low" | "info";
const SEVERITIES: Severity[] = ["critical", "high", "medium", "low", "info"];
const SEVERITY_COLORS: Record<Severity, string> = { critical: "#7f1d1d", high: "#c2410c", medium: "#a16207", low: "#0369a1", info: "#64748b" };
const label = (s: string) => s[0].toUpperCase() + s.slice(1);

export interface FindingsOverviewProps {
  openBySeverity: Record<Severity, number>;
  pastSla: number;
  mttrDays: Record<Severity, number | null>;
  trend: { day: string; open: number }[];
}

/** The Overview's triage figures; every number links to the queue filtered to what it counts. */
export function FindingsOverviewSection({ openBySeverity, pastSla, mttrDays, trend }: FindingsOverviewProps) {
  const open = SEVERITIES.reduce((a, s) => a + openBySeverity[s], 0);
  const first = trend[0];
  const last = trend[trend.length - 1];
  return (
    <section aria-labelledby="findings-heading" className="mt-6">
      <h2 id="findings-heading" className="mb-3 text-sm font-semibold">
        Findings
      </h2>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <KpiCard label="Open findings" value={open.toLocaleString("en")} hint="open, in triage or confirmed" href="/findings" />
        <KpiCard label="Open critical findings" value={openBySeverity.critical.toLocaleString("en")} href="/findings?severity=critical" />
        <KpiCard label="Open high findings" value={openBySeverity.high.toLocaleString("en")} href="/findings?severity=high" />
        <KpiCard label="Findings past SLA" value={pastSla.toLocaleString("en")} hint="still open after their due date" href="/findings?pastSla=1&sort=due" />
      </div>
      <div className="mt-4 grid gap-4 lg:grid-cols-3">
        <BarChartCard
          title="Open findings by severity"
          valueLabel="Findings"
          data={SEVERITIES.map((s) => ({ label: label(s), value: openBySeverity[s], color: SEVERITY_COLORS[s], href: `/findings?severity=${s}` }))}
        />
        <LineChartCard
          title="Open findings (90 days)"
          summary={first && last ? `Findings needing work at the end of each day, ${first.day} to ${last.day}: ${first.open} to ${last.open}.` : "No findings yet."}
          valueLabel="Open findings"
          points={trend.map((t) => ({ at: t.day, value: t.open }))}
          domain={[0, Math.max(10, Math.ceil(Math.max(0, ...trend.map((t) => t.open)) / 10) * 10)]}
          testId="findings-trend"
        >
          <table className="w-full text-sm">
            <caption className="sr-only">Open findings per day</caption>
            <thead className="text-left text-xs text-muted-foreground">
              <tr>
                <th scope="col" className="px-2 py-1">Day</th>
                <th scope="col" className="px-2 py-1 text-right">Open</th>
              </tr>
            </thead>
            <tbody>
              {trend.map((t) => (
                <tr key={t.day} className="border-t">
                  <td className="px-2 py-1">{t.day}</td>
                  <td className="px-2 py-1 text-right tabular-nums">{t.open}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </LineChartCard>
        <div className="rounded-lg border bg-card p-4">
          <h3 className="mb-1 text-sm font-semibold">Mean time to resolve</h3>
          <p className="mb-3 text-xs text-muted-foreground">Days from first detection to resolution, findings resolved in the last 90 days.</p>
          <table className="w-full text-sm">
            <caption className="sr-only">Mean time to resolve by severity</caption>
            <thead className="text-left text-xs text-muted-foreground">
              <tr>
                <th scope="col" className="py-1">Severity</th>
                <th scope="col" className="py-1 text-right">Mean days</th>
              </tr>
            </thead>
            <tbody>
              {SEVERITIES.map((s) => (
                <tr key={s} className="border-t">
                  <td className="py-1.5">
                    <Link href={`/findings?state=resolved&severity=${s}`} className="text-primary underline-offset-2 hover:underline">
                      {label(s)}
                    </Link>
                  </td>
                  <td className="py-1.5 text-right tabular-nums">{mttrDays[s] === null ? <span className="text-muted-foreground">none resolved</span> : mttrDays[s]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
