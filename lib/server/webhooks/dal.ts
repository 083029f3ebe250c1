import "server-only";
import { randomBytes, randomUUID } from "node:crypto";
import { and, count, desc, eq, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { encryptSecret } from "@/lib/domain/triage/secret-box";
import { parseOrThrow, ValidationError } from "@/lib/validation/errors";
import type { Page } from "@/lib/validation/list-query";
import { createWebhookEndpointSchema, setWebhookEnabledSchema, webhookDeliveryListSchema, webhookEndpointIdSchema } from "@/lib/validation/webhooks";
import { assertCan, type Actor } from "../actor";
import { writeAudit } from "../audit";
import type { WebhookEvent } from "./events";
import { webhookKey } from "./key";

export const WEBHOOK_SECRET_PREFIX = "whsec_";
export const TEST_EVENT = "webhook.test";

/** The authenticated context of an endpoint's sealed secret: a ciphertext copied onto another row does not open. */
export function secretContext(endpointId: string): string {
  return `webhook_endpoint:${endpointId}`;
}

/** Audit rows keep only the origin: webhook URLs (Slack, Teams) often carry a secret in the path. */
function auditUrl(url: string): string {
  return new URL(url).origin;
}

export interface WebhookEndpointDto {
  id: string;
  name: string;
  url: string;
  events: WebhookEvent[];
  enabled: boolean;
  createdAt: string;
  pendingDeliveries: number;
  failedDeliveries: number;
}

export async function listWebhookEndpoints(db: Db, actor: Actor): Promise<WebhookEndpointDto[]> {
  assertCan(actor, "webhooks.manage");
  const [rows, tallies] = await Promise.all([
    db
      .select({ id: webhookEndpoints.id, name: webhookEndpoints.name, url: webhookEndpoints.url, events: webhookEndpoints.events, enabled: webhookEndpoints.enabled, createdAt: webhookEndpoints.createdAt })
      .from(webhookEndpoints)
      .orderBy(webhookEndpoints.name)
      .limit(500),
    db
      .select({ endpointId: webhookDeliveries.endpointId, status: webhookDeliveries.status, n: count() })
      .from(webhookDeliveries)
      .groupBy(webhookDeliveries.endpointId, webhookDeliveries.status),
  ]);
  const tally = (id: string, status: "pending" | "failed") => tallies.find((t) => t.endpointId === id && t.status === status)?.n ?? 0;
  return rows.map((r) => ({
    ...r,
    events: r.events as WebhookEvent[],
    createdAt: r.createdAt.toISOString(),
    pendingDeliveries: tally(r.id, "pending"),
    failedDeliveries: tally(r.id, "failed"),
  }));
}

/** Registers an endpoint and returns its signing secret once; only the encrypted secret is stored. */
export async function createWebhookEndpoint(db: Db, actor: Actor, input: unknown): Promise<{ id: string; secret: string }> {
  assertCan(actor, "webhooks.manage");
  const data = parseOrThrow(createWebhookEndpointSchema, input);
  const secret = data.secret ?? WEBHOOK_SECRET_PREFIX + randomBytes(32).toString("base64url");
  const id = randomUUID();
  const secretCiphertext = encryptSecret(secret, webhookKey(), secretContext(id));
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookEndpoints)
      .values({ id, name: data.name, url: data.url, secretCiphertext, events: data.events, createdById: actor.userId ?? null })
      .onConflictDoNothing()
      .returning({ id: webhookEndpoints.id });
    if (!row) throw new ValidationError({ name: ["An endpoint with this name exists; choose another name"] });
    await writeAudit(tx, actor, {
      action: "webhook.create",
      targetType: "webhook_endpoint",
      targetId: id,
      detail: { name: data.name, origin: auditUrl(data.url), events: data.events, secretProvided: Boolean(data.secret) },
    });
    return { id, secret };
  });
}

export async function setWebhookEndpointEnabled(db: Db, actor: Actor, input: unknown): Promise<void> {
  assertCan(actor, "webhooks.manage");
  const { endpointId, enabled } = parseOrThrow(setWebhookEnabledSchema, input);
  await db.transaction(async (tx) => {
    const [before] = await tx.select({ name: webhookEndpoints.name, enabled: webhookEndpoints.enabled }).from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).for("update");
    if (!before) throw new ValidationError({ endpointId: ["Unknown endpoint"] });
    if (before.enabled === enabled) return;
    await tx.update(webhookEndpoints).set({ enabled, updatedAt: new Date() }).where(eq(webhookEndpoints.id, endpointId));
    await writeAudit(tx, actor, { action: enabled ? "webhook.enable" : "webhook.disable", targetType: "webhook_endpoint", targetId: endpointId, detail: { name: before.name } });
  });
}

