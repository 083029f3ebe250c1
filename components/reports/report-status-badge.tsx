import { CircleCheck, CircleX, Clock, LoaderCircle, type LucideIcon } from "lucide-react";
import { cn } from "@/lib/utils";

const META: Record<string, { label: string; icon: LucideIcon; className: string }> = {
  queued: { label: "Queued", icon: Clock, className: "border-grade-none-border bg-grade-none text-grade-none-foreground" },
  running: { label: "Generating", icon: LoaderCircle, className: "border-severity-low-border bg-severity-low text-severity-low-foreground" },
  ready: { label: "Ready", icon: CircleCheck, className: "border-success-border bg-success text-success-foreground" },
  failed: { label: "Failed", icon: CircleX, className: "border-danger-border bg-danger text-danger-foreground" },
};

export function ReportStatusBadge({ status }: { status: string }) {
  const meta = META[status] ?? META.queued;
  const Icon = meta.icon;
  return (
    <span data-status={status} className={cn("inline-flex w-fit items-center gap-1 whitespace-nowrap rounded-md border px-1.5 py-0.5 text-xs font-medium leading-4", meta.className)}>
      <Icon aria-hidden="true" className={cn("size-3.5", status === "running" && "motion-safe:animate-spin")} strokeWidth={2.25} />
      {meta.label}
    </span>
  );
}
