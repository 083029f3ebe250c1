"use client";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { deleteSourceAction, pullSourceNowAction } from "@/lib/server/actions/sources";

export function SourceRowActions({ sourceId, url }: { sourceId: string; url: string }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = (fn: () => Promise<{ ok: boolean; error?: string; message?: string }>) =>
    start(async () => {
      const r = await fn();
      setMessage({ ok: r.ok, text: r.ok ? (r.message ?? "Done.") : (r.error ?? "Failed.") });
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button size="sm" variant="outline" disabled={pending} onClick={() => run(() => pullSourceNowAction(sourceId))} aria-label={`Pull ${url} now`}>
        Pull now
      </Button>
      <Button
        size="sm"
        variant="ghost"
        disabled={pending}
        onClick={() => {
          if (window.confirm(`Stop pulling ${url}? Data already ingested stays.`)) run(() => deleteSourceAction(sourceId));
        }}
        aria-label={`Remove ${url}`}
      >
        Remove
      </Button>
      {message && (
        <span role={message.ok ? "status" : "alert"} className={message.ok ? "text-xs text-success-foreground" : "text-xs text-danger-foreground"}>
          {message.text}
        </span>
      )}
    </div>
  );
}
