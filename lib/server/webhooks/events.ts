import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";

/** Events an admin can subscribe a webhook endpoint to. */
export const WEBHOOK_EVENTS = ["finding.created", "finding.sla_breached", "risk_acceptance.expiring", "finding.reopened"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const WEBHOOK_EVENT_LABELS: Record<WebhookEvent, string> = {
  "finding.created": "New critical or high finding",
  "finding.sla_breached": "Finding past its SLA",
  "risk_acceptance.expiring": "Risk acceptance expiring within 14 days",
  "finding.reopened": "Finding reopened",
};

export interface TriageEvent {
  type: WebhookEvent;
  /** Stable key: the same event is queued once per endpoint however often it is noticed. */
  key: string;
  findingId: string;
  at: Date;
  extra?: Record<string, unknown>;
}

/**
 * Queues deliveries (an outbox in the same transaction as the change, so an
 * event is announced if and only if the change committed). The delivery job
 * sends them, signed, with retries.
 */
export async function enqueueWebhookEvents(tx: Db, events: TriageEvent[]): Promise<number> {
  if (!events.length) return 0;
  const endpoints = await tx.select({ id: webhookEndpoints.id, events: webhookEndpoints.events }).from(webhookEndpoints).where(eq(webhookEndpoints.enabled, true));
  if (!endpoints.length) return 0;
  const values = events.flatMap((e) =>
    endpoints
      .filter((ep) => ep.events.includes(e.type))
      .map((ep) => ({
        endpointId: ep.id,
        event: e.type,
        eventKey: e.key,
        payload: { id: e.key, type: e.type, createdAt: e.at.toISOString(), data: { findingId: e.findingId, ...e.extra } },
        nextAttemptAt: e.at,
      })),
  );
  let queued = 0;
  for (let i = 0; i < values.length; i += 1000) {
    const inserted = await tx.insert(webhookDeliveries).values(values.slice(i, i + 1000)).onConflictDoNothing().returning({ id: webhookDeliveries.id });
    queued += inserted.length;
  }
  return queued;
}
