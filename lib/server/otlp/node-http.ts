import "server-only";
import type http from "node:http";
import { performance } from "node:perf_hooks";
import type { DatabaseHandle } from "@/db/client";
import { bearerFrom } from "@/lib/domain/auth/api-token";
import { clientAddress } from "@/lib/domain/auth/rate-limit";
import type { Permission } from "@/lib/domain/rbac/permissions";
import { actorCan } from "../actor";
import { tokenActor } from "../auth/token-cache";
import { receiveTracesElsewhere } from "./receive-process";
import { BodyTooLarge, tooLarge, withTiming } from "./http";
import { encodingOf, enterReceiver, leaveReceiver, OTLP_LIMITS, otlpError, retryLater, type OtlpAnswer, type OtlpLimits } from "./receiver";

// The receiver over Node's HTTP stack, in the front process of `npm start` only (not part of the Next.js
// build: the receive process it starts is a file of its own, which a bundle would not hold).

function readNodeBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.pause();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

function send(res: http.ServerResponse, answer: OtlpAnswer, since: number, timing?: string): void {
  const body = typeof answer.body === "string" ? Buffer.from(answer.body) : answer.body;
  res.writeHead(answer.status, { ...withTiming(answer.headers, since, timing), "content-length": body.byteLength });
  res.end(body);
}

/** POST /v1/traces in the front process: bearer token, the route's permission, then the receiver. */
export async function handleNodeTraces(req: http.IncomingMessage, res: http.ServerResponse, handle: DatabaseHandle, permission: Permission, limits: OtlpLimits = OTLP_LIMITS): Promise<void> {
  const since = performance.now();
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v.join(", ") : (v ?? null);
  };
  const encoding = encodingOf(header("content-type"));
  const ip = header("x-forwarded-for") ? clientAddress({ get: header }) : (req.socket.remoteAddress ?? "unknown");
  const token = bearerFrom(header("authorization") ?? "");
  const actor = token ? await tokenActor(handle, token, ip) : null;
  const authMs = performance.now() - since;
  // JSON refusals as every API route words them (authorizeRoute); a google.rpc.Status for protobuf.
  const noStore = { "cache-control": "no-store", "content-type": "application/json" };
  if (!actor) return send(res, encoding === "protobuf" ? otlpError(encoding, 401, "invalid or expired token") : { status: 401, headers: noStore, body: JSON.stringify({ error: "invalid or expired token" }) }, since);
  if (!actorCan(actor, permission)) {
    return send(res, encoding === "protobuf" ? otlpError(encoding, 403, `forbidden: the token needs ${permission} (the ingest scope)`) : { status: 403, headers: noStore, body: JSON.stringify({ error: "forbidden", required: permission }) }, since);
  }
  if (Number(header("content-length") ?? "0") > limits.maxBodyBytes) return send(res, tooLarge(encoding, limits), since);
  if (!enterReceiver(limits)) return send(res, retryLater(encoding, 429, "too many exports at once; retry later", limits), since);
  try {
    let body: Buffer;
    const readAt = performance.now();
    try {
      body = await readNodeBody(req, limits.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) return send(res, tooLarge(encoding, limits), since);
      throw error;
    }
    // Decoded, checked and queued in the receive process (the event loop keeps answering decisions meanwhile).
    const handedAt = performance.now();
    const { answer, busyMs } = await receiveTracesElsewhere(handle, actor, { contentType: header("content-type"), contentEncoding: header("content-encoding"), body }, limits);
    // Server-Timing beside the receiver's parts: the token check, reading the body, and the receive
    // process's round trip beyond its own work (the messages both ways, and waiting for its turn).
    send(res, answer, since, `auth;dur=${authMs.toFixed(1)}, read;dur=${(handedAt - readAt).toFixed(1)}, handoff;dur=${Math.max(0, performance.now() - handedAt - busyMs).toFixed(1)}`);
  } finally {
    leaveReceiver();
  }
}

