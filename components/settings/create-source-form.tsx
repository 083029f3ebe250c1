"use client";
import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { createSourceAction } from "@/lib/server/actions/sources";
import { FieldError } from "./field-error";

export function CreateSourceForm() {
  const [state, action, pending] = useActionState(createSourceAction, null);
  const [kind, setKind] = useState("openapi");
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3" noValidate>
      <div className="space-y-1">
        <Label htmlFor="source-kind">Kind</Label>
        <NativeSelect id="source-kind" name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
          <option value="openapi">OpenAPI / Swagger spec</option>
          <option value="catalog">Backstage catalog</option>
        </NativeSelect>
      </div>
      <div className="space-y-1">
        <Label htmlFor="source-url">URL</Label>
        <Input id="source-url" name="url" type="url" maxLength={2000} placeholder="https://git.example.com/raw/payments/openapi.yaml" aria-invalid={Boolean(errors?.url)} aria-describedby="source-url-error" />
        <FieldError id="source-url-error" messages={errors?.url} />
      </div>
      {kind === "openapi" && (
        <>
          <div className="space-y-1">
            <Label htmlFor="source-app">Application slug</Label>
            <Input id="source-app" name="app" maxLength={63} aria-invalid={Boolean(errors?.app)} aria-describedby="source-app-error" />
            <FieldError id="source-app-error" messages={errors?.app} />
          </div>
          <div className="space-y-1">
            <Label htmlFor="source-api">API name (optional; default: the spec&apos;s title)</Label>
            <Input id="source-api" name="apiName" maxLength={200} aria-invalid={Boolean(errors?.apiName)} aria-describedby="source-api-error" />
            <FieldError id="source-api-error" messages={errors?.apiName} />
          </div>
        </>
      )}
      <div className="space-y-1">
        <Label htmlFor="source-interval">Pull</Label>
        <NativeSelect id="source-interval" name="intervalMinutes" defaultValue="1440">
          <option value="15">Every 15 minutes</option>
          <option value="60">Hourly</option>
          <option value="360">Every 6 hours</option>
          <option value="1440">Daily</option>
          <option value="10080">Weekly</option>
        </NativeSelect>
        <FieldError id="source-interval-error" messages={errors?.intervalMinutes} />
      </div>
      {state && (
        <p role={state.ok ? "status" : "alert"} className={state.ok ? "text-sm text-success-foreground" : "text-sm text-danger-foreground"}>
          {state.ok ? state.message : state.error}
        </p>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "Registering…" : "Register source"}
      </Button>
    </form>
  );
}
