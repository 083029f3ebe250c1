import "server-only";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import protobuf from "protobufjs";

// OTLP/HTTP's two encodings. Protobuf messages are decoded with protobufjs from the official
// opentelemetry-proto definitions kept in ./proto (see its README) into the OTLP/JSON shape (int64 as
// decimal strings, enums as numbers), so that one validation and one span reader serve both.

const PROTO_DIR = path.join(process.cwd(), "lib/server/otlp/proto");
const SERVICE_PROTO = "opentelemetry/proto/collector/trace/v1/trace_service.proto";

let types: { request: protobuf.Type; response: protobuf.Type } | null = null;

function traceTypes(): { request: protobuf.Type; response: protobuf.Type } {
  if (!types) {
    const root = new protobuf.Root();
    root.resolvePath = (_origin, target) => path.join(PROTO_DIR, target);
    root.loadSync(SERVICE_PROTO);
    types = {
      request: root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest"),
      response: root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse"),
    };
  }
  return types;
}

export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OtlpDecodeError";
  }
}

export class OtlpBodyTooLargeError extends Error {
  constructor(public readonly limitBytes: number) {
    super(`the request body is larger than ${limitBytes.toLocaleString("en")} bytes`);
    this.name = "OtlpBodyTooLargeError";
  }
}

/** An ExportTraceServiceRequest in protobuf → the same object as its OTLP/JSON form would parse to. */
export function decodeTraceRequest(body: Uint8Array): unknown {
  const { request } = traceTypes();
  let message: protobuf.Message;
  try {
    message = request.decode(body);
  } catch (error) {
    throw new OtlpDecodeError(`not an ExportTraceServiceRequest in protobuf: ${error instanceof Error ? error.message : String(error)}`);
  }
  return request.toObject(message, { longs: String, enums: Number, bytes: String });
}

type Msg = Record<string, unknown>;

function text(n: unknown): string | undefined {
  if (n === undefined || n === null) return undefined;
  return typeof n === "object" ? (n as { toString(): string }).toString() : String(n);
}

/** An AnyValue message → its OTLP/JSON form, as toObject({longs: String, bytes: String}) writes it. */
function anyValueJson(v: Msg | null | undefined): Msg | undefined {
  if (!v) return undefined;
  switch (v.value as string | undefined) {
    case "stringValue":
      return { stringValue: v.stringValue };
    case "boolValue":
      return { boolValue: v.boolValue };
    case "intValue":
      return { intValue: text(v.intValue) };
    case "doubleValue":
      return { doubleValue: v.doubleValue };
    case "arrayValue":
      return { arrayValue: { values: ((v.arrayValue as Msg | null)?.values as Msg[] | undefined)?.map((x) => anyValueJson(x) ?? {}) ?? [] } };
    case "kvlistValue":
      return { kvlistValue: { values: keyValuesJson((v.kvlistValue as Msg | null)?.values as Msg[] | undefined) ?? [] } };
    case "bytesValue":
      return { bytesValue: Buffer.from(v.bytesValue as Uint8Array).toString("base64") };
    default:
      return {};
  }
}

function keyValuesJson(list: Msg[] | undefined): Msg[] | undefined {
  if (!list?.length) return undefined;
  return list.map((kv) => ({ key: kv.key, value: anyValueJson(kv.value as Msg | undefined) }));
}

function spansJson(groups: Msg[] | undefined): Msg[] | undefined {
  if (!groups?.length) return undefined;
  return groups.map((g) => ({
    spans: ((g.spans as Msg[] | undefined) ?? []).map((span) => ({
      kind: span.kind || undefined,
      attributes: keyValuesJson(span.attributes as Msg[] | undefined),
      startTimeUnixNano: text(span.startTimeUnixNano),
      endTimeUnixNano: text(span.endTimeUnixNano),
    })),
  }));
}

