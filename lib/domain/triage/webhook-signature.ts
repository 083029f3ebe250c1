// Webhook signatures and retry pacing. The header follows Stripe's scheme so
// receivers can reuse their verifiers: `Sibyl-Signature: t=<unix seconds>,v1=<hex>`
// where v1 is HMAC-SHA256(secret, "<t>.<raw body>"); the timestamp is signed so
// a captured request cannot be replayed outside the tolerance window.
import { createHmac, timingSafeEqual } from "node:crypto";

export const SIGNATURE_HEADER = "Sibyl-Signature";
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Retries back off exponentially from one minute to at most six hours (eight attempts span about twelve hours). */
export const BACKOFF_BASE_SECONDS = 60;
export const BACKOFF_FACTOR = 3;
export const BACKOFF_CAP_SECONDS = 6 * 60 * 60;
export const MAX_DELIVERY_ATTEMPTS = 8;

function hmacHex(secret: string, timestampSeconds: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestampSeconds}.${body}`, "utf8").digest("hex");
}

/** The `Sibyl-Signature` header value for a body sent at `timestampSeconds`. */
export function signPayload(secret: string, body: string, timestampSeconds: number): string {
  if (!Number.isSafeInteger(timestampSeconds) || timestampSeconds < 0) throw new RangeError("timestampSeconds must be a non-negative integer");
  return `t=${timestampSeconds},v1=${hmacHex(secret, timestampSeconds, body)}`;
}

export type VerifyResult = { ok: true; timestamp: number } | { ok: false; reason: "malformed" | "no-match" | "too-old" | "in-future" };

/**
 * Checks a header against the raw body. Several `v1=` entries are allowed (a
 * sender rotating secrets may send one per secret); any match passes.
 */
export function verifySignature(header: string | null | undefined, body: string, secret: string, options: { toleranceSeconds?: number; now?: Date } = {}): VerifyResult {
  if (!header) return { ok: false, reason: "malformed" };
  let timestamp: number | null = null;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t" && /^\d{1,15}$/.test(value)) timestamp = Number(value);
    else if (key === "v1" && /^[0-9a-f]{64}$/.test(value)) candidates.push(value);
  }
  if (timestamp === null || candidates.length === 0) return { ok: false, reason: "malformed" };
  const expected = Buffer.from(hmacHex(secret, timestamp, body), "hex");
  // Compare every candidate, so the time taken does not say which one matched.
  let matched = false;
  for (const c of candidates) matched = timingSafeEqual(expected, Buffer.from(c, "hex")) || matched;
  if (!matched) return { ok: false, reason: "no-match" };
  const tolerance = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (timestamp < nowSeconds - tolerance) return { ok: false, reason: "too-old" };
  if (timestamp > nowSeconds + tolerance) return { ok: false, reason: "in-future" };
  return { ok: true, timestamp };
}

/** Seconds to wait after failed attempt number `attempt` (1-based) before the next one. */
export function backoffDelaySeconds(attempt: number): number {
  const n = Math.max(1, Math.floor(attempt));
  // Cap the exponent before computing, so huge attempt numbers cannot overflow to Infinity.
  const exponent = Math.min(n - 1, 32);
  return Math.min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * BACKOFF_FACTOR ** exponent);
}
