import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { FindingActions } from "@/components/findings/finding-actions";
import { FindingEvidence } from "@/components/findings/finding-evidence";
import { FindingComments, FindingHistory, RiskAcceptances } from "@/components/findings/finding-history";
import { SlaStatus } from "@/components/findings/sla-status";
import { FindingStateBadge } from "@/components/findings/state-badge";
import { expiryBounds } from "@/components/findings/expiry";
import { PageHeader } from "@/components/layout/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { SEVERITY_LABELS, SeverityBadge } from "@/components/ui/severity-badge";
import { KIND_LABELS } from "@/lib/domain/triage/kinds";
import { owaspLabel } from "@/lib/domain/triage/owasp";
import { DEFAULT_ACCEPTANCE_DAYS, MAX_ACCEPTANCE_DAYS, NOT_AFFECTED_LABELS, STATE_LABELS, type NotAffectedJustification } from "@/lib/domain/triage/states";
import { requirePageAccess, type SessionActor } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { getFinding, listAssignableUsers, type FindingDetail } from "@/lib/server/dal/findings";
import { NotFoundError } from "@/lib/validation/errors";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Finding" };

async function load(actor: SessionActor, id: string): Promise<FindingDetail | null> {
  try {
    return await getFinding(await getDb(), actor, id);
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
}

/** Why the finding is in its state, in words: the false-positive text, the not-affected reason, or the accepted risk's decision. */
function stateReason(f: FindingDetail): string | null {
  if (!f.justification) return null;
  if (f.status === "not_affected") return NOT_AFFECTED_LABELS[f.justification as NotAffectedJustification] ?? f.justification;
  if (f.status === "false_positive" || f.status === "risk_accepted") return f.justification;
  return null;
}

export default async function FindingPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requirePageAccess("/findings/[id]");
  const id = (await params).id.slice(0, 64);
  const finding = await load(actor, id);
  if (!finding) notFound();
  const assignees = finding.allowed.triage ? await listAssignableUsers(await getDb(), actor) : [];
  const reason = stateReason(finding);
  const endpointHref = finding.endpoint && finding.app ? `/inventory?${new URLSearchParams({ app: finding.app.slug, q: finding.endpoint.path })}` : null;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-foreground">
        <Link href="/findings" className="hover:underline">
          Findings
        </Link>{" "}
        / {KIND_LABELS[finding.kind]}
      </nav>
      <PageHeader
        title={finding.title}
        description={
          <span className="mt-1 flex flex-wrap items-center gap-2">
            <SeverityBadge severity={finding.severity} />
            <FindingStateBadge state={finding.status} />
            {finding.severityOverridden && finding.detectedSeverity && finding.detectedSeverity !== finding.severity && (
              <span>
                Overridden from {SEVERITY_LABELS[finding.detectedSeverity]}
                {finding.severityReason ? `: ${finding.severityReason}` : ""}
              </span>
            )}
          </span>
        }
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="space-y-6">
          <Card>
            <CardHeader>
              <CardTitle as="h2">Summary</CardTitle>
            </CardHeader>
            <CardContent className="pb-4">
              <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[minmax(8rem,max-content)_1fr]">
                <dt className="font-medium text-muted-foreground">State</dt>
                <dd>
                  {STATE_LABELS[finding.status]}
                  {reason && <span className="text-muted-foreground"> ({reason})</span>}
                  {finding.status === "risk_accepted" && finding.acceptedUntil && <span className="text-muted-foreground">, accepted until {finding.acceptedUntil.slice(0, 10)}</span>}
                </dd>
                <dt className="font-medium text-muted-foreground">SLA</dt>
                <dd>
                  <SlaStatus sla={finding.sla} />
                </dd>
                <dt className="font-medium text-muted-foreground">Kind</dt>
                <dd>{KIND_LABELS[finding.kind]}</dd>
                <dt className="font-medium text-muted-foreground">OWASP API Top 10</dt>
                <dd>{owaspLabel(finding.owasp)}</dd>
                <dt className="font-medium text-muted-foreground">Application</dt>
                <dd>
                  {finding.app ? (
                    <Link href={`/applications/${finding.app.slug}`} className="text-primary hover:underline">
                      {finding.app.name}
                    </Link>
                  ) : (
                    <span className="text-muted-foreground">None</span>
                  )}
                </dd>
                <dt className="font-medium text-muted-foreground">Provider</dt>
                <dd>
                  {finding.provider ? (
                    <Link href={`/providers/${finding.provider.slug}`} className="text-primary hover:underline">
                      {finding.provider.name}
                    </Link>
                  ) : (
                    <span className="text-muted-foreground">None</span>
                  )}
                </dd>
                <dt className="font-medium text-muted-foreground">Endpoint</dt>
                <dd>
                  {finding.endpoint ? (
                    endpointHref ? (
                      <Link href={endpointHref} className="break-all font-mono text-xs text-primary hover:underline">
                        {finding.endpoint.method} {finding.endpoint.path}
                      </Link>
                    ) : (
                      <span className="break-all font-mono text-xs">
                        {finding.endpoint.method} {finding.endpoint.path}
                      </span>
                    )
                  ) : (
                    <span className="text-muted-foreground">None</span>
                  )}
                </dd>
                <dt className="font-medium text-muted-foreground">Assignee</dt>
                <dd>{finding.assignee ? finding.assignee.name : <span className="text-muted-foreground">Unassigned</span>}</dd>
              </dl>
            </CardContent>
          </Card>
          <FindingEvidence finding={finding} />
          <FindingHistory history={finding.history} />
        </div>
        <div className="space-y-6">
          {finding.allowed.triage && (
            <FindingActions
              id={finding.id}
              version={finding.version}
              severity={finding.severity}
              assigneeId={finding.assignee?.id ?? null}
              transitions={finding.allowed.transitions}
              assignees={assignees}
              expiry={expiryBounds(new Date(), DEFAULT_ACCEPTANCE_DAYS, MAX_ACCEPTANCE_DAYS)}
            />
          )}
          <RiskAcceptances acceptances={finding.acceptances} />
          <FindingComments comments={finding.comments} />
        </div>
      </div>
    </>
  );
}
