import * as React from "react";

import { cn } from "@/lib/utils";

export type Grade = "A" | "B" | "C" | "D" | "F";

const gradeClasses: Record<Grade | "none", string> = {
  A: "border-grade-a-border bg-grade-a text-grade-a-foreground",
  B: "border-grade-b-border bg-grade-b text-grade-b-foreground",
  C: "border-grade-c-border bg-grade-c text-grade-c-foreground",
  D: "border-grade-d-border bg-grade-d text-grade-d-foreground",
  F: "border-grade-f-border bg-grade-f text-grade-f-foreground",
  none: "border-grade-none-border border-dashed bg-grade-none text-grade-none-foreground",
};

const sizeClasses = {
  sm: "h-5 min-w-5 px-1 text-xs",
  default: "h-6 min-w-6 px-1.5 text-sm",
  lg: "h-10 min-w-10 px-2.5 text-xl",
} as const;

export type GradeBadgeProps = Omit<React.ComponentProps<"span">, "children"> & {
  grade: Grade | null;
  size?: keyof typeof sizeClasses;
};

/**
 * Letter grade with colour. The letter itself carries the meaning, so it is
 * readable without colour; `null` renders "Insufficient data" in grey with a
 * dashed border.
 */
export function GradeBadge({ grade, size = "default", className, ...props }: GradeBadgeProps) {
  const label = grade ? `Grade ${grade}` : "Grade: insufficient data";
  return (
    <span
      data-slot="grade-badge"
      data-grade={grade ?? "none"}
      role="img"
      aria-label={label}
      title={label}
      className={cn(
        "inline-flex shrink-0 items-center justify-center whitespace-nowrap rounded-md border font-semibold leading-none tabular-nums",
        sizeClasses[size],
        gradeClasses[grade ?? "none"],
        grade === null && "font-medium",
        grade === null && size !== "lg" && "text-xs",
        className,
      )}
      {...props}
    >
      <span aria-hidden="true">{grade ?? "Insufficient data"}</span>
    </span>
  );
}
