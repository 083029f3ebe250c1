import * as React from "react";

import { cn } from "@/lib/utils";

export type CriticalityTier = 1 | 2 | 3 | 4;

export const CRITICALITY_TIER_DESCRIPTIONS: Record<CriticalityTier, string> = {
  1: "mission critical",
  2: "business critical",
  3: "business operational",
  4: "administrative",
};

const tierClasses: Record<CriticalityTier, string> = {
  1: "border-grade-f-border bg-grade-f text-grade-f-foreground",
  2: "border-grade-d-border bg-grade-d text-grade-d-foreground",
  3: "border-grade-c-border bg-grade-c text-grade-c-foreground",
  4: "border-grade-none-border bg-grade-none text-grade-none-foreground",
};

export type CriticalityBadgeProps = Omit<React.ComponentProps<"span">, "children"> & {
  tier: CriticalityTier;
};

/**
 * Business criticality tier. Tier 1 is the most critical. Shows "Tier N" plus a
 * small bar meter (4 bars for tier 1 … 1 bar for tier 4) so it reads without colour.
 */
export function CriticalityBadge({ tier, className, ...props }: CriticalityBadgeProps) {
  const description = CRITICALITY_TIER_DESCRIPTIONS[tier];
  const filled = 5 - tier;
  return (
    <span
      data-slot="criticality-badge"
      data-tier={tier}
      title={`Tier ${tier} — ${description}`}
      className={cn(
        "inline-flex w-fit shrink-0 items-center gap-1.5 whitespace-nowrap rounded-md border px-1.5 py-0.5 text-xs font-medium leading-4",
        tierClasses[tier],
        className,
      )}
      {...props}
    >
      <span aria-hidden="true" className="inline-flex h-2.5 items-end gap-px">
        {[1, 2, 3, 4].map((bar) => (
          <span
            key={bar}
            className={cn("w-[3px] rounded-[1px] bg-current", bar > filled && "opacity-25")}
            style={{ height: `${bar * 25}%` }}
          />
        ))}
      </span>
      Tier {tier}
      <span className="sr-only"> — {description}</span>
    </span>
  );
}
