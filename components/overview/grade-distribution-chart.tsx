"use client";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface GradeBar {
  key: string;
  label: string;
  value: number;
  color: string;
  href: string;
}

/** Providers in use by grade; each bar (and its legend entry) opens the providers list filtered to that grade. */
export function GradeDistributionChart({ bars }: { bars: GradeBar[] }) {
  const router = useRouter();
  return (
    <figure className="rounded-lg border bg-card p-4" data-testid="grade-distribution">
      <figcaption className="mb-3 text-sm font-semibold">Providers in use by grade</figcaption>
      <div className="h-56" aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          {/* Hidden from assistive technology (the links below are the accessible way in), so no keyboard focus either. */}
          <BarChart data={bars} margin={{ top: 4, right: 8, bottom: 4, left: -16 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="var(--border)" />
            <XAxis dataKey="label" tick={{ fontSize: 12, fill: "var(--muted-foreground)" }} tickLine={false} axisLine={false} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: "var(--muted-foreground)" }} tickLine={false} axisLine={false} />
            <Tooltip cursor={{ fill: "var(--accent)" }} formatter={(v) => [v, "Providers"]} />
            <Bar dataKey="value" radius={[3, 3, 0, 0]} cursor="pointer" onClick={(_, index) => router.push(bars[index].href)}>
              {bars.map((b) => (
                <Cell key={b.key} fill={b.color} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-xs">
        {bars.map((b) => (
          <li key={b.key}>
            <Link href={b.href} className="text-muted-foreground hover:text-foreground hover:underline">
              <span className="mr-1 inline-block size-2.5 rounded-sm align-middle" style={{ background: b.color }} aria-hidden />
              {b.label}: {b.value} {b.value === 1 ? "provider" : "providers"}
            </Link>
          </li>
        ))}
      </ul>
    </figure>
  );
}
