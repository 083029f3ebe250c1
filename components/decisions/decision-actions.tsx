"use client";
import { useState, useTransition, type FormEvent, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { control, Field, type FieldErrors } from "@/components/providers/evidence-dialog";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Textarea } from "@/components/ui/textarea";
import { grantExceptionAction, quarantineAction, type DecisionActionResult } from "@/lib/server/actions/decisions";

type Action = (prev: DecisionActionResult | null, formData: FormData) => Promise<DecisionActionResult>;

/** What a decision is about: a provider (its slug) or an application's unclassified host. */
export type DecisionTarget = { provider: string; host?: never } | { host: string; provider?: never };

function TargetFields({ application, target }: { application?: string; target: DecisionTarget }) {
  return (
    <>
      {application && <input type="hidden" name="application" value={application} />}
      {target.provider ? <input type="hidden" name="provider" value={target.provider} /> : <input type="hidden" name="host" value={target.host} />}
    </>
  );
}

function ActionForm({ action, submitLabel, pendingLabel, onDone, destructive, children }: { action: Action; submitLabel: string; pendingLabel: string; onDone: (message: string) => void; destructive?: boolean; children: (errors: FieldErrors) => ReactNode }) {
  const [state, setState] = useState<DecisionActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  // The action is called directly (not through useActionState): its answer re-renders the page, which
  // may unmount this form (a quarantined row has no Quarantine button), so success is reported from
  // here rather than from an effect that would never run. A refusal keeps what was typed.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(async () => {
      const result = await action(null, data);
      if (result.ok) onDone(result.message ?? "Saved.");
      else setState(result);
    });
  };
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  // Field errors the form has no field for (provider, host, application) go with the general message.
  const other = errors ? Object.entries(errors).filter(([k]) => !["justification", "owner", "expiresOn", "expiresAt"].includes(k)) : [];
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      {children(errors)}
      {state && !state.ok && (
        <div role="alert" className="text-sm text-danger-foreground">
          <p>{state.error}</p>
          {other.map(([k, messages]) => (
            <p key={k}>{messages.join(" ")}</p>
          ))}
        </div>
      )}
      <DialogFooter>
        <Button type="submit" variant={destructive ? "destructive" : "default"} disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </Button>
      </DialogFooter>
    </form>
  );
}

/**
 * A button that opens an action's form in a dialog. On success the dialog closes, the parent's
 * status line says what happened and the page is refreshed from the server (the action has
 * revalidated it), so the new decision shows at once.
 */
function ActionDialog({ label, triggerLabel, title, description, variant = "outline", onMessage, children }: { label: string; triggerLabel: string; title: string; description: ReactNode; variant?: "outline" | "ghost" | "destructive"; onMessage: (message: string) => void; children: (done: (message: string) => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const router = useRouter();
  const done = (message: string) => {
    setOpen(false);
    onMessage(message);
    router.refresh();
  };
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
        {open && children(done)}
      </DialogContent>
    </Dialog>
  );
}

function Justification({ id, errors, hint }: { id: string; errors: FieldErrors; hint: string }) {
  return (
    <Field id={id} label="Justification" errors={errors?.justification} hint={hint}>
      <Textarea {...control(id, "justification", errors)} minLength={10} maxLength={2000} required />
    </Field>
  );
}

/** Quarantine a provider for one application (or every application, without `application`), or an application's unclassified host. */
export function QuarantineButton({ id, application, target, targetName, label = "Quarantine", onMessage }: { id: string; application?: string; target: DecisionTarget; targetName: string; label?: string; onMessage: (message: string) => void }) {
  const scope = application ? `for ${application}` : "for every application";
  return (
    <ActionDialog
      label={label}
      triggerLabel={`Quarantine ${targetName} ${scope}`}
      title={`Quarantine ${targetName} ${scope}`}
      description={
        application
          ? `Adds a policy at the top of the order that quarantines ${targetName} for ${application}: the decision becomes Quarantine at once, and gates and enforcement exports follow.`
          : `Adds a policy at the top of the order that quarantines ${targetName} for every application that depends on it; their decisions become Quarantine at once.`
      }
      variant="outline"
      onMessage={onMessage}
    >
      {(done) => (
        <ActionForm action={quarantineAction} submitLabel="Quarantine" pendingLabel="Quarantining…" onDone={done} destructive>
          {(errors) => (
            <>
              <TargetFields application={application} target={target} />
              <Justification id={`quarantine-${id}`} errors={errors} hint="Why; kept in the policy's description and the audit log (at least 10 characters)." />
            </>
          )}
        </ActionForm>
      )}
    </ActionDialog>
  );
}

/** The day `days` from today, as a date field's value (UTC). */
function dayFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Grant one application an exception for a provider or host: its decision becomes Allow until the expiry. */
export function ExceptionButton({ id, application, target, targetName, ownerDefault, onMessage }: { id: string; application: string; target: DecisionTarget; targetName: string; ownerDefault: string; onMessage: (message: string) => void }) {
  return (
    <ActionDialog
      label="Grant exception"
      triggerLabel={`Grant ${application} an exception for ${targetName}`}
      title={`Exception for ${targetName}`}
      description={`Lets ${application} keep calling ${targetName} whatever the policies say, until the exception expires (at most one year). A new exception replaces the current one.`}
      variant="outline"
      onMessage={onMessage}
    >
      {(done) => (
        <ActionForm action={grantExceptionAction} submitLabel="Grant exception" pendingLabel="Granting…" onDone={done}>
          {(errors) => (
            <>
              <TargetFields application={application} target={target} />
              <Field id={`exception-owner-${id}`} label="Owner" errors={errors?.owner} hint="Who answers for it: a person or a team.">
                <Input {...control(`exception-owner-${id}`, "owner", errors)} defaultValue={ownerDefault} maxLength={200} required />
              </Field>
              <Justification id={`exception-justification-${id}`} errors={errors} hint="Why the application may keep calling it; kept in the audit log (at least 10 characters)." />
              <Field id={`exception-expires-${id}`} label="Expires on" errors={errors?.expiresOn} hint="At the end of that day (UTC); at most one year from today.">
                <Input type="date" {...control(`exception-expires-${id}`, "expiresOn", errors)} defaultValue={dayFromNow(30)} min={dayFromNow(1)} max={dayFromNow(365)} required />
              </Field>
            </>
          )}
        </ActionForm>
      )}
    </ActionDialog>
  );
}
