"use client";
import { startTransition, useActionState, useCallback, useEffect, useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { Label } from "@/components/ui/label";
import { Textarea } from "@/components/ui/textarea";
import { FieldError } from "@/components/settings/field-error";
import { setDeclaredHostsAction } from "@/lib/server/actions/applications";

function HostList({ hosts, empty, testId }: { hosts: string[]; empty: string; testId: string }) {
  if (!hosts.length) return <span className="text-muted-foreground">{empty}</span>;
  return (
    <ul className="flex flex-wrap gap-1" data-testid={testId}>
      {hosts.map((h) => (
        <li key={h} className="rounded bg-muted px-1.5 py-0.5 font-mono text-xs">
          {h}
        </li>
      ))}
    </ul>
  );
}

function OwnHostsForm({ slug, declared, onSaved }: { slug: string; declared: string[]; onSaved: (message: string) => void }) {
  const [state, formAction, pending] = useActionState(setDeclaredHostsAction, null);
  useEffect(() => {
    if (state?.ok) onSaved(state.message ?? "Saved.");
  }, [state, onSaved]);
  // Submitting through a transition keeps what was typed when the server answers with errors.
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    startTransition(() => formAction(data));
  };
  const errors = state && !state.ok ? (state.fieldErrors?.hosts ?? []) : [];
  return (
    <form action={formAction} onSubmit={onSubmit} noValidate className="space-y-3">
      <input type="hidden" name="slug" value={slug} />
      <div className="space-y-1">
        <Label htmlFor="own-hosts">Declared hosts</Label>
        <Textarea
          id="own-hosts"
          name="hosts"
          rows={5}
          maxLength={20_000}
          defaultValue={declared.join("\n")}
          spellCheck={false}
          className="font-mono text-sm"
          aria-invalid={errors.length ? true : undefined}
          aria-describedby="own-hosts-hint own-hosts-error"
        />
        <p id="own-hosts-hint" className="text-xs text-muted-foreground">
          One per line, e.g. api.acme.test, orders.shop.svc.cluster.local or *.acme.test for every sub-domain. Ports are ignored. Leave empty to declare none.
        </p>
        <FieldError id="own-hosts-error" messages={errors} />
      </div>
      {state && !state.ok && !errors.length && (
        <p role="alert" className="text-sm text-danger-foreground">
          {state.error}
        </p>
      )}
      <DialogFooter>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save hosts"}
        </Button>
      </DialogFooter>
    </form>
  );
}

/**
 * The hosts an application serves: those its specs name and those people declared. Traffic to them is
 * inbound (the app's endpoints), traffic to any other host outbound (its dependencies). Declaring hosts
 * is what lets traffic without a spec (a HAR, an nginx log with $host) be read as the app's own API.
 */
export function OwnHosts({ slug, specHosts, declaredHosts, canEdit }: { slug: string; specHosts: string[]; declaredHosts: string[]; canEdit: boolean }) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const saved = useCallback((m: string) => {
    setOpen(false);
    setMessage(m);
  }, []);
  return (
    <section aria-labelledby="own-hosts-heading" className="mb-6 rounded-lg border bg-card p-4 text-sm">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="own-hosts-heading" className="text-base font-semibold">
          Own hosts
        </h2>
        {canEdit && (
          <Dialog open={open} onOpenChange={setOpen}>
            <DialogTrigger asChild>
              <Button variant="outline" size="sm">
                Edit own hosts
              </Button>
            </DialogTrigger>
            <DialogContent>
              <DialogHeader>
                <DialogTitle>Own hosts of this application</DialogTitle>
                <DialogDescription>
                  Calls to these hosts in traffic are this application&apos;s endpoints; calls to other hosts are its dependencies. Hosts from its specs are kept as they are.
                </DialogDescription>
              </DialogHeader>
              <OwnHostsForm slug={slug} declared={declaredHosts} onSaved={saved} />
            </DialogContent>
          </Dialog>
        )}
      </div>
      <dl className="grid gap-3 md:grid-cols-2">
        <div>
          <dt className="mb-1 text-muted-foreground">Declared</dt>
          <dd>
            <HostList hosts={declaredHosts} empty="None declared" testId="declared-hosts" />
          </dd>
        </div>
        <div>
          <dt className="mb-1 text-muted-foreground">From specs</dt>
          <dd>
            <HostList hosts={specHosts} empty="No spec names a server host" testId="spec-hosts" />
          </dd>
        </div>
      </dl>
      {message && (
        <p role="status" className="mt-2 text-xs text-success-foreground">
          {message}
        </p>
      )}
    </section>
  );
}
