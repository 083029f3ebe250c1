import { z } from "zod";
import { WEBHOOK_EVENTS } from "@/lib/server/webhooks/events";
import { PAGE_SIZES } from "./list-query";

const optionalText = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || undefined);

export const createWebhookEndpointSchema = z.object({
  name: z.string().trim().min(1, "Name the endpoint (e.g. secops-slack)").max(80, "Use at most 80 characters"),
  url: z
    .string()
    .trim()
    .max(2000, "Use at most 2,000 characters")
    .pipe(z.url({ protocol: /^https?$/, error: "Enter an http:// or https:// URL" }))
    .refine((u) => !/^https?:\/\/[^/?#]*@/i.test(u), "Leave user and password out of the URL; the signature authenticates Sibyl"),
  events: z
    .array(z.enum(WEBHOOK_EVENTS, { error: "Unknown event" }))
    .min(1, "Choose at least one event")
    .max(WEBHOOK_EVENTS.length * 2)
    .transform((e) => WEBHOOK_EVENTS.filter((known) => e.includes(known))),
  /** Optional: an admin may bring a secret (e.g. one the receiver already has); otherwise one is generated. */
  secret: optionalText.pipe(
    z
      .string()
      .min(24, "Use at least 24 characters, or leave empty to generate one")
      .max(200, "Use at most 200 characters")
      .regex(/^[\x21-\x7e]+$/, "Use printable characters without spaces")
      .optional(),
  ),
});
export type CreateWebhookEndpointInput = z.infer<typeof createWebhookEndpointSchema>;

export const webhookEndpointIdSchema = z.object({ endpointId: z.uuid("Unknown endpoint") });

export const setWebhookEnabledSchema = webhookEndpointIdSchema.extend({ enabled: z.boolean() });

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

export const webhookDeliveryListSchema = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
  pageSize: z.coerce
    .number()
    .int()
    .refine((n) => (PAGE_SIZES as readonly number[]).includes(n))
    .catch(25),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional().catch(undefined),
  endpointId: z.uuid().optional().catch(undefined),
});
export type WebhookDeliveryListQuery = z.infer<typeof webhookDeliveryListSchema>;
