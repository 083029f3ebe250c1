import * as React from "react";
import { Archive, CircleCheck, CircleDashed, EyeOff, Skull, type LucideIcon } from "lucide-react";
import type { DiscoveryStatus } from "@/lib/domain/ingest/classify";
import { cn } from "@/lib/utils";

export const ENDPOINT_STATUS_META: Record<DiscoveryStatus, { label: string; icon: LucideIcon; className: string }> = {
  documented: { label: "Documented", icon: CircleCheck, className: "border-success-border bg-success text-success-foreground" },
  orphan: { label: "Orphan", icon: CircleDashed, className: "border-grade-none-border border-dashed bg-grade-none text-grade-none-foreground" },
  shadow: { label: "Shadow", icon: EyeOff, className: "border-warning-border bg-warning text-warning-foreground" },
  zombie: { label: "Zombie", icon: Skull, className: "border-danger-border bg-danger text-danger-foreground" },
  deprecated: { label: "Deprecated", icon: Archive, className: "border-slate-400 bg-slate-200 text-slate-800" },
};

export type EndpointStatusBadgeProps = Omit<React.ComponentProps<"span">, "children"> & {
  status: DiscoveryStatus;
  /** The rule that produced the status, shown as the tooltip. */
  rule?: string | null;
};

/** Discovery status as text + icon shape + colour, so it reads in print and without colour. */
export function EndpointStatusBadge({ status, rule, className, ...props }: EndpointStatusBadgeProps) {
  const { label, icon: Icon, className: tone } = ENDPOINT_STATUS_META[status];
  return (
    <span
      data-slot="endpoint-status-badge"
      data-status={status}
      title={rule ?? label}
      className={cn("inline-flex w-fit shrink-0 items-center gap-1 whitespace-nowrap rounded-md border px-1.5 py-0.5 text-xs font-medium leading-4", tone, className)}
      {...props}
    >
      <Icon aria-hidden="true" className="size-3.5 shrink-0" strokeWidth={2.25} />
      {label}
    </span>
  );
}
