import * as React from "react";
import { CircleCheck, CircleDot, CircleSlash, Crosshair, Handshake, Search, ShieldOff, type LucideIcon } from "lucide-react";
import { STATE_LABELS, type FindingState } from "@/lib/domain/triage/states";
import { cn } from "@/lib/utils";

export const FINDING_STATE_META: Record<FindingState, { icon: LucideIcon; className: string }> = {
  open: { icon: CircleDot, className: "border-warning-border bg-warning text-warning-foreground" },
  in_triage: { icon: Search, className: "border-sky-300 bg-sky-100 text-sky-900" },
  confirmed: { icon: Crosshair, className: "border-danger-border bg-danger text-danger-foreground" },
  risk_accepted: { icon: Handshake, className: "border-violet-300 bg-violet-100 text-violet-900" },
  false_positive: { icon: CircleSlash, className: "border-slate-300 bg-slate-100 text-slate-700" },
  not_affected: { icon: ShieldOff, className: "border-slate-300 bg-slate-100 text-slate-700" },
  resolved: { icon: CircleCheck, className: "border-success-border bg-success text-success-foreground" },
};

export type FindingStateBadgeProps = Omit<React.ComponentProps<"span">, "children"> & { state: FindingState };

/** A finding's triage state as text + icon shape + colour, so it reads in print and without colour. */
export function FindingStateBadge({ state, className, ...props }: FindingStateBadgeProps) {
  const { icon: Icon, className: tone } = FINDING_STATE_META[state];
  return (
    <span
      data-slot="finding-state-badge"
      data-state={state}
      className={cn("inline-flex w-fit shrink-0 items-center gap-1 whitespace-nowrap rounded-md border px-1.5 py-0.5 text-xs font-medium leading-4", tone, className)}
      {...props}
    >
      <Icon aria-hidden="true" className="size-3.5 shrink-0" strokeWidth={2.25} />
      <span className="sr-only">State: </span>
      {STATE_LABELS[state]}
    </span>
  );
}
