import "server-only";
import type { DatabaseHandle } from "@/db/client";
import { NotFoundError, ValidationError } from "@/lib/validation/errors";
import { decisionPoint } from "./decision-point";

export interface EndpointAnswer {
  status: number;
  /** The body, as JSON (a cached decision's is made once, not per request). */
  json: string;
  headers: Readonly<Record<string, string>>;
}

const error = (status: number, message: string, extra?: Record<string, unknown>): EndpointAnswer => ({ status, json: JSON.stringify({ error: message, ...extra }), headers: { "cache-control": "no-store" } });

/**
 * GET /api/v1/decisions for an already authorised caller: validates `app` and `host` and answers from the
 * process's decision point. Shared by the Next.js route and the front process's fast path (scripts/start.ts),
 * so both answer the same bytes for the same question.
 */
export async function answerDecision(handle: DatabaseHandle, query: URLSearchParams): Promise<EndpointAnswer> {
  const app = query.get("app");
  const host = query.get("host");
  if (!app || !host) return error(400, "validation failed", { fieldErrors: { ...(app ? {} : { app: ["app is required"] }), ...(host ? {} : { host: ["host is required"] }) } });
  if (app.length > 120 || host.length > 300) return error(400, "validation failed", { fieldErrors: { [app.length > 120 ? "app" : "host"]: ["too long"] } });
  try {
    const point = await decisionPoint(handle);
    const answer = point.cachedJson(app, host, Date.now()) ?? (await point.decideJson(app, host));
    return { status: 200, json: answer.json, headers: answer.headers };
  } catch (e) {
    if (e instanceof ValidationError) return error(400, "validation failed", { fieldErrors: e.fieldErrors });
    if (e instanceof NotFoundError) return error(404, e.message);
    throw e;
  }
}
