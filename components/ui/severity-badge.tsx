import * as React from "react";
import { ArrowDown, CircleAlert, Info, OctagonAlert, TriangleAlert, type LucideIcon } from "lucide-react";

import { cn } from "@/lib/utils";

export type Severity = "critical" | "high" | "medium" | "low" | "info";

const severityConfig: Record<Severity, { label: string; icon: LucideIcon; className: string }> = {
  critical: {
    label: "Critical",
    icon: OctagonAlert,
    className: "border-severity-critical-border bg-severity-critical text-severity-critical-foreground",
  },
  high: {
    label: "High",
    icon: TriangleAlert,
    className: "border-severity-high-border bg-severity-high text-severity-high-foreground",
  },
  medium: {
    label: "Medium",
    icon: CircleAlert,
    className: "border-severity-medium-border bg-severity-medium text-severity-medium-foreground",
  },
  low: {
    label: "Low",
    icon: ArrowDown,
    className: "border-severity-low-border bg-severity-low text-severity-low-foreground",
  },
  info: {
    label: "Info",
    icon: Info,
    className: "border-severity-info-border bg-severity-info text-severity-info-foreground",
  },
};

export const SEVERITY_LABELS: Record<Severity, string> = {
  critical: severityConfig.critical.label,
  high: severityConfig.high.label,
  medium: severityConfig.medium.label,
  low: severityConfig.low.label,
  info: severityConfig.info.label,
};

export type SeverityBadgeProps = Omit<React.ComponentProps<"span">, "children"> & {
  severity: Severity;
  /** What the level grades, for the tooltip and screen readers: "Severity" (findings) or "Risk" (dependencies). */
  subject?: string;
};

/** Severity as text + distinct icon shape + colour, so it survives print and colour blindness. */
export function SeverityBadge({ severity, subject = "Severity", className, ...props }: SeverityBadgeProps) {
  const { label, icon: Icon, className: tone } = severityConfig[severity];
  return (
    <span
      data-slot="severity-badge"
      data-severity={severity}
      title={`${subject}: ${label}`}
      className={cn(
        "inline-flex w-fit shrink-0 items-center gap-1 whitespace-nowrap rounded-md border px-1.5 py-0.5 text-xs font-medium leading-4",
        tone,
        className,
      )}
      {...props}
    >
      <Icon aria-hidden="true" className="size-3.5 shrink-0" strokeWidth={2.25} />
      <span className="sr-only">{subject}: </span>
      {label}
    </span>
  );
}
