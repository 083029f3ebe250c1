"use client";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { deleteWebhookEndpointAction, sendTestWebhookAction, setWebhookEndpointEnabledAction } from "@/lib/server/actions/webhooks";

export function WebhookRowActions({ endpointId, name, enabled }: { endpointId: string; name: string; enabled: boolean }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const run = (fn: () => Promise<{ ok: boolean; error?: string; message?: string; fieldErrors?: Record<string, string[]> }>) =>
    start(async () => {
      const r = await fn();
      // A refusal's reason (e.g. "Enable the endpoint before sending a test event") is in its field errors.
      const reason = r.fieldErrors ? Object.values(r.fieldErrors).flat()[0] : undefined;
      setMessage({ ok: r.ok, text: r.ok ? (r.message ?? "Done.") : (reason ?? r.error ?? "Failed.") });
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button size="sm" variant="outline" disabled={pending || !enabled} onClick={() => run(() => sendTestWebhookAction(endpointId))} aria-label={`Send a test event to ${name}`}>
        Send test
      </Button>
      <Button size="sm" variant="outline" disabled={pending} onClick={() => run(() => setWebhookEndpointEnabledAction(endpointId, !enabled))} aria-label={`${enabled ? "Disable" : "Enable"} ${name}`}>
        {enabled ? "Disable" : "Enable"}
      </Button>
      <Button
        size="sm"
        variant="ghost"
        disabled={pending}
        onClick={() => {
          if (window.confirm(`Remove the endpoint ${name} and its delivery log? Pending deliveries are dropped.`)) run(() => deleteWebhookEndpointAction(endpointId));
        }}
        aria-label={`Remove ${name}`}
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
