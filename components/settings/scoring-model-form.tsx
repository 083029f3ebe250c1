"use client";
import { startTransition, useActionState, useState, useTransition, type FormEvent } from "react";
import { FACTOR_LABELS } from "@/components/providers/format";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { FACTORS, type FactorName } from "@/lib/domain/scoring/types";
import { createModelVersionAction, rescoreAllAction } from "@/lib/server/actions/scoring";
import { FieldError } from "./field-error";

/** New weights (one per factor) and a note: saving creates the next model version. */
export function ScoringModelForm({ weights }: { weights: Record<FactorName, number> }) {
  const [state, action, pending] = useActionState(createModelVersionAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  // Through a transition rather than the form's automatic reset, so edits survive field errors.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => action(data));
  };
  return (
    <form action={action} onSubmit={onSubmit} className="space-y-3" noValidate>
      <fieldset className="space-y-2" aria-describedby="weights-error">
        <legend className="mb-1 text-sm font-medium">Weights (0–100; 0 leaves a factor out)</legend>
        {FACTORS.map((f) => {
          const id = `weight-${f}`;
          const messages = errors?.[`weights.${f}`];
          return (
            <div key={f} className="grid grid-cols-[1fr_6rem] items-center gap-x-3 gap-y-0.5">
              <Label htmlFor={id}>{FACTOR_LABELS[f]}</Label>
              <Input id={id} name={id} type="number" min={0} max={100} step="any" defaultValue={weights[f]} required aria-invalid={messages?.length ? true : undefined} aria-describedby={`${id}-error`} className="text-right tabular-nums" />
              <div className="col-span-2">
                <FieldError id={`${id}-error`} messages={messages} />
              </div>
            </div>
          );
        })}
        <FieldError id="weights-error" messages={errors?.weights} />
      </fieldset>
      <div className="space-y-1">
        <Label htmlFor="model-note">Why the weights change</Label>
        <Textarea id="model-note" name="note" maxLength={500} required aria-invalid={errors?.note?.length ? true : undefined} aria-describedby="model-note-error" placeholder="e.g. Weigh incidents more after the 2026 supplier review" />
        <FieldError id="model-note-error" messages={errors?.note} />
      </div>
      {state && (
        <p role={state.ok ? "status" : "alert"} className={state.ok ? "text-sm text-success-foreground" : "text-sm text-danger-foreground"}>
          {state.ok ? state.message : state.error}
        </p>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save as a new model version"}
      </Button>
    </form>
  );
}

/** Rescores every provider (and every dependency's risk) with the current model version. */
export function RescoreAllButton() {
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div className="space-y-2">
      <Button
        variant="outline"
        disabled={pending}
        onClick={() =>
          start(async () => {
            const r = await rescoreAllAction();
            setResult({ ok: r.ok, text: r.ok ? (r.message ?? "Rescored.") : r.error });
          })
        }
      >
        {pending ? "Rescoring…" : "Rescore all providers now"}
      </Button>
      {result && (
        <p role={result.ok ? "status" : "alert"} className={result.ok ? "text-sm text-success-foreground" : "text-sm text-danger-foreground"}>
          {result.text}
        </p>
      )}
    </div>
  );
}
