import { CircleCheck, Eye, Hand, OctagonX, ShieldCheck, TriangleAlert, type LucideIcon } from "lucide-react";
import { ACTION_LABELS, type PolicyAction, type PolicyMode } from "@/lib/domain/policies/types";
import { cn } from "@/lib/utils";

// Text, a distinct icon and a colour by severity, so an action reads without colour.
const ACTION_STYLE: Record<PolicyAction, { icon: LucideIcon; className: string }> = {
  allow: { icon: CircleCheck, className: "border-success-border bg-success text-success-foreground" },
  alert: { icon: TriangleAlert, className: "border-severity-medium-border bg-severity-medium text-severity-medium-foreground" },
  require_approval: { icon: Hand, className: "border-severity-high-border bg-severity-high text-severity-high-foreground" },
  quarantine: { icon: OctagonX, className: "border-severity-critical-border bg-severity-critical text-severity-critical-foreground" },
};

const pill = "inline-flex w-fit shrink-0 items-center gap-1 whitespace-nowrap rounded-md border px-1.5 py-0.5 text-xs font-medium leading-4";

export function ActionBadge({ action, className }: { action: PolicyAction; className?: string }) {
  const { icon: Icon, className: tone } = ACTION_STYLE[action];
  return (
    <span data-action={action} className={cn(pill, tone, className)}>
      <Icon aria-hidden className="size-3.5" strokeWidth={2.25} />
      {ACTION_LABELS[action]}
    </span>
  );
}

export function ModeBadge({ mode }: { mode: PolicyMode }) {
  const Icon = mode === "enforce" ? ShieldCheck : Eye;
  return (
    <span data-mode={mode} className={cn(pill, mode === "enforce" ? "border-border bg-card text-foreground" : "border-dashed border-border bg-muted text-muted-foreground")} title={mode === "enforce" ? "Enforce: the policy decides" : "Monitor: records what it would decide, changes nothing"}>
      <Icon aria-hidden className="size-3.5" />
      {mode === "enforce" ? "Enforce" : "Monitor"}
    </span>
  );
}

export function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}
