"use client";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { CheckboxNative } from "@/components/ui/checkbox-native";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { createTokenAction } from "@/lib/server/actions/tokens";
import { FieldError } from "./field-error";

export function CreateTokenForm() {
  const [state, action, pending] = useActionState(createTokenAction, null);
  const [copied, setCopied] = useState(false);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <div className="space-y-4">
      {state?.ok && (
        <div role="status" className="space-y-2 rounded-md border border-success-border bg-success p-3 text-sm text-success-foreground">
          <p className="font-medium">{state.message}</p>
          <code data-testid="new-token" className="block break-all rounded bg-card p-2 font-mono text-xs text-foreground">
            {state.data.token}
          </code>
          <Button
            type="button"
            size="sm"
            variant="outline"
            onClick={async () => {
              await navigator.clipboard.writeText(state.data.token);
              setCopied(true);
            }}
          >
            {copied ? "Copied" : "Copy token"}
          </Button>
        </div>
      )}
      <form action={action} className="space-y-3" noValidate onSubmit={() => setCopied(false)}>
        <div className="space-y-1">
          <Label htmlFor="token-name">Name</Label>
          <Input id="token-name" name="name" maxLength={80} placeholder="ci-payments" aria-invalid={Boolean(errors?.name)} aria-describedby="token-name-error" />
          <FieldError id="token-name-error" messages={errors?.name} />
        </div>
        <fieldset className="space-y-1" aria-describedby="token-scopes-error">
          <legend className="text-sm font-medium">Scopes</legend>
          <label className="flex items-center gap-2 text-sm">
            <CheckboxNative name="scopes" value="ingest" /> ingest <span className="text-muted-foreground">— send specs, traffic, SBOMs</span>
          </label>
          <label className="flex items-center gap-2 text-sm">
            <CheckboxNative name="scopes" value="read" defaultChecked /> read <span className="text-muted-foreground">— read inventory and scores</span>
          </label>
          <label className="flex items-center gap-2 text-sm">
            <CheckboxNative name="scopes" value="triage" /> triage <span className="text-muted-foreground">— read findings and change their state, severity and assignee</span>
          </label>
          <FieldError id="token-scopes-error" messages={errors?.scopes} />
        </fieldset>
        <div className="space-y-1">
          <Label htmlFor="token-expiry">Expires</Label>
          <NativeSelect id="token-expiry" name="expiresInDays" defaultValue="90">
            <option value="7">In 7 days</option>
            <option value="30">In 30 days</option>
            <option value="90">In 90 days</option>
            <option value="365">In a year</option>
            <option value="0">Never</option>
          </NativeSelect>
          <FieldError id="token-expiry-error" messages={errors?.expiresInDays} />
        </div>
        {state && !state.ok && (
          <p role="alert" className="text-sm text-danger-foreground">
            {state.error}
          </p>
        )}
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create token"}
        </Button>
      </form>
    </div>
  );
}
