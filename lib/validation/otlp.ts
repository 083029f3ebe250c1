import { z } from "zod";

// The envelope of an OTLP trace export (ExportTraceServiceRequest) in its OTLP/JSON shape, which the
// protobuf decoder also produces. Spans themselves are checked one by one (otlpSpanToEvent), so that a
// bad span is rejected alone (partial_success) instead of the whole export.
const keyValue = z.object({ key: z.string().max(4096), value: z.unknown().optional() });
const spanContainer = z.object({ spans: z.array(z.unknown()).optional() });

export const otlpTraceRequestSchema = z.object({
  resourceSpans: z
    .array(
      z.object({
        resource: z.object({ attributes: z.array(keyValue).max(10_000).optional() }).nullish(),
        scopeSpans: z.array(spanContainer).optional(),
        // The pre-1.0 name of scopeSpans, still sent by old SDKs.
        instrumentationLibrarySpans: z.array(spanContainer).optional(),
      }),
    )
    .optional(),
});

export type OtlpTraceRequest = z.infer<typeof otlpTraceRequestSchema>;
