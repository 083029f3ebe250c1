import "server-only";
import { and, asc, eq, inArray, isNull, lte, or } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { decryptSecret } from "@/lib/domain/triage/secret-box";
import { backoffDelaySeconds, MAX_DELIVERY_ATTEMPTS, SIGNATURE_HEADER, signPayload } from "@/lib/domain/triage/webhook-signature";
import { secretContext } from "./dal";
import { webhookKey } from "./key";

// Sends queued webhook deliveries (the outbox that enqueueWebhookEvents fills).
// Delivery is at least once: a due row is leased (its next attempt pushed past
// the time a batch can take) before it is sent, so two workers never send it
// at the same moment, and a worker that dies mid-send leaves it to be retried.

export const DELIVERY_TIMEOUT_MS = 10_000;
const LEASE_MS = 10 * 60_000;
const BATCH_SIZE = 50;
const CONCURRENCY = 5;
const MAX_ERROR_LENGTH = 500;

export type DeliveryOutcome = "succeeded" | "retry" | "failed" | "skipped";

export interface DeliverOptions {
  fetchImpl?: typeof fetch;
  /** The clock: signatures, attempt times and the next attempt are computed from it (tests move it forward). */
  now?: Date;
  timeoutMs?: number;
}

type Attempt = { ok: true; status: number } | { ok: false; status: number | null; error: string };

async function post(url: string, init: { body: string; headers: Record<string, string> }, fetchImpl: typeof fetch, timeoutMs: number): Promise<Attempt> {
  let res: Response;
  try {
    // Redirects are not followed: the signed request goes only where the admin registered it.
    res = await fetchImpl(url, { method: "POST", body: init.body, headers: init.headers, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const e = error as Error;
    if (e.name === "TimeoutError" || e.name === "AbortError") return { ok: false, status: null, error: `No answer within ${Math.round(timeoutMs / 1000)} s` };
    return { ok: false, status: null, error: `Could not connect: ${(e.cause as Error | undefined)?.message ?? e.message}` };
  }
  // The receiver's answer is not needed; release the connection.
  await res.body?.cancel().catch(() => undefined);
  if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status };
  if (res.status >= 300 && res.status < 400) return { ok: false, status: res.status, error: `HTTP ${res.status}: redirects are not followed; register the final URL` };
  return { ok: false, status: res.status, error: `HTTP ${res.status} ${res.statusText}`.trim() };
}

/** Signs and sends one delivery; never throws, every failure is an outcome to record. */
async function attemptDelivery(
  row: { id: string; event: string; payload: unknown; endpointId: string; url: string; secretCiphertext: string },
  now: Date,
  options: DeliverOptions,
): Promise<Attempt> {
  let secret: string;
  try {
    secret = decryptSecret(row.secretCiphertext, webhookKey(), secretContext(row.endpointId));
  } catch {
    return { ok: false, status: null, error: "The signing secret cannot be decrypted (SIBYL_ENCRYPTION_KEY or AUTH_SECRET changed?); re-create the endpoint" };
  }
  const body = JSON.stringify(row.payload);
  const headers = {
    "content-type": "application/json",
    "user-agent": "Sibyl-Webhooks/1",
    [SIGNATURE_HEADER]: signPayload(secret, body, Math.floor(now.getTime() / 1000)),
    "Sibyl-Event": row.event,
    "Sibyl-Delivery": row.id,
  };
  return post(row.url, { body, headers }, options.fetchImpl ?? fetch, options.timeoutMs ?? DELIVERY_TIMEOUT_MS);
}

/**
 * Makes one attempt at a pending delivery and records it: 2xx succeeds; any
 * other answer schedules a retry with exponential backoff, until the last
 * allowed attempt marks it failed.
 */
export async function deliverWebhook(db: Db, deliveryId: string, options: DeliverOptions = {}): Promise<DeliveryOutcome> {
  const now = options.now ?? new Date();
  const [row] = await db
    .select({
      id: webhookDeliveries.id,
      event: webhookDeliveries.event,
      payload: webhookDeliveries.payload,
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      endpointId: webhookEndpoints.id,
      url: webhookEndpoints.url,
      enabled: webhookEndpoints.enabled,
      secretCiphertext: webhookEndpoints.secretCiphertext,
    })
    .from(webhookDeliveries)
    .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
    .where(eq(webhookDeliveries.id, deliveryId));
  if (!row || row.status !== "pending" || !row.enabled) return "skipped";

  const result = await attemptDelivery(row, now, options);
  const attempts = row.attempts + 1;
  const outcome: DeliveryOutcome = result.ok ? "succeeded" : attempts >= MAX_DELIVERY_ATTEMPTS ? "failed" : "retry";
  await db
    .update(webhookDeliveries)
    .set({
      attempts,
      lastStatusCode: result.status,
      lastError: result.ok ? null : result.error.slice(0, MAX_ERROR_LENGTH),
      status: outcome === "retry" ? "pending" : outcome,
      deliveredAt: result.ok ? now : null,
      nextAttemptAt: outcome === "retry" ? new Date(now.getTime() + backoffDelaySeconds(attempts) * 1000) : null,
    })
    // Only if no other attempt was recorded meanwhile (a direct call racing the job).
    .where(and(eq(webhookDeliveries.id, row.id), eq(webhookDeliveries.status, "pending"), eq(webhookDeliveries.attempts, row.attempts)));
  return outcome;
}

export interface DeliveryRound {
  attempted: number;
  succeeded: number;
  retrying: number;
  failed: number;
}

/** Sends every due delivery (pending, next attempt reached, endpoint enabled), a batch at a time. */
export async function deliverPendingWebhooks(db: Db, options: DeliverOptions & { limit?: number } = {}): Promise<DeliveryRound> {
  const now = options.now ?? new Date();
  const ids = await db.transaction(async (tx) => {
    const due = await tx
      .select({ id: webhookDeliveries.id })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(and(eq(webhookDeliveries.status, "pending"), eq(webhookEndpoints.enabled, true), or(isNull(webhookDeliveries.nextAttemptAt), lte(webhookDeliveries.nextAttemptAt, now))))
      .orderBy(asc(webhookDeliveries.nextAttemptAt))
      .limit(options.limit ?? BATCH_SIZE)
      .for("update", { of: webhookDeliveries, skipLocked: true });
    if (!due.length) return [];
    const leased = due.map((d) => d.id);
    await tx
      .update(webhookDeliveries)
      .set({ nextAttemptAt: new Date(now.getTime() + LEASE_MS) })
      .where(inArray(webhookDeliveries.id, leased));
    return leased;
  });

  const round: DeliveryRound = { attempted: 0, succeeded: 0, retrying: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++];
      const outcome = await deliverWebhook(db, id, options);
      if (outcome === "skipped") continue;
      round.attempted++;
      if (outcome === "succeeded") round.succeeded++;
      else if (outcome === "retry") round.retrying++;
      else round.failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  return round;
}
