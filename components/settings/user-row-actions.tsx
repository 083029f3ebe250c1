"use client";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/native-select";
import { ROLE_LABELS, ROLES } from "@/lib/domain/rbac/permissions";
import { setUserDisabledAction, updateUserRoleAction } from "@/lib/server/actions/users";
import type { UserDto } from "@/lib/validation/users";

export function UserRowActions({ user, isSelf }: { user: UserDto; isSelf: boolean }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [role, setRole] = useState(user.role);
  const run = (fn: () => Promise<{ ok: boolean; error?: string; message?: string; fieldErrors?: Record<string, string[]> }>, onFail?: () => void) =>
    start(async () => {
      const r = await fn();
      if (!r.ok) onFail?.();
      // A refusal's reason is in its field errors (e.g. "The last active administrator
      // cannot lose the admin role"); the generic form message says nothing here.
      const reason = r.fieldErrors ? Object.values(r.fieldErrors).flat()[0] : undefined;
      setMessage({ ok: r.ok, text: r.ok ? (r.message ?? "Saved.") : (reason ?? r.error ?? "Failed.") });
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <NativeSelect
        aria-label={`Role of ${user.email}`}
        value={role}
        disabled={pending}
        wrapperClassName="w-40"
        onChange={(e) => {
          const previous = role;
          const next = e.target.value as UserDto["role"];
          setRole(next);
          run(() => updateUserRoleAction(user.id, next), () => setRole(previous));
        }}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {ROLE_LABELS[r]}
          </option>
        ))}
      </NativeSelect>
      {user.disabled ? <Badge variant="destructive">Disabled</Badge> : <Badge variant="success">Active</Badge>}
      {!isSelf && (
        <Button variant="outline" size="sm" disabled={pending} onClick={() => run(() => setUserDisabledAction(user.id, !user.disabled))}>
          {user.disabled ? "Enable" : "Disable"}
        </Button>
      )}
      {message && (
        <span role={message.ok ? "status" : "alert"} className={message.ok ? "text-xs text-success-foreground" : "text-xs text-danger-foreground"}>
          {message.text}
        </span>
      )}
    </div>
  );
}
