import * as React from "react";
import Link from "next/link";
import { ArrowUpRight } from "lucide-react";

import { cn } from "@/lib/utils";

export type KpiCardProps = {
  /** Metric name, e.g. "Critical findings". */
  label: string;
  /** The number (or short value) — already formatted. */
  value: React.ReactNode;
  /** Secondary line, e.g. "+3 since last week". */
  hint?: React.ReactNode;
  /** When given, the whole card is a link ("every number is a door"). */
  href?: string;
  /**
   * Accessible name for the link. Defaults to "`label`: `value`" when value is
   * a string/number; otherwise the link's text content is used.
   */
  linkLabel?: string;
  className?: string;
};

/**
 * A KPI tile. With `href`, the entire surface is a single link whose accessible
 * name combines label and value (e.g. "Critical findings: 12").
 */
export function KpiCard({ label, value, hint, href, linkLabel, className }: KpiCardProps) {
  const body = (
    <>
      <div className="flex items-start justify-between gap-2">
        <span className="text-xs font-medium uppercase tracking-wide text-muted-foreground">
          {label}
        </span>
        {href && (
          <ArrowUpRight
            aria-hidden="true"
            className="size-4 shrink-0 text-muted-foreground transition-colors group-hover:text-primary"
          />
        )}
      </div>
      <div className="text-2xl font-semibold leading-tight tracking-tight tabular-nums text-foreground">{value}</div>
      {hint && <div className="text-xs text-muted-foreground">{hint}</div>}
    </>
  );

  const base = "flex flex-col gap-1 rounded-lg border bg-card p-4 text-card-foreground shadow-xs";

  if (href) {
    const accessibleName =
      linkLabel ??
      (typeof value === "string" || typeof value === "number"
        ? `${label}: ${value}${typeof hint === "string" ? ` (${hint})` : ""}`
        : undefined);
    return (
      <Link
        href={href}
        data-slot="kpi-card"
        aria-label={accessibleName}
        className={cn(
          base,
          "group no-underline transition-colors hover:border-primary/40 hover:bg-accent/40 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring",
          className,
        )}
      >
        {body}
      </Link>
    );
  }

  return (
    <div data-slot="kpi-card" className={cn(base, className)}>
      {body}
    </div>
  );
}
