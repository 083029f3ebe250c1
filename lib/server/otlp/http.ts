import "server-only";
import { performance } from "node:perf_hooks";
import type { DatabaseHandle } from "@/db/client";
import { readBodyBytes } from "../body";
import { encodingOf, enterReceiver, leaveReceiver, OTLP_LIMITS, otlpError, receiveTraces, retryLater, type OtlpAnswer, type OtlpLimits } from "./receiver";

// The receiver over the fetch Request of the Next.js route; node-http.ts serves Node's (the front process
// of `npm start`). Both bound the body before reading it whole.

export class BodyTooLarge extends Error {}

export function tooLarge(encoding: ReturnType<typeof encodingOf>, limits: OtlpLimits): OtlpAnswer {
  return otlpError(encoding, 413, `the request body is larger than ${limits.maxBodyBytes.toLocaleString("en")} bytes; send smaller batches`, { connection: "close" });
}

/**
 * Server-Timing: the time this process spent on the export, from its arrival to the answer (what an
 * operator compares with the exporter's), before the receiver's own parts and any `more` after them.
 */
export function withTiming(headers: Record<string, string>, since: number, more?: string): Record<string, string> {
  const parts = [`otlp;dur=${(performance.now() - since).toFixed(1)}`, headers["server-timing"], more].filter(Boolean);
  return { ...headers, "server-timing": parts.join(", ") };
}

/** POST /v1/traces in the Next.js route, once authorizeRoute has let the actor in. */
export async function handleWebTraces(request: Request, handle: DatabaseHandle, actor: Parameters<typeof receiveTraces>[1], limits: OtlpLimits = OTLP_LIMITS): Promise<Response> {
  const since = performance.now();
  const encoding = encodingOf(request.headers.get("content-type"));
  const reply = (answer: OtlpAnswer) => new Response(answer.body as BodyInit, { status: answer.status, headers: withTiming(answer.headers, since) });
  if (Number(request.headers.get("content-length") ?? "0") > limits.maxBodyBytes) return reply(tooLarge(encoding, limits));
  if (!enterReceiver(limits)) return reply(retryLater(encoding, 429, "too many exports at once; retry later", limits));
  try {
    let body: Uint8Array;
    try {
      body = await readBodyBytes(request.body, limits.maxBodyBytes, () => new BodyTooLarge());
    } catch (error) {
      if (error instanceof BodyTooLarge) return reply(tooLarge(encoding, limits));
      throw error;
    }
    return reply(await receiveTraces(handle.db, actor, { contentType: request.headers.get("content-type"), contentEncoding: request.headers.get("content-encoding"), body }, limits));
  } finally {
    leaveReceiver();
  }
}
