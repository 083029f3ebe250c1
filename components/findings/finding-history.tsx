import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { RelativeTime } from "@/components/ui/relative-time";
import { SEVERITY_LABELS, type Severity } from "@/components/ui/severity-badge";
import { STATE_LABELS, type FindingState } from "@/lib/domain/triage/states";
import type { FindingDetail, FindingHistoryEntry } from "@/lib/server/dal/findings";

const EVENT_LABELS: Record<string, string> = {
  detected: "Detected",
  state: "State changed",
  reopened: "Reopened",
  assignee: "Assignee changed",
  severity: "Severity changed",
  comment: "Comment",
};

function stateLabel(s: string | null): string {
  return s && s in STATE_LABELS ? STATE_LABELS[s as FindingState] : (s ?? "none");
}

function severityLabel(s: string | null): string {
  return s && s in SEVERITY_LABELS ? SEVERITY_LABELS[s as Severity] : (s ?? "none");
}

/** "Open → In triage" for state moves, "High → Medium" for severity; nothing for events that move nothing. */
function change(entry: FindingHistoryEntry): string | null {
  if (entry.event === "severity") return `${severityLabel(entry.fromValue)} → ${severityLabel(entry.toValue)}`;
  if (entry.event === "assignee" || entry.event === "comment") return null;
  if (entry.fromStatus === null) return stateLabel(entry.toStatus);
  return entry.fromStatus === entry.toStatus ? null : `${stateLabel(entry.fromStatus)} → ${stateLabel(entry.toStatus)}`;
}

/** Every change of the finding, newest first: event, from → to, who, when, justification. */
export function FindingHistory({ history }: { history: FindingHistoryEntry[] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">History</CardTitle>
        <CardDescription>Every change, newest first; the same entries are in the audit log.</CardDescription>
      </CardHeader>
      <CardContent className="pb-4">
        {history.length === 0 ? (
          <p className="text-sm text-muted-foreground">No changes recorded.</p>
        ) : (
          <ol className="relative space-y-4 border-l pl-4">
            {history.map((h) => {
              const moved = change(h);
              return (
                <li key={h.id} className="relative text-sm">
                  <span aria-hidden className="absolute -left-[1.3rem] top-1.5 size-2 rounded-full bg-primary" />
                  <div className="flex flex-wrap items-baseline gap-x-2">
                    <span className="font-medium">{EVENT_LABELS[h.event] ?? h.event}</span>
                    {moved && <span>{moved}</span>}
                  </div>
                  <div className="text-xs text-muted-foreground">
                    by {h.by}, <RelativeTime value={h.at} />
                  </div>
                  {h.justification && <p className="mt-1 whitespace-pre-wrap break-words text-muted-foreground">{h.justification}</p>}
                </li>
              );
            })}
          </ol>
        )}
      </CardContent>
    </Card>
  );
}

export function FindingComments({ comments }: { comments: FindingDetail["comments"] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Comments</CardTitle>
      </CardHeader>
      <CardContent className="pb-4">
        {comments.length === 0 ? (
          <p className="text-sm text-muted-foreground">No comments yet.</p>
        ) : (
          <ul className="space-y-3">
            {comments.map((c) => (
              <li key={c.id} className="rounded-md border bg-muted/30 p-3 text-sm">
                <div className="mb-1 text-xs text-muted-foreground">
                  <span className="font-medium text-foreground">{c.author}</span>, <RelativeTime value={c.at} />
                </div>
                <p className="whitespace-pre-wrap break-words">{c.body}</p>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

/** Risk acceptances of the finding, current first: owner, decision, compensating controls, expiry, and how each ended. */
export function RiskAcceptances({ acceptances }: { acceptances: FindingDetail["acceptances"] }) {
  return (
    <Card>
      <CardHeader>
        <CardTitle as="h2">Risk acceptances</CardTitle>
        <CardDescription>An accepted risk expires (at most one year); the finding then reopens.</CardDescription>
      </CardHeader>
      <CardContent className="pb-4">
        {acceptances.length === 0 ? (
          <p className="text-sm text-muted-foreground">The risk of this finding was never accepted.</p>
        ) : (
          <ul className="space-y-3">
            {acceptances.map((a) => (
              <li key={a.id} className="rounded-md border p-3 text-sm">
                <div className="mb-2 flex flex-wrap items-center gap-2">
                  <span className={a.endedAt ? "rounded border px-1.5 text-xs text-muted-foreground" : "rounded border border-violet-300 bg-violet-100 px-1.5 text-xs font-medium text-violet-900"}>
                    {a.endedAt ? "Ended" : "Current"}
                  </span>
                  <span className="text-xs text-muted-foreground">
                    by {a.by ?? "unknown"}, <RelativeTime value={a.at} />
                  </span>
                </div>
                <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1">
                  <dt className="font-medium text-muted-foreground">Owner</dt>
                  <dd className="break-words">{a.owner}</dd>
                  <dt className="font-medium text-muted-foreground">Decision</dt>
                  <dd className="whitespace-pre-wrap break-words">{a.decision}</dd>
                  <dt className="font-medium text-muted-foreground">Compensating controls</dt>
                  <dd className="whitespace-pre-wrap break-words">{a.compensatingControls}</dd>
                  <dt className="font-medium text-muted-foreground">Expires</dt>
                  <dd>
                    <time dateTime={a.expiresAt}>{a.expiresAt.slice(0, 10)}</time> (<RelativeTime value={a.expiresAt} />)
                  </dd>
                  {a.endedAt && (
                    <>
                      <dt className="font-medium text-muted-foreground">Ended</dt>
                      <dd>
                        <RelativeTime value={a.endedAt} />
                        {a.endReason && `: ${a.endReason}`}
                      </dd>
                    </>
                  )}
                </dl>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
