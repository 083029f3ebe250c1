"use client";
import { startTransition, useActionState, useCallback, useEffect, useState, type FormEvent, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { FieldError } from "@/components/settings/field-error";
import type { RescoredProvider } from "@/lib/server/actions/reputation";
import type { ActionResult } from "@/lib/validation/errors";

export type EvidenceAction = (prev: ActionResult<RescoredProvider> | null, formData: FormData) => Promise<ActionResult<RescoredProvider>>;
export type FieldErrors = Record<string, string[]> | undefined;

/** A labelled control with its error under it (the control itself gets id, aria-invalid and aria-describedby). */
export function Field({ id, label, hint, errors, children }: { id: string; label: string; hint?: string; errors?: string[]; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <Label htmlFor={id}>{label}</Label>
      {children}
      {hint && <p className="text-xs text-muted-foreground">{hint}</p>}
      <FieldError id={`${id}-error`} messages={errors} />
    </div>
  );
}

/** Props for a control inside Field: its id, error wiring and name. */
export function control(id: string, name: string, errors: FieldErrors) {
  const messages = errors?.[name];
  return { id, name, "aria-invalid": messages?.length ? true : undefined, "aria-describedby": `${id}-error` } as const;
}

function EvidenceForm({ slug, action, submitLabel, onSuccess, children }: { slug: string; action: EvidenceAction; submitLabel: string; onSuccess: (message: string) => void; children: (errors: FieldErrors) => ReactNode }) {
  const [state, formAction, pending] = useActionState(action, null);
  useEffect(() => {
    if (state?.ok) onSuccess(state.message ?? "Saved.");
  }, [state, onSuccess]);
  // Submitting through a transition (not the form's automatic reset) keeps what
  // was typed when the server answers with field errors.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-3">
      <input type="hidden" name="providerSlug" value={slug} />
      {children(errors)}
      {state && !state.ok && (
        <p role="alert" className="text-sm text-danger-foreground">
          {state.error}
        </p>
      )}
      <DialogFooter>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving and rescoring…" : submitLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}

/**
 * A button that opens a form in a dialog. On success the dialog closes and the
 * parent shows the message; the server action has already revalidated the
 * page, so the new score and history point are on screen.
 */
export function EvidenceDialog({
  label,
  title,
  description,
  slug,
  action,
  submitLabel,
  onSuccess,
  variant = "outline",
  triggerLabel,
  children,
}: {
  label: string;
  title: string;
  description: string;
  slug: string;
  action: EvidenceAction;
  submitLabel: string;
  onSuccess: (message: string) => void;
  variant?: "outline" | "ghost" | "default";
  triggerLabel?: string;
  children: (errors: FieldErrors) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const done = useCallback(
    (message: string) => {
      setOpen(false);
      onSuccess(message);
    },
    [onSuccess],
  );
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button variant={variant} size="sm" aria-label={triggerLabel}>
          {label}
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>{title}</DialogTitle>
          <DialogDescription>{description}</DialogDescription>
        </DialogHeader>
        <EvidenceForm slug={slug} action={action} submitLabel={submitLabel} onSuccess={done}>
          {children}
        </EvidenceForm>
      </DialogContent>
    </Dialog>
  );
}
