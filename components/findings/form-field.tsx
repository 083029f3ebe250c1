import type { ReactNode } from "react";
import { Label } from "@/components/ui/label";
import { FieldError } from "@/components/settings/field-error";

export type FieldErrors = Record<string, string[]> | undefined;

/** A labelled control with its hint and error under it; the control gets its wiring from `controlProps`. */
export function FormField({ id, label, hint, errors, children }: { id: string; label: string; hint?: ReactNode; errors?: string[]; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint && (
        <p id={`${id}-hint`} className="text-xs text-muted-foreground">
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} messages={errors} />
    </div>
  );
}

/** id, name and error wiring for a control inside FormField. */
export function controlProps(id: string, name: string, messages: string[] | undefined, hint = false) {
  return {
    id,
    name,
    "aria-invalid": messages?.length ? true : undefined,
    "aria-describedby": [hint ? `${id}-hint` : null, `${id}-error`].filter(Boolean).join(" "),
  } as const;
}

/** Messages of a server answer that no field shows (e.g. `_form`, or a key the form has no control for). */
export function otherErrors(errors: FieldErrors, shown: string[]): string[] {
  if (!errors) return [];
  return Object.entries(errors)
    .filter(([key]) => !shown.includes(key))
    .flatMap(([, messages]) => messages);
}
