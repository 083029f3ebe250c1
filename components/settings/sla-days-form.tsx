"use client";
import { startTransition, useActionState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import type { SlaDays } from "@/lib/domain/triage/sla";
import { saveSlaDaysAction } from "@/lib/server/actions/triage-settings";
import { FieldError } from "./field-error";

const LEVELS = [
  { key: "critical", label: "Critical" },
  { key: "high", label: "High" },
  { key: "medium", label: "Medium" },
  { key: "low", label: "Low" },
] as const;

/** Days allowed per severity before an open finding is past its SLA. */
export function SlaDaysForm({ days }: { days: SlaDays }) {
  const [state, action, pending] = useActionState(saveSlaDaysAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => action(data));
  };
  return (
    <form action={action} onSubmit={onSubmit} className="max-w-md space-y-3" noValidate>
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium">Days to resolve, per severity</legend>
        {LEVELS.map((l) => (
          <div key={l.key} className="grid grid-cols-[1fr_7rem] items-center gap-x-3 gap-y-0.5">
            <Label htmlFor={`sla-${l.key}`}>{l.label} (days)</Label>
            <Input
              id={`sla-${l.key}`}
              name={l.key}
              type="number"
              min={1}
              max={730}
              step={1}
              defaultValue={days[l.key]}
              required
              aria-invalid={errors?.[l.key]?.length ? true : undefined}
              aria-describedby={`sla-${l.key}-error`}
              className="text-right tabular-nums"
            />
            <div className="col-span-2">
              <FieldError id={`sla-${l.key}-error`} messages={errors?.[l.key]} />
            </div>
          </div>
        ))}
      </fieldset>
      <p className="text-xs text-muted-foreground">Informational findings have no deadline. Saving recomputes the due date of every finding that is open, in triage or confirmed.</p>
      {state && (
        <p role={state.ok ? "status" : "alert"} className={state.ok ? "text-sm text-success-foreground" : "text-sm text-danger-foreground"}>
          {state.ok ? state.message : state.error}
        </p>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save SLA days"}
      </Button>
    </form>
  );
}
