import Link from "next/link";
import type { IngestRunSummary } from "@/lib/server/ingest/runs";
import { RunStatusBadge } from "./run-status-badge";

const SHOWN_ERRORS = 5;

/** What one ingest did: status, counts, notes and its first errors, with links to the run and the inventory. */
export function RunSummary({ summary }: { summary: IngestRunSummary }) {
  const counts: [string, number][] = [
    ["Read", summary.recordsRead],
    ["Accepted", summary.recordsAccepted],
    ["Rejected", summary.recordsRejected],
    ["New endpoints", summary.newEndpoints],
    ["New dependencies", summary.newDependencies],
  ];
  return (
    <div className="grid gap-2" data-testid="run-summary">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <RunStatusBadge status={summary.status} />
        <span className="text-muted-foreground">
          {summary.kind}
          {summary.format && summary.format !== "auto" && summary.format !== summary.kind ? ` (${summary.format})` : ""}
          {summary.application ? ` for ${summary.application}` : ""}
        </span>
        <Link href={`/ingest/runs/${summary.id}`} className="ml-auto font-medium text-primary underline">
          View run
        </Link>
        {summary.application && summary.status !== "failed" && (
          <Link href={`/inventory?app=${encodeURIComponent(summary.application)}`} className="font-medium text-primary underline">
            Open inventory
          </Link>
        )}
      </div>
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-5">
        {counts.map(([label, value]) => (
          <div key={label} className="rounded-md border bg-card px-2.5 py-1.5">
            <dt className="text-xs text-muted-foreground">{label}</dt>
            <dd className="font-semibold tabular-nums">{value.toLocaleString("en")}</dd>
          </div>
        ))}
      </dl>
      {summary.notes.length > 0 && (
        <ul className="ml-4 list-disc text-sm">
          {summary.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
      {summary.errors.length > 0 && (
        <div className="text-sm">
          <p className="font-medium">
            {summary.errorCount.toLocaleString("en")} {summary.errorCount === 1 ? "problem" : "problems"}
            {summary.errorCount > SHOWN_ERRORS ? `; the first ${SHOWN_ERRORS}:` : ":"}
          </p>
          <ul className="mt-1 grid gap-0.5">
            {summary.errors.slice(0, SHOWN_ERRORS).map((e, i) => (
              <li key={`${e.location}-${i}`} className="break-words">
                <code className="rounded bg-muted px-1 text-xs">{e.location}</code> {e.reason}
              </li>
            ))}
          </ul>
          {summary.errorCount > SHOWN_ERRORS && (
            <Link href={`/ingest/runs/${summary.id}`} className="text-primary underline">
              See every problem on the run page
            </Link>
          )}
        </div>
      )}
    </div>
  );
}
