"use client";
import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";
import { ROLE_LABELS, ROLES } from "@/lib/domain/rbac/permissions";
import { createUserAction } from "@/lib/server/actions/users";
import { FieldError } from "./field-error";

export function CreateUserForm() {
  const [state, action, pending] = useActionState(createUserAction, null);
  const errors = state && !state.ok ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-3" noValidate>
      <div className="space-y-1">
        <Label htmlFor="new-name">Name</Label>
        <Input id="new-name" name="name" maxLength={120} aria-invalid={Boolean(errors?.name)} aria-describedby="new-name-error" />
        <FieldError id="new-name-error" messages={errors?.name} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="new-email">Email</Label>
        <Input id="new-email" name="email" type="email" maxLength={254} aria-invalid={Boolean(errors?.email)} aria-describedby="new-email-error" />
        <FieldError id="new-email-error" messages={errors?.email} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="new-role">Role</Label>
        <NativeSelect id="new-role" name="role" defaultValue="developer" aria-invalid={Boolean(errors?.role)} aria-describedby="new-role-error">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {ROLE_LABELS[r]}
            </option>
          ))}
        </NativeSelect>
        <FieldError id="new-role-error" messages={errors?.role} />
      </div>
      <div className="space-y-1">
        <Label htmlFor="new-password">Initial password</Label>
        <Input id="new-password" name="password" type="password" autoComplete="new-password" maxLength={200} aria-invalid={Boolean(errors?.password)} aria-describedby="new-password-error new-password-hint" />
        <p id="new-password-hint" className="text-xs text-muted-foreground">
          At least 12 characters. Share it with the user through a safe channel.
        </p>
        <FieldError id="new-password-error" messages={errors?.password} />
      </div>
      {state && (
        <p role={state.ok ? "status" : "alert"} className={state.ok ? "text-sm text-success-foreground" : "text-sm text-danger-foreground"}>
          {state.ok ? `${state.message} (${state.data.email})` : state.error}
        </p>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add user"}
      </Button>
    </form>
  );
}
