import * as React from "react";
import { ChevronDown } from "lucide-react";

import { cn } from "@/lib/utils";
import { controlBaseClass } from "@/components/ui/input";

export type NativeSelectProps = React.ComponentProps<"select"> & {
  /** Class for the wrapping element (controls width/layout); `className` styles the `<select>`. */
  wrapperClassName?: string;
};

/**
 * A styled native `<select>`. Works in server-rendered forms without JavaScript.
 * Pass `<option>` / `<optgroup>` children as usual.
 */
export function NativeSelect({ className, wrapperClassName, children, ...props }: NativeSelectProps) {
  return (
    <div data-slot="native-select-wrapper" className={cn("relative w-full", wrapperClassName)}>
      <select
        data-slot="native-select"
        className={cn(controlBaseClass, "h-8 appearance-none py-1 pl-2.5 pr-8", props.multiple && "h-auto pr-2.5", className)}
        {...props}
      >
        {children}
      </select>
      {!props.multiple && (
        <ChevronDown
          aria-hidden="true"
          className="pointer-events-none absolute right-2.5 top-1/2 size-4 -translate-y-1/2 text-muted-foreground"
        />
      )}
    </div>
  );
}
