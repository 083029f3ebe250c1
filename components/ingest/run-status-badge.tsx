import * as React from "react";
import { CircleCheck, CircleMinus, CircleX, LoaderCircle, type LucideIcon } from "lucide-react";
import { cn } from "@/lib/utils";

export type RunStatus = "running" | "succeeded" | "failed" | "unchanged";

const META: Record<RunStatus, { label: string; icon: LucideIcon; className: string }> = {
  running: { label: "Running", icon: LoaderCircle, className: "border-severity-low-border bg-severity-low text-severity-low-foreground" },
  succeeded: { label: "Succeeded", icon: CircleCheck, className: "border-success-border bg-success text-success-foreground" },
  failed: { label: "Failed", icon: CircleX, className: "border-danger-border bg-danger text-danger-foreground" },
  unchanged: { label: "Unchanged", icon: CircleMinus, className: "border-grade-none-border bg-grade-none text-grade-none-foreground" },
};

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  running: META.running.label,
  succeeded: META.succeeded.label,
  failed: META.failed.label,
  unchanged: META.unchanged.label,
};

function isRunStatus(value: string): value is RunStatus {
  return value in META;
}

/** An ingest run's status as text + icon + colour. */
export function RunStatusBadge({ status, className, ...props }: Omit<React.ComponentProps<"span">, "children"> & { status: string }) {
  const meta = isRunStatus(status) ? META[status] : { label: status, icon: CircleMinus, className: META.unchanged.className };
  const Icon = meta.icon;
  return (
    <span
      data-slot="run-status-badge"
      data-status={status}
      className={cn("inline-flex w-fit shrink-0 items-center gap-1 whitespace-nowrap rounded-md border px-1.5 py-0.5 text-xs font-medium leading-4", meta.className, className)}
      {...props}
    >
      <Icon aria-hidden="true" className={cn("size-3.5 shrink-0", status === "running" && "motion-safe:animate-spin")} strokeWidth={2.25} />
      {meta.label}
    </span>
  );
}
