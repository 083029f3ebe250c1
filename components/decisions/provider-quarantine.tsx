"use client";
import { useCallback, useState } from "react";
import { QuarantineButton } from "./decision-actions";

/** "Quarantine provider" on the provider page: a policy that quarantines it for every application that depends on it. */
export function ProviderQuarantine({ slug, name }: { slug: string; name: string }) {
  const [message, setMessage] = useState<string | null>(null);
  const onMessage = useCallback((m: string) => setMessage(m), []);
  return (
    <div className="flex flex-col items-end gap-1">
      <QuarantineButton id={`provider-${slug}`} target={{ provider: slug }} targetName={name} label="Quarantine provider" onMessage={onMessage} />
      {message && (
        <span role="status" className="max-w-72 text-right text-xs text-success-foreground">
          {message}
        </span>
      )}
    </div>
  );
}