/** Removes an endpoint and its delivery log. */
export async function deleteWebhookEndpoint(db: Db, actor: Actor, input: unknown): Promise<void> {
  assertCan(actor, "webhooks.manage");
  const { endpointId } = parseOrThrow(webhookEndpointIdSchema, input);
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId)).returning({ name: webhookEndpoints.name, url: webhookEndpoints.url });
    if (!row) throw new ValidationError({ endpointId: ["Unknown endpoint"] });
    await writeAudit(tx, actor, { action: "webhook.delete", targetType: "webhook_endpoint", targetId: endpointId, detail: { name: row.name, origin: auditUrl(row.url) } });
  });
}

/** Queues a `webhook.test` delivery to one endpoint; the delivery job sends it like any other event. */
export async function sendTestWebhookEvent(db: Db, actor: Actor, input: unknown, now = new Date()): Promise<{ deliveryId: string }> {
  assertCan(actor, "webhooks.manage");
  const { endpointId } = parseOrThrow(webhookEndpointIdSchema, input);
  return db.transaction(async (tx) => {
    const [endpoint] = await tx.select({ name: webhookEndpoints.name, enabled: webhookEndpoints.enabled }).from(webhookEndpoints).where(eq(webhookEndpoints.id, endpointId));
    if (!endpoint) throw new ValidationError({ endpointId: ["Unknown endpoint"] });
    if (!endpoint.enabled) throw new ValidationError({ endpointId: ["Enable the endpoint before sending a test event"] });
    const key = `test:${randomUUID()}`;
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({
        endpointId,
        event: TEST_EVENT,
        eventKey: key,
        payload: { id: key, type: TEST_EVENT, createdAt: now.toISOString(), data: { endpoint: endpoint.name, message: "Test event from Sibyl. Verify the Sibyl-Signature header and answer 2xx." } },
        nextAttemptAt: now,
      })
      .returning({ id: webhookDeliveries.id });
    await writeAudit(tx, actor, { action: "webhook.test", targetType: "webhook_endpoint", targetId: endpointId, detail: { name: endpoint.name, deliveryId: row.id } });
    return { deliveryId: row.id };
  });
}

export interface WebhookDeliveryDto {
  id: string;
  endpointId: string;
  endpointName: string;
  event: string;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** The delivery log, newest first. */
export async function listWebhookDeliveries(db: Db, actor: Actor, input: unknown): Promise<Page<WebhookDeliveryDto>> {
  assertCan(actor, "webhooks.manage");
  const query = parseOrThrow(webhookDeliveryListSchema, input);
  const filters: SQL[] = [];
  if (query.status) filters.push(eq(webhookDeliveries.status, query.status));
  if (query.endpointId) filters.push(eq(webhookDeliveries.endpointId, query.endpointId));
  const where = filters.length ? and(...filters) : undefined;
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: webhookDeliveries.id,
        endpointId: webhookDeliveries.endpointId,
        endpointName: webhookEndpoints.name,
        event: webhookDeliveries.event,
        status: webhookDeliveries.status,
        attempts: webhookDeliveries.attempts,
        lastStatusCode: webhookDeliveries.lastStatusCode,
        lastError: webhookDeliveries.lastError,
        nextAttemptAt: webhookDeliveries.nextAttemptAt,
        createdAt: webhookDeliveries.createdAt,
        deliveredAt: webhookDeliveries.deliveredAt,
      })
      .from(webhookDeliveries)
      .innerJoin(webhookEndpoints, eq(webhookEndpoints.id, webhookDeliveries.endpointId))
      .where(where)
      .orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(webhookDeliveries).where(where),
  ]);
  return {
    rows: rows.map((r) => ({
      ...r,
      nextAttemptAt: r.status === "pending" ? (r.nextAttemptAt?.toISOString() ?? null) : null,
      createdAt: r.createdAt.toISOString(),
      deliveredAt: r.deliveredAt?.toISOString() ?? null,
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}
