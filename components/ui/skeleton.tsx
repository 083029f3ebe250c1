import * as React from "react";

import { cn } from "@/lib/utils";

/** Placeholder block for loading states. Decorative: hidden from assistive tech. */
export function Skeleton({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="skeleton"
      aria-hidden="true"
      className={cn("animate-pulse rounded-md bg-secondary", className)}
      {...props}
    />
  );
}
