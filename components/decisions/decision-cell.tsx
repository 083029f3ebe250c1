"use client";
import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger } from "@/components/ui/dialog";
import { RelativeTime } from "@/components/ui/relative-time";
import { ACTION_LABELS, type PolicyAction } from "@/lib/domain/policies/types";
import { fetchJson } from "@/lib/query/fetch-json";
import type { DependencyDecisionView } from "@/lib/server/dal/applications";
import type { DecisionChangeView } from "@/lib/server/policies/store";
import { DecisionBadge } from "./decision-badge";

const MODE_LABELS: Record<string, string> = { enforce: "enforced policy", default: "default action (no policy matched)", exception: "exception" };

/** The day an exception ends, as the store wrote it (UTC), so server and client render the same text. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

/** The line under the badge: the exception's end, "default", or the deciding policy (a link to the policies). */
function DecisionSource({ decision }: { decision: DependencyDecisionView }) {
  if (decision.mode === "exception" && decision.exception) return <span className="whitespace-nowrap text-xs text-muted-foreground">Exception until {day(decision.exception.expiresAt)}</span>;
  if (decision.mode === "default" || !decision.policyName) return <span className="text-xs text-muted-foreground">default</span>;
  return (
    <Link href="/policies" className="block max-w-52 truncate text-xs text-primary hover:underline" title={decision.policyName}>
      {decision.policyName}
    </Link>
  );
}

function History({ dependencyId }: { dependencyId: string }) {
  // Fetched when the dialog opens (and again on every opening), so it shows a change made a moment ago.
  const result = useQuery({
    queryKey: ["decision-history", dependencyId],
    queryFn: () => fetchJson<{ changes: DecisionChangeView[] }>(`/api/v1/decisions/history?dependency=${encodeURIComponent(dependencyId)}&limit=50`),
    staleTime: 0,
  });
  if (result.isPending) return <p className="text-sm text-muted-foreground">Loading the history…</p>;
  if (result.isError) return <p role="alert" className="text-sm text-danger-foreground">{result.error.message}</p>;
  const changes = result.data.changes;
  if (!changes.length) return <p className="text-sm text-muted-foreground">No change recorded yet.</p>;
  return (
    <ol className="space-y-2" aria-label="Decision changes, newest first">
      {changes.map((c) => (
        <li key={c.id} className="rounded-md border p-2 text-sm" data-testid="decision-change">
          <div className="flex flex-wrap items-center gap-1.5">
            {c.from ? <DecisionBadge action={c.from} /> : <span className="text-xs text-muted-foreground">first decision</span>}
            <span aria-hidden="true">→</span>
            <span className="sr-only">to</span>
            <DecisionBadge action={c.to} />
            <RelativeTime value={c.at} className="ml-auto text-xs text-muted-foreground" />
          </div>
          <p className="mt-1 text-xs text-muted-foreground">
            {c.policy ? <>Policy “{c.policy}” · </> : null}
            {MODE_LABELS[c.mode] ?? c.mode} · cause: {c.cause}
          </p>
          <p className="mt-0.5 text-xs">{c.reason}</p>
        </li>
      ))}
    </ol>
  );
}

/**
 * A dependency's current decision: the badge (the reason on hover), where it comes from, and a
 * dialog with the reason, what monitor-mode policies would do, and the decision history.
 */
export function DecisionCell({ dependencyId, target, decision }: { dependencyId: string; target: string; decision: DependencyDecisionView | null }) {
  const [open, setOpen] = useState(false);
  if (!decision) return <span className="text-xs text-muted-foreground">Not evaluated yet</span>;
  return (
    <div className="flex flex-col items-start gap-0.5">
      <Dialog open={open} onOpenChange={setOpen}>
        <DialogTrigger asChild>
          <button type="button" className="rounded-md focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring" title={decision.reason} aria-label={`${target}: ${ACTION_LABELS[decision.action]}. Show the reason and the decision history`}>
            <DecisionBadge action={decision.action} />
          </button>
        </DialogTrigger>
        <DialogContent className="sm:max-w-2xl">
          <DialogHeader>
            <DialogTitle>Decision for {target}</DialogTitle>
            <DialogDescription>What the connectivity policies decide for this dependency now, and every change with its cause.</DialogDescription>
          </DialogHeader>
          <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
            <dt className="text-muted-foreground">Decision</dt>
            <dd>
              <DecisionBadge action={decision.action} />
            </dd>
            <dt className="text-muted-foreground">Decided by</dt>
            <dd>
              {decision.policyName ? (
                <>
                  <Link href="/policies" className="text-primary hover:underline">
                    {decision.policyName}
                  </Link>{" "}
                  <span className="text-muted-foreground">({MODE_LABELS[decision.mode] ?? decision.mode})</span>
                </>
              ) : (
                (MODE_LABELS[decision.mode] ?? decision.mode)
              )}
            </dd>
            {decision.exception && (
              <>
                <dt className="text-muted-foreground">Exception</dt>
                <dd>
                  {decision.exception.owner}, until {day(decision.exception.expiresAt)}
                  {decision.overridden && <> (without it: {ACTION_LABELS[decision.overridden].toLowerCase()})</>}
                </dd>
              </>
            )}
            <dt className="text-muted-foreground">Reason</dt>
            <dd>{decision.reason}</dd>
            {decision.monitored.length > 0 && (
              <>
                <dt className="text-muted-foreground">Monitoring</dt>
                <dd>{decision.monitored.map((m) => `“${m.policy}” would ${ACTION_LABELS[m.action as PolicyAction].toLowerCase()}`).join("; ")}</dd>
              </>
            )}
            <dt className="text-muted-foreground">Since</dt>
            <dd>
              <RelativeTime value={decision.since} />
            </dd>
          </dl>
          <section aria-labelledby={`history-${dependencyId}`}>
            <h3 id={`history-${dependencyId}`} className="mb-2 text-sm font-semibold">
              Decision history
            </h3>
            <History dependencyId={dependencyId} />
          </section>
        </DialogContent>
      </Dialog>
      <DecisionSource decision={decision} />
    </div>
  );
}
