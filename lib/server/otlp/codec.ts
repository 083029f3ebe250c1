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