/**
 * An ExportTraceServiceRequest in protobuf → its OTLP/JSON shape, reduced to what the receiver keeps of
 * a span (kind, attributes, start and end times) and of a resource (attributes): the same values as
 * decodeTraceRequest for those fields, without converting the rest (ids, names, events, links, status),
 * which the queue never holds. Decoding itself is the official definitions' (protobufjs).
 */
export function decodeTraceRequestForQueue(body: Uint8Array): unknown {
  const { request } = traceTypes();
  let message: Msg;
  try {
    message = request.decode(body) as unknown as Msg;
  } catch (error) {
    throw new OtlpDecodeError(`not an ExportTraceServiceRequest in protobuf: ${error instanceof Error ? error.message : String(error)}`);
  }
  const resourceSpans = message.resourceSpans as Msg[] | undefined;
  if (!resourceSpans?.length) return {};
  return {
    resourceSpans: resourceSpans.map((rs) => {
      const resource = rs.resource as Msg | null | undefined;
      return {
        resource: resource ? { attributes: keyValuesJson(resource.attributes as Msg[] | undefined) } : undefined,
        scopeSpans: spansJson(rs.scopeSpans as Msg[] | undefined),
        instrumentationLibrarySpans: spansJson(rs.instrumentationLibrarySpans as Msg[] | undefined),
      };
    }),
  };
}

/** ExportTraceServiceResponse, with partial_success when some spans were rejected. */
export function encodeTraceResponse(rejected: number, errorMessage: string | null): Uint8Array {
  const { response } = traceTypes();
  const body = rejected > 0 ? { partialSuccess: { rejectedSpans: rejected, errorMessage: errorMessage ?? "" } } : {};
  return response.encode(response.fromObject(body)).finish();
}

/** google.rpc.Status {code = 1, message = 2}: the body OTLP/HTTP sends with an error status in protobuf. */
export function encodeStatus(code: number, message: string): Uint8Array {
  return protobuf.Writer.create().uint32(8).int32(code).uint32(18).string(message).finish();
}

const gunzipAsync = promisify(zlib.gunzip);

/** Gunzips without ever holding more than `limitBytes` of output (a small gzip bomb stops there). */
export async function gunzipBounded(body: Uint8Array, limitBytes: number): Promise<Buffer> {
  try {
    return await gunzipAsync(body, { maxOutputLength: limitBytes });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new OtlpBodyTooLargeError(limitBytes);
    throw new OtlpDecodeError(`Content-Encoding is gzip but the body is not: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * A protobuf ExportTraceServiceRequest of `spans` HTTP spans (nine in ten SERVER, one in ten CLIENT), as an
 * SDK exporter sends them: what the receive process decodes while it starts, so that the first real export
 * does not wait for the JIT to compile the decoder.
 */
export function sampleTraceRequest(spans: number, serviceName = "sibyl-warm-up"): Uint8Array {
  const { request } = traceTypes();
  const t0 = BigInt(Date.UTC(2026, 0, 1)) * 1_000_000n;
  const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const list = Array.from({ length: spans }, (_, i) => ({
    traceId: Buffer.alloc(16, (i % 250) + 1),
    spanId: Buffer.alloc(8, (i % 250) + 1),
    name: i % 10 === 9 ? "POST" : "GET /api/orders/{id}",
    kind: i % 10 === 9 ? 3 : 2,
    startTimeUnixNano: String(t0 + BigInt(i) * 1_000_000n),
    endTimeUnixNano: String(t0 + BigInt(i) * 1_000_000n + 5_000_000n),
    attributes:
      i % 10 === 9
        ? [text("http.request.method", "POST"), text("url.full", "https://api.example.test/v1/messages"), { key: "http.response.status_code", value: { intValue: 200 } }]
        : [text("http.request.method", "GET"), text("url.path", `/api/orders/${100000 + i}`), text("url.scheme", "https"), text("server.address", "shop.example.test"), { key: "http.response.status_code", value: { intValue: 200 } }],
  }));
  return request.encode(request.fromObject({ resourceSpans: [{ resource: { attributes: [text("service.name", serviceName)] }, scopeSpans: [{ spans: list }] }] })).finish();
}
