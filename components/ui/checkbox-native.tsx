import * as React from "react";

import { cn } from "@/lib/utils";

export type CheckboxNativeProps = Omit<React.ComponentProps<"input">, "type">;

/**
 * A styled native checkbox (works without JavaScript, submits with forms).
 * Pair with a `<Label htmlFor>` or wrap in a `<label>` for an accessible name.
 */
export function CheckboxNative({ className, ...props }: CheckboxNativeProps) {
  return (
    <input
      type="checkbox"
      data-slot="checkbox"
      className={cn(
        "peer size-4 shrink-0 cursor-pointer rounded-sm border border-input bg-card accent-primary shadow-xs focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:outline-destructive",
        className,
      )}
      {...props}
    />
  );
}
