import * as React from "react";

import { cn } from "@/lib/utils";
import { controlBaseClass } from "@/components/ui/input";

export type TextareaProps = React.ComponentProps<"textarea">;

export function Textarea({ className, rows = 3, ...props }: TextareaProps) {
  return (
    <textarea
      data-slot="textarea"
      rows={rows}
      className={cn(controlBaseClass, "min-h-16 px-2.5 py-1.5 leading-5", className)}
      {...props}
    />
  );
}
