// Envoy / Istio JSON access-log lines → TrafficEvent. Keys are Envoy's default access-log
// fields as Istio's meshConfig JSON encoding names them (method, path, authority, response_code,
// start_time, duration…). Envoy's default *text* format is not supported (not required): such lines are problems.
// Istio names its clusters by direction ("inbound|8080||", "outbound|443||api.stripe.com"), so a sidecar's log says
// itself which calls came into the workload and which it made.

import type { TrafficEvent } from "../types";
import { type Direction, durationMs, normaliseHost, normaliseMethod, splitAbsoluteUrl, splitTarget, timestampMs, toNumber, toStatus } from "./common";

/** What a line parser needs besides the line: the inbound/outbound rule. */
export interface LineContext {
  direction: (host: string | null, hint?: Direction | null) => Direction;
}

/** An event, a problem reason, or null for a line to ignore silently (blank). */
export type LineResult = TrafficEvent | string | null;

/** Keys Envoy's default format and Istio's default JSON encoding emit; used by format detection. */
export const ENVOY_KEYS: ReadonlySet<string> = new Set([
  "method",
  "path",
  "authority",
  "response_code",
  "response_flags",
  "response_code_details",
  "start_time",
  "duration",
  "upstream_host",
  "upstream_cluster",
  "upstream_service_time",
  "upstream_local_address",
  "upstream_transport_failure_reason",
  "downstream_local_address",
  "downstream_remote_address",
  "x_forwarded_for",
  "protocol",
  "bytes_received",
  "bytes_sent",
  "user_agent",
  "request_id",
  "route_name",
  "requested_server_name",
  "connection_termination_details",
]);

/** Envoy writes "-" (text operators) or null for a value it does not have. */
function str(v: unknown): string | null {
  return typeof v === "string" && v !== "" && v !== "-" ? v : null;
}

/** Parses a JSON object line; a problem reason when it is not one. */
export function parseJsonObjectLine(line: string): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return "not valid JSON";
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return "not a JSON object";
  return value as Record<string, unknown>;
}

/**
 * The direction an Istio cluster name states: "inbound|port|subset|host" (and the older
 * "inbound|port|name|host"), "outbound|port|subset|host", Istio's passthrough clusters for traffic
 * without a service entry (InboundPassthroughClusterIpv4/Ipv6, PassthroughCluster) and BlackHoleCluster
 * (egress refused by REGISTRY_ONLY). Plain Envoy cluster names say nothing: null.
 */
export function clusterDirection(cluster: unknown): Direction | null {
  if (typeof cluster !== "string") return null;
  if (cluster.startsWith("inbound|") || cluster.startsWith("InboundPassthroughCluster")) return "inbound";
  if (cluster.startsWith("outbound|") || cluster === "PassthroughCluster" || cluster === "BlackHoleCluster") return "outbound";
  return null;
}

function parseTimestamp(v: unknown): number | null {
  if (typeof v === "number") return timestampMs(v); // already epoch ms
  const s = str(v);
  return s === null ? null : timestampMs(Date.parse(s));
}

export function parseEnvoyLine(line: string, location: string, ctx: LineContext): LineResult {
  const first = line.charCodeAt(0);
  if (line.length === 0 || ((first === 32 || first === 9) && line.trim() === "")) return null;
  if (first !== 123 /* { */) {
    return first === 91 /* [ */
      ? "not a JSON object (Envoy's text access-log format is not supported; configure json_format)"
      : "not a JSON object";
  }
  const obj = parseJsonObjectLine(line);
  if (typeof obj === "string") return obj;

  const rawMethod = str(obj.method) ?? str(obj[":method"]);
  if (rawMethod === null) return "no method";
  const method = normaliseMethod(rawMethod);
  if (method === null) return "method is not an HTTP method token";
  const target = str(obj.path) ?? str(obj[":path"]) ?? str(obj.x_envoy_original_path);
  if (target === null) return "no path";

  let authority = str(obj.authority) ?? str(obj[":authority"]) ?? str(obj.host);
  let path: string;
  let query: string | null;
  if (target.charCodeAt(0) === 47 /* / */) {
    ({ path, query } = splitTarget(target));
  } else {
    const abs = splitAbsoluteUrl(target); // forward-proxy absolute form
    if (abs === null) return target === "*" && method === "OPTIONS" ? null : "path is not an origin-form or absolute URL";
    ({ path, query } = abs);
    authority = authority ?? abs.authority;
  }
  const host = normaliseHost(authority);
  const duration = durationMs(toNumber(obj.duration));
  const hint = clusterDirection(obj.upstream_cluster);

  const event: TrafficEvent = {
    direction: ctx.direction(host, hint),
    method,
    host,
    path,
    query,
    status: toStatus(obj.response_code ?? obj.status),
    durationMs: duration,
    timestamp: parseTimestamp(obj.start_time),
    location,
  };
  if (hint !== null) event.directionHint = hint;
  return event;
}
