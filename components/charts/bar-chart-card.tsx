"use client";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface BarDatum {
  label: string;
  value: number;
  color: string;
  href?: string;
}

/** A bar chart with its data also as a table for screen readers (charts need a text alternative). */
export function BarChartCard({ title, data, valueLabel }: { title: string; data: BarDatum[]; valueLabel: string }) {
  return (
    <figure className="rounded-lg border bg-card p-4">
      <figcaption className="mb-3 text-sm font-semibold">{title}</figcaption>
      <div className="h-56" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          {/* The chart is hidden from assistive technology (the table below is its text
              alternative), so it must not take keyboard focus either. */}
          <BarChart data={data} margin={{ top: 4, right: 8, bottom: 4, left: -16 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
            <XAxis dataKey="label" tick={{ fontSize: 12, fill: "var(--muted-foreground)" }} tickLine={false} axisLine={false} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "var(--muted-foreground)" }} tickLine={false} axisLine={false} />
            <Tooltip cursor={{ fill: "var(--accent)" }} formatter={(v) => [v, valueLabel]} />
            <Bar dataKey="value" radius={[3, 3, 0, 0]}>
              {data.map((d) => (
                <Cell key={d.label} fill={d.color} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">{valueLabel}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.label}>
              <td>{d.label}</td>
              <td>{d.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs text-muted-foreground">
        {data.map((d) =>
          d.href ? (
            <li key={d.label}>
              <a href={d.href} className="hover:underline">
                <span className="mr-1 inline-block size-2.5 rounded-sm align-middle" style={{ background: d.color }} aria-hidden />
                {d.label}: {d.value}
              </a>
            </li>
          ) : (
            <li key={d.label}>
              <span className="mr-1 inline-block size-2.5 rounded-sm align-middle" style={{ background: d.color }} aria-hidden />
              {d.label}: {d.value}
            </li>
          ),
        )}
      </ul>
    </figure>
  );
}
