// What the OTLP receiver keeps of a trace export: the HTTP spans, grouped by the application they belong
// to (the resource's `service.name`, mapped to an application slug as the CLI names applications), each
// reduced to the fields the traffic parser reads; and the spans it refuses, counted with why, for the
// response's partial_success. Spans that are not HTTP server or client spans are accepted and dropped.
import { otlpSpanToEvent } from "./traffic/otlp";

interface SpanGroup {
  spans?: unknown[];
}

/** An ExportTraceServiceRequest in its OTLP/JSON shape (validated by lib/validation/otlp.ts). */
export interface OtlpExport {
  resourceSpans?: { resource?: { attributes?: { key: string; value?: unknown }[] } | null; scopeSpans?: SpanGroup[]; instrumentationLibrarySpans?: SpanGroup[] }[];
}

export interface QueuedService {
  serviceName: string;
  appSlug: string;
  /** Each span as OTLP/JSON, reduced to kind, attributes and times. */
  spans: string[];
}

export interface SplitExport {
  services: QueuedService[];
  /** Spans received: queued + dropped as not HTTP + rejected. */
  received: number;
  queued: number;
  rejected: number;
  /** Why the first rejected span was rejected, with the count (null when none was). */
  errorMessage: string | null;
}

const MAX_SLUG = 63;

/** service.name → application slug: lower case, runs of anything else than letters and digits become one dash. */
export function serviceSlug(serviceName: string): string {
  const slug = serviceName
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, MAX_SLUG)
    .replace(/-+$/, "");
  return slug || "unknown-service";
}

type Obj = Record<string, unknown>;

function serviceNameOf(resource: { attributes?: { key: string; value?: unknown }[] } | null | undefined): string | null {
  for (const attr of resource?.attributes ?? []) {
    if (attr.key !== "service.name") continue;
    const value = attr.value as Obj | undefined;
    return typeof value?.stringValue === "string" && value.stringValue.trim() !== "" ? value.stringValue.trim() : null;
  }
  return null;
}

/** The span with only what the traffic parser reads (the rest, events and links especially, is dropped). */
function reduced(span: Obj): string {
  return JSON.stringify({ kind: span.kind, attributes: span.attributes, startTimeUnixNano: span.startTimeUnixNano, endTimeUnixNano: span.endTimeUnixNano });
}

export function splitExport(request: OtlpExport): SplitExport {
  const byService = new Map<string, QueuedService>();
  let received = 0;
  let queued = 0;
  let rejected = 0;
  let firstReason: string | null = null;
  const reject = (count: number, reason: string) => {
    rejected += count;
    firstReason ??= reason;
  };
  (request.resourceSpans ?? []).forEach((resourceSpans, r) => {
    const groups = [...(resourceSpans.scopeSpans ?? []), ...(resourceSpans.instrumentationLibrarySpans ?? [])];
    const count = groups.reduce((n, g) => n + (g.spans?.length ?? 0), 0);
    received += count;
    if (count === 0) return;
    const serviceName = serviceNameOf(resourceSpans.resource);
    if (serviceName === null) return reject(count, `resourceSpans[${r}]: the resource has no service.name attribute, which names the application`);
    const appSlug = serviceSlug(serviceName);
    let service = byService.get(serviceName);
    groups.forEach((group, s) => {
      (group.spans ?? []).forEach((span, i) => {
        const location = `resourceSpans[${r}].scopeSpans[${s}].spans[${i}]`;
        const result = otlpSpanToEvent(span, location);
        if (result === null) return;
        if (!("direction" in result)) return reject(1, `${result.location}: ${result.reason}`);
        if (!service) byService.set(serviceName, (service = { serviceName, appSlug, spans: [] }));
        service.spans.push(reduced(span as Obj));
        queued++;
      });
    });
  });
  return {
    services: [...byService.values()],
    received,
    queued,
    rejected,
    errorMessage: firstReason === null ? null : `${rejected} span(s) rejected; the first: ${firstReason}`,
  };
}
