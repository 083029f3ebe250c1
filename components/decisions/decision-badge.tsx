import { Ban, Bell, CircleCheck, Hand, type LucideIcon } from "lucide-react";
import { ACTION_LABELS, type PolicyAction } from "@/lib/domain/policies/types";
import { cn } from "@/lib/utils";

/** Severity tones of the four actions (quarantine reads like a critical finding, allow like success). */
const TONES: Record<PolicyAction, { icon: LucideIcon; className: string }> = {
  allow: { icon: CircleCheck, className: "border-success-border bg-success text-success-foreground" },
  alert: { icon: Bell, className: "border-severity-medium-border bg-severity-medium text-severity-medium-foreground" },
  require_approval: { icon: Hand, className: "border-severity-high-border bg-severity-high text-severity-high-foreground" },
  quarantine: { icon: Ban, className: "border-severity-critical-border bg-severity-critical text-severity-critical-foreground" },
};

/** A connectivity decision as text + icon shape + colour, so it survives print and colour blindness. */
export function DecisionBadge({ action, className, title }: { action: PolicyAction; className?: string; title?: string }) {
  const { icon: Icon, className: tone } = TONES[action];
  return (
    <span data-slot="decision-badge" data-decision={action} title={title} className={cn("inline-flex w-fit shrink-0 items-center gap-1 whitespace-nowrap rounded-md border px-1.5 py-0.5 text-xs font-medium leading-4", tone, className)}>
      <Icon aria-hidden="true" className="size-3.5 shrink-0" strokeWidth={2.25} />
      <span className="sr-only">Decision: </span>
      {ACTION_LABELS[action]}
    </span>
  );
}
