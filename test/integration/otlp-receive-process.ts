// Run by otlp-receiver.test.ts as the front process runs (node with package.json's start flags and
// tsx): decodes one protobuf export of 300 HTTP spans in the OTLP receive process and in line, and prints
// where it was decoded and whether the two results are the same.
// node --max-semi-space-size=1 --conditions=react-server --import tsx <this>
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import protobuf from "protobufjs";
import { prepareTracesElsewhere, receiveProcessState } from "@/lib/server/otlp/receive-process";
import { OTLP_LIMITS, prepareTraces } from "@/lib/server/otlp/receiver";

async function main(): Promise<void> {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => path.join(process.cwd(), "lib/server/otlp/proto", target);
  root.loadSync("opentelemetry/proto/collector/trace/v1/trace_service.proto");
  const type = root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest");
  const t0 = BigInt(Date.UTC(2026, 11, 1)) * 1_000_000n;
  const text = (key: string, value: string) => ({ key, value: { stringValue: value } });
  const spans = Array.from({ length: 300 }, (_, i) => ({
    traceId: Buffer.alloc(16, (i % 250) + 1),
    spanId: Buffer.alloc(8, (i % 250) + 1),
    name: "GET /api/orders/{id}",
    kind: i % 10 === 9 ? 3 : 2,
    startTimeUnixNano: String(t0 + BigInt(i) * 1_000_000n),
    endTimeUnixNano: String(t0 + BigInt(i) * 1_000_000n + 5_000_000n),
    attributes:
      i % 10 === 9
        ? [text("http.request.method", "POST"), text("url.full", "https://api.stripe.com/v1/charges")]
        : [text("http.request.method", "GET"), text("url.path", `/api/orders/${100000 + i}`), text("server.address", "shop.example.test"), { key: "http.response.status_code", value: { intValue: 200 } }],
  }));
  const body = type.encode(type.fromObject({ resourceSpans: [{ resource: { attributes: [text("service.name", "Decode Thread Shop")] }, scopeSpans: [{ spans }] }] })).finish();
  const request = { contentType: "application/x-protobuf", contentEncoding: null, body };
  const before = receiveProcessState();
  const offThread = await prepareTracesElsewhere(request, OTLP_LIMITS);
  const state = receiveProcessState();
  const inLine = await prepareTraces(request, { maxBodyBytes: 16 * 1024 * 1024 });
  const strip = (r: typeof inLine) => ("prepared" in r ? { ...r.prepared, decodeMs: 0, checkMs: 0 } : r);
  const bad = await prepareTracesElsewhere({ contentType: "application/x-protobuf", contentEncoding: null, body: new Uint8Array([0x0a, 0xff, 0xff]) }, { ...OTLP_LIMITS, maxBodyBytes: 1024 });
  process.stdout.write(`${JSON.stringify({ before, state, same: isDeepStrictEqual(strip(offThread), strip(inLine)), queued: "prepared" in offThread ? offThread.prepared.queued : null, rows: "prepared" in offThread ? offThread.prepared.rows.map((r) => [r.appSlug, r.spanCount]) : null, badStatus: "answer" in bad ? bad.answer.status : null })}\n`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
