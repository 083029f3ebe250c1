"use client";
import Link from "next/link";
import { RelativeTime } from "@/components/ui/relative-time";
import type { EndpointRow } from "@/lib/server/dal/endpoints";
import { ENDPOINT_STATUS_META } from "./endpoint-status-badge";

/** "Explain, don't assert": the rule behind a status and the observation it rests on, one click away. */
export function EndpointWhy({ endpoint }: { endpoint: EndpointRow }) {
  const label = ENDPOINT_STATUS_META[endpoint.status].label.toLowerCase();
  return (
    <details className="group mt-0.5 text-xs">
      <summary className="w-fit cursor-pointer text-primary hover:underline">
        Why {label}?<span className="sr-only"> {endpoint.method} {endpoint.path}</span>
      </summary>
      <div className="mt-1.5 grid max-w-xl gap-1.5 rounded-md border bg-muted/60 p-2.5 text-foreground">
        <p>
          <span className="font-medium">Rule: </span>
          {endpoint.statusRule ?? "Not classified yet."}{" "}
          <Link href={`/discovery-rules#${endpoint.status}`} className="text-primary underline">
            About {label} endpoints
          </Link>
        </p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
          <dt className="text-muted-foreground">Source</dt>
          <dd>{endpoint.api ? `API ${endpoint.api} (its spec has this path)` : "Traffic only: no spec of this application has this path"}</dd>
          <dt className="text-muted-foreground">Calls</dt>
          <dd className="tabular-nums">{endpoint.calls.toLocaleString("en")}</dd>
          <dt className="text-muted-foreground">First seen</dt>
          <dd>
            <RelativeTime value={endpoint.firstSeen} />
          </dd>
          <dt className="text-muted-foreground">Last seen</dt>
          <dd>
            <RelativeTime value={endpoint.lastSeen} />
          </dd>
          {endpoint.inferred && (
            <>
              <dt className="text-muted-foreground">Template</dt>
              <dd>
                Inferred from traffic
                {endpoint.confidence !== null && <>, confidence {Math.round(endpoint.confidence * 100)}%</>}
              </dd>
            </>
          )}
        </dl>
        {endpoint.reasons.length > 0 && (
          <div>
            <p className="font-medium">Why segments became parameters</p>
            <ul className="ml-4 list-disc">
              {endpoint.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          </div>
        )}
        {endpoint.samples.length > 0 && (
          <div>
            <p className="font-medium">Sample paths seen</p>
            <ul className="ml-4 list-disc font-mono">
              {endpoint.samples.map((s) => (
                <li key={s} className="break-all">
                  {s}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
    </details>
  );
}
