import type { ReactNode } from "react";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import type { FindingDetail } from "@/lib/server/dal/findings";

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const MAX_DEPTH = 3;
const MAX_ITEMS = 50;

const ACRONYMS = new Set(["api", "cve", "cvss", "epss", "http", "https", "id", "ip", "kev", "sbom", "sdk", "sla", "tls", "url"]);

// Keys whose plain reading would mislead: a provider detection's signal `observedAt` is when Sibyl recorded the
// evidence, beside the probe's own `probedAt` (the provider page words them the same way).
const LABELS: Record<string, string> = { observedAt: "Recorded at", probedAt: "Probed at" };

/** "signalSource" / "signal_source" → "Signal source"; "apiUrl" → "API URL". */
export function humanizeKey(key: string): string {
  if (Object.hasOwn(LABELS, key)) return LABELS[key];
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .map((w) => (ACRONYMS.has(w) ? w.toUpperCase() : w));
  const text = words.join(" ");
  return text ? text[0].toUpperCase() + text.slice(1) : key;
}

/** One evidence value as text (React escapes it): times get a relative reading, nested objects a nested list. */
function EvidenceValue({ value, depth }: { value: unknown; depth: number }): ReactNode {
  if (value === null || value === undefined || value === "") return <span className="text-muted-foreground">None</span>;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (typeof value === "number") return <span className="tabular-nums">{value.toLocaleString("en")}</span>;
  if (typeof value === "string") {
    if (ISO_TIME.test(value)) {
      return (
        <span>
          <RelativeTime value={value} /> <span className="text-xs text-muted-foreground">({value})</span>
        </span>
      );
    }
    return <span className="whitespace-pre-wrap break-words">{value}</span>;
  }
  if (depth >= MAX_DEPTH) return <code className="break-all text-xs">{JSON.stringify(value)}</code>;
  if (Array.isArray(value)) {
    if (!value.length) return <span className="text-muted-foreground">None</span>;
    return (
      <ul className="list-disc space-y-0.5 pl-4">
        {value.slice(0, MAX_ITEMS).map((item, i) => (
          <li key={i}>
            <EvidenceValue value={item} depth={depth + 1} />
          </li>
        ))}
        {value.length > MAX_ITEMS && <li className="text-muted-foreground">and {(value.length - MAX_ITEMS).toLocaleString("en")} more</li>}
      </ul>
    );
  }
  if (typeof value === "object") return <EvidenceList detail={value as Record<string, unknown>} depth={depth + 1} />;
  return String(value);
}

function EvidenceList({ detail, depth }: { detail: Record<string, unknown>; depth: number }) {
  const entries = Object.entries(detail);
  return (
    <dl className={depth === 0 ? "grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[minmax(8rem,max-content)_1fr]" : "grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 rounded-md border bg-muted/30 p-2 text-sm"}>
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="font-medium text-muted-foreground" title={key}>
            {humanizeKey(key)}
          </dt>
          <dd className="min-w-0">
            <EvidenceValue value={value} depth={depth} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** What the detector saw: the finding's `detail`, plus first/last seen, samples, detector and the ingest run. */
export function FindingEvidence({ finding }: { finding: FindingDetail }) {
  const { detector, ...rest } = finding.detail;
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Evidence</CardTitle>
        <CardDescription>The observation behind this finding, as the detector recorded it.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4 pb-4">
        <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[minmax(8rem,max-content)_1fr]">
          <dt className="font-medium text-muted-foreground">First seen</dt>
          <dd>
            <RelativeTime value={finding.firstSeen} />
          </dd>
          <dt className="font-medium text-muted-foreground">Last seen</dt>
          <dd>
            <RelativeTime value={finding.lastSeen} />
          </dd>
          <dt className="font-medium text-muted-foreground">Samples</dt>
          <dd className="tabular-nums">{finding.sampleCount.toLocaleString("en")}</dd>
          <dt className="font-medium text-muted-foreground">Detector</dt>
          <dd>{typeof detector === "string" && detector ? detector : <span className="text-muted-foreground">Not recorded</span>}</dd>
          <dt className="font-medium text-muted-foreground">Ingest run</dt>
          <dd>
            {finding.ingestRun ? (
              <Link href={`/ingest/runs/${finding.ingestRun.id}`} className="text-primary hover:underline">
                {finding.ingestRun.sourceName}
              </Link>
            ) : (
              <span className="text-muted-foreground">None (detected by scoring or discovery)</span>
            )}
            {finding.ingestRun && (
              <>
                {" "}
                <span className="text-muted-foreground">
                  (<RelativeTime value={finding.ingestRun.startedAt} />)
                </span>
              </>
            )}
          </dd>
        </dl>
        {Object.keys(rest).length > 0 ? (
          <div className="border-t pt-4">
            <EvidenceList detail={rest} depth={0} />
          </div>
        ) : (
          <p className="text-sm text-muted-foreground">The detector recorded no further detail.</p>
        )}
      </CardContent>
    </Card>
  );
}
