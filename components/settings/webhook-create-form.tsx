"use client";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxNative } from "@/components/ui/checkbox-native";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { createWebhookEndpointAction } from "@/lib/server/actions/webhooks";
import { FieldError } from "./field-error";

export interface WebhookEventOption {
  value: string;
  label: string;
}

export function WebhookCreateForm({ events }: { events: WebhookEventOption[] }) {
  const [state, action, pending] = useActionState(createWebhookEndpointAction, null);
  const [copied, setCopied] = useState(false);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <div className="space-y-4">
      {state?.ok && (
        <div role="status" className="space-y-2 rounded-md border border-success-border bg-success p-3 text-sm text-success-foreground">
          <p className="font-medium">{state.message}</p>
          <code data-testid="new-webhook-secret" className="block break-all rounded bg-card p-2 font-mono text-xs text-foreground">
            {state.data.secret}
          </code>
          <p className="text-xs">Give it to the receiver to verify the Sibyl-Signature header. Sibyl keeps it encrypted and cannot show it again.</p>
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={async () => {
              await navigator.clipboard.writeText(state.data.secret);
              setCopied(true);
            }}
          >
            {copied ? "Copied" : "Copy secret"}
          </Button>
        </div>
      )}
      <form action={action} className="space-y-3" noValidate onSubmit={() => setCopied(false)}>
        <div className="space-y-1">
          <Label htmlFor="webhook-name">Name</Label>
          <Input id="webhook-name" name="name" maxLength={80} placeholder="secops-alerts" aria-invalid={Boolean(errors?.name)} aria-describedby="webhook-name-error" />
          <FieldError id="webhook-name-error" messages={errors?.name} />
        </div>
        <div className="space-y-1">
          <Label htmlFor="webhook-url">URL</Label>
          <Input id="webhook-url" name="url" type="url" maxLength={2000} placeholder="https://hooks.example.com/sibyl" aria-invalid={Boolean(errors?.url)} aria-describedby="webhook-url-error" />
          <FieldError id="webhook-url-error" messages={errors?.url} />
        </div>
        <fieldset className="space-y-1" aria-describedby="webhook-events-error">
          <legend className="text-sm font-medium">Events</legend>
          {events.map((e) => (
            <label key={e.value} className="flex items-center gap-2 text-sm">
              <CheckboxNative name="events" value={e.value} defaultChecked /> {e.label} <span className="font-mono text-xs text-muted-foreground">{e.value}</span>
            </label>
          ))}
          <FieldError id="webhook-events-error" messages={errors?.events} />
        </fieldset>
        <div className="space-y-1">
          <Label htmlFor="webhook-secret">Signing secret (optional; leave empty to generate one)</Label>
          <Input id="webhook-secret" name="secret" type="password" autoComplete="off" maxLength={200} aria-invalid={Boolean(errors?.secret)} aria-describedby="webhook-secret-error" />
          <FieldError id="webhook-secret-error" messages={errors?.secret} />
        </div>
        {state && !state.ok && (
          <p role="alert" className="text-sm text-danger-foreground">
            {state.error}
          </p>
        )}
        <Button type="submit" disabled={pending}>
          {pending ? "Registering…" : "Register endpoint"}
        </Button>
      </form>
    </div>
  );
}
