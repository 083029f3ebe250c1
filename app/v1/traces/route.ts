import { authorizeRoute } from "@/lib/server/auth/api";
import { getDatabase } from "@/lib/server/db";
import { handleWebTraces } from "@/lib/server/otlp/http";

/**
 * POST /v1/traces: the OTLP/HTTP trace receiver, at the path an OpenTelemetry exporter appends to its
 * endpoint. Body: ExportTraceServiceRequest as application/x-protobuf or application/json, optionally
 * gzipped. Needs a token with the ingest scope. With PostgreSQL, `npm start`'s front process answers
 * bearer-token exports itself (the same handler); this route serves the rest (sessions, the embedded
 * database, `next dev`).
 */
export async function POST(request: Request) {
  const auth = await authorizeRoute(request, "POST /v1/traces");
  if ("response" in auth) return auth.response;
  return handleWebTraces(request, await getDatabase(), auth.actor);
}
