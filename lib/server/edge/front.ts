import "server-only";
import http from "node:http";
import type { DatabaseHandle } from "@/db/client";
import { bearerFrom } from "@/lib/domain/auth/api-token";
import { clientAddress } from "@/lib/domain/auth/rate-limit";
import { API_ROUTE_ACCESS } from "@/lib/domain/rbac/route-access";
import { actorCan } from "../actor";
import { tokenActor } from "../auth/token-cache";
import { handleNodeTraces } from "../otlp/node-http";
import { answerDecision, type EndpointAnswer } from "../policies/decision-endpoint";

/**
 * Sibyl's front process (`npm start`): the decision point answers gateways' bearer-token calls of
 * GET /api/v1/decisions itself, and the OTLP receiver bearer-token exports to POST /v1/traces (an
 * exporter waits on every batch, and drops what it cannot send in time), because per request Next.js's router, the fetch-style Request/Response
 * objects and compression cost several times what the decision does (bench:decisions profiles), and a
 * gateway asks on every outbound call. Everything else (pages, every other route, session callers of
 * this one) is proxied unchanged to `next start` on a loopback port. Authentication and the permission
 * are the route's own: the token cache and API_ROUTE_ACCESS["GET /api/v1/decisions"].
 */
export function createFrontServer(options: { handle: DatabaseHandle | null; upstreamPort: number }): http.Server {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const permission = API_ROUTE_ACCESS["GET /api/v1/decisions"];
  const tracesPermission = API_ROUTE_ACCESS["POST /v1/traces"];

  const send = (res: http.ServerResponse, answer: EndpointAnswer) => {
    const body = answer.json;
    res.writeHead(answer.status, { "content-type": "application/json", "content-length": Buffer.byteLength(body), ...answer.headers });
    res.end(body);
  };

  const fastPath = async (req: http.IncomingMessage, res: http.ServerResponse, handle: DatabaseHandle, query: URLSearchParams) => {
    const headers = { get: (name: string) => { const v = req.headers[name]; return Array.isArray(v) ? v.join(", ") : (v ?? null); } };
    const ip = headers.get("x-forwarded-for") ? clientAddress(headers) : (req.socket.remoteAddress ?? "unknown");
    const token = bearerFrom(headers.get("authorization") ?? "");
    const actor = token ? await tokenActor(handle, token, ip) : null;
    if (!actor) return send(res, { status: 401, json: JSON.stringify({ error: "invalid or expired token" }), headers: { "cache-control": "no-store" } });
    if (!actorCan(actor, permission)) return send(res, { status: 403, json: JSON.stringify({ error: "forbidden", required: permission }), headers: { "cache-control": "no-store" } });
    send(res, await answerDecision(handle, query));
  };

  const proxy = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const forwardedFor = req.headers["x-forwarded-for"];
    const upstream = http.request(
      {
        host: "127.0.0.1",
        port: options.upstreamPort,
        method: req.method,
        path: req.url,
        agent,
        headers: {
          ...req.headers,
          // The client's address as Next.js would have seen it (rate limits and the audit log read it).
          "x-forwarded-for": forwardedFor ? `${Array.isArray(forwardedFor) ? forwardedFor.join(", ") : forwardedFor}, ${req.socket.remoteAddress ?? ""}` : (req.socket.remoteAddress ?? ""),
          "x-forwarded-host": req.headers["x-forwarded-host"] ?? req.headers.host ?? "",
          "x-forwarded-proto": req.headers["x-forwarded-proto"] ?? "http",
        },
      },
      (upstreamRes) => {
        res.writeHead(upstreamRes.statusCode ?? 502, upstreamRes.statusMessage, upstreamRes.rawHeaders);
        upstreamRes.pipe(res);
      },
    );
    upstream.on("error", () => {
      if (!res.headersSent) send(res, { status: 502, json: JSON.stringify({ error: "the application server is not answering" }), headers: { "cache-control": "no-store" } });
      else res.destroy();
    });
    req.on("aborted", () => upstream.destroy());
    req.pipe(upstream);
  };

  return http.createServer((req, res) => {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    if (options.handle && req.method === "GET" && pathname === "/api/v1/decisions" && /^bearer /i.test(req.headers.authorization ?? "")) {
      fastPath(req, res, options.handle, new URLSearchParams(q < 0 ? "" : url.slice(q + 1))).catch((error: unknown) => {
        console.error(error);
        if (!res.headersSent) send(res, { status: 500, json: JSON.stringify({ error: "internal error" }), headers: { "cache-control": "no-store" } });
      });
      return;
    }
    if (options.handle && req.method === "POST" && pathname === "/v1/traces" && /^bearer /i.test(req.headers.authorization ?? "")) {
      handleNodeTraces(req, res, options.handle, tracesPermission).catch((error: unknown) => {
        console.error(error);
        if (!res.headersSent) send(res, { status: 500, json: JSON.stringify({ error: "internal error" }), headers: { "cache-control": "no-store" } });
      });
      return;
    }
    proxy(req, res);
  });
}
