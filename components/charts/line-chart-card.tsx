"use client";
import type { ReactNode } from "react";
import { CartesianGrid, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface LinePoint {
  /** ISO date or date-time. */
  at: string;
  value: number;
}

export interface ValueBand {
  from: number;
  to: number;
  color: string;
  label: string;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Nov 29" in UTC: the same on the server and in every browser, so hydration matches. */
function shortDay(ms: number): string {
  const d = new Date(ms);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
}

/** Round-numbered ticks across the value axis (0, 25, 50 … or 0, 2, 4 …). */
function ticksFor([min, max]: [number, number]): number[] {
  const span = Math.max(1, max - min);
  const step = [1, 2, 5, 10, 20, 25, 50, 100].find((s) => span / s <= 5) ?? Math.ceil(span / 5);
  const ticks: number[] = [];
  for (let t = min; t <= max + 1e-9; t += step) ticks.push(Math.round(t * 100) / 100);
  return ticks;
}

/**
 * A line over time. The chart is hidden from assistive technology: `children`
 * is its text alternative (a table), shown under "Show as a table" for everyone
 * and always read by screen readers through `summary`.
 */
export function LineChartCard({
  title,
  summary,
  points,
  valueLabel,
  domain = [0, 100],
  bands = [],
  color = "var(--primary)",
  children,
  testId,
  lead,
}: {
  title: string;
  summary: string;
  /** Shown between the title and the summary (a headline figure, a caption with a link). */
  lead?: ReactNode;
  points: LinePoint[];
  valueLabel: string;
  domain?: [number, number];
  bands?: ValueBand[];
  color?: string;
  children: ReactNode;
  testId?: string;
}) {
  const data = points.map((p) => ({ t: Date.parse(p.at), value: p.value }));
  const single = data.length === 1;
  return (
    <figure className="rounded-lg border bg-card p-4" data-testid={testId}>
      <figcaption className="mb-1 text-sm font-semibold">{title}</figcaption>
      {lead}
      <p className="mb-3 text-xs text-muted-foreground">{summary}</p>
      {data.length === 0 ? (
        <p className="py-10 text-center text-sm text-muted-foreground">No data points yet.</p>
      ) : (
        <div className="h-56" aria-hidden>
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={data} margin={{ top: 8, right: 24, bottom: 4, left: -16 }} accessibilityLayer={false}>
              {bands.map((b) => (
                <ReferenceArea key={b.label} y1={b.from} y2={b.to} fill={b.color} fillOpacity={0.08} ifOverflow="hidden" label={{ value: b.label, position: "insideRight", fontSize: 11, fill: "var(--muted-foreground)" }} />
              ))}
              {bands
                .filter((b) => b.from > domain[0])
                .map((b) => (
                  <ReferenceLine key={`line-${b.label}`} y={b.from} stroke={b.color} strokeDasharray="4 4" strokeOpacity={0.6} />
                ))}
              <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
              <XAxis
                dataKey="t"
                type="number"
                scale="time"
                domain={single ? [data[0].t - 86_400_000, data[0].t + 86_400_000] : ["dataMin", "dataMax"]}
                tickFormatter={shortDay}
                tick={{ fontSize: 12, fill: "var(--muted-foreground)" }}
                tickLine={false}
                axisLine={false}
                minTickGap={24}
              />
              <YAxis domain={domain} ticks={ticksFor(domain)} allowDecimals={false} tick={{ fontSize: 12, fill: "var(--muted-foreground)" }} tickLine={false} axisLine={false} />
              <Tooltip labelFormatter={(t) => shortDay(Number(t))} formatter={(v) => [v, valueLabel]} />
              <Line type="monotone" dataKey="value" stroke={color} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
      <details className="mt-2 text-sm">
        <summary className="cursor-pointer text-xs font-medium text-primary">Show as a table</summary>
        <div className="mt-2 max-h-72 overflow-auto">{children}</div>
      </details>
    </figure>
  );
}
