import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { SeverityBadge, type Severity } from "@/components/ui/severity-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ATTESTATION_LABELS, type AttestationKind } from "@/lib/domain/scoring/analyst-factors";
import { FACTORS, type FactorName } from "@/lib/domain/scoring/types";
import { factorLabel } from "./format";
import { ClearOverrideButton } from "./reputation-forms";

export interface AttestationRecord {
  id: string;
  kind: string;
  issuedOn: string | null;
  expiresOn: string;
  evidenceUrl: string | null;
  note: string | null;
  by: string | null;
  at: string;
}

export interface IncidentRecord {
  id: string;
  occurredOn: string;
  severity: string;
  breach: boolean;
  description: string;
  sourceUrl: string | null;
  by: string | null;
}

export interface OverrideRecord {
  factor: string;
  subscore: number | null;
  justification: string | null;
  at: string;
  by: string | null;
}

const SEVERITIES = new Set(["critical", "high", "medium", "low"]);
const safeUrl = (url: string | null) => (url && /^https?:\/\//i.test(url) ? url : null);
const isFactor = (f: string): f is FactorName => (FACTORS as readonly string[]).includes(f);

function ExternalLink({ href, children }: { href: string | null; children: React.ReactNode }) {
  const url = safeUrl(href);
  if (!url) return <span className="text-muted-foreground">—</span>;
  return (
    <a href={url} rel="noopener noreferrer nofollow" target="_blank" className="text-primary underline underline-offset-2">
      {children}
    </a>
  );
}

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="rounded-md border border-dashed bg-card px-3 py-4 text-sm text-muted-foreground">{children}</p>;
}

export function AttestationsList({ attestations, today }: { attestations: AttestationRecord[]; today: string }) {
  return (
    <section aria-labelledby="attestations-heading" className="space-y-2">
      <h3 id="attestations-heading" className="text-base font-semibold">
        Attestations ({attestations.length})
      </h3>
      {attestations.length === 0 ? (
        <Empty>No attestation recorded. A current SOC 2 Type II, ISO/IEC 27001 or PCI DSS attestation raises the compliance factor.</Empty>
      ) : (
        <div className="rounded-md border bg-card">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Attestation</TableHead>
                <TableHead>Issued</TableHead>
                <TableHead>Expires</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Evidence</TableHead>
                <TableHead>Justification</TableHead>
                <TableHead>Recorded</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {attestations.map((a) => {
                const valid = a.expiresOn >= today;
                return (
                  <TableRow key={a.id} data-testid="attestation-row">
                    <TableCell className="font-medium">{ATTESTATION_LABELS[a.kind as AttestationKind] ?? a.kind}</TableCell>
                    <TableCell>{a.issuedOn ?? "—"}</TableCell>
                    <TableCell>{a.expiresOn}</TableCell>
                    <TableCell>
                      <Badge variant={valid ? "success" : "destructive"}>{valid ? "Valid" : "Expired"}</Badge>
                    </TableCell>
                    <TableCell>
                      <ExternalLink href={a.evidenceUrl}>report</ExternalLink>
                    </TableCell>
                    <TableCell className="max-w-xs text-sm">{a.note ?? "—"}</TableCell>
                    <TableCell className="text-sm">
                      <RelativeTime value={a.at} />
                      {a.by && <span className="block text-xs text-muted-foreground">{a.by}</span>}
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

export function IncidentsList({ incidents }: { incidents: IncidentRecord[] }) {
  return (
    <section aria-labelledby="incidents-heading" className="space-y-2">
      <h3 id="incidents-heading" className="text-base font-semibold">
        Incidents ({incidents.length})
      </h3>
      {incidents.length === 0 ? (
        <Empty>No incident recorded for this provider.</Empty>
      ) : (
        <div className="rounded-md border bg-card">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Date</TableHead>
                <TableHead>Severity</TableHead>
                <TableHead>Breach</TableHead>
                <TableHead>Description</TableHead>
                <TableHead>Source</TableHead>
                <TableHead>Recorded by</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {incidents.map((i) => (
                <TableRow key={i.id} data-testid="incident-row">
                  <TableCell className="whitespace-nowrap">{i.occurredOn.slice(0, 10)}</TableCell>
                  <TableCell>{SEVERITIES.has(i.severity) ? <SeverityBadge severity={i.severity as Severity} /> : i.severity}</TableCell>
                  <TableCell>{i.breach ? <Badge variant="destructive">Breach</Badge> : "No"}</TableCell>
                  <TableCell className="max-w-md text-sm">{i.description}</TableCell>
                  <TableCell>
                    <ExternalLink href={i.sourceUrl}>source</ExternalLink>
                  </TableCell>
                  <TableCell className="text-sm">{i.by ?? <span className="text-muted-foreground">—</span>}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

export function OverridesList({ overrides, slug, canWrite }: { overrides: OverrideRecord[]; slug: string; canWrite: boolean }) {
  return (
    <section aria-labelledby="overrides-heading" className="space-y-2">
      <h3 id="overrides-heading" className="text-base font-semibold">
        Active overrides ({overrides.length})
      </h3>
      {overrides.length === 0 ? (
        <Empty>No factor is overridden: every subscore is as measured.</Empty>
      ) : (
        <div className="rounded-md border bg-card">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Factor</TableHead>
                <TableHead className="text-right">Subscore</TableHead>
                <TableHead>Justification</TableHead>
                <TableHead>Recorded</TableHead>
                {canWrite && <TableHead>Actions</TableHead>}
              </TableRow>
            </TableHeader>
            <TableBody>
              {overrides.map((o) => (
                <TableRow key={o.factor} data-testid="override-row">
                  <TableCell className="font-medium">{factorLabel(o.factor)}</TableCell>
                  <TableCell className="text-right tabular-nums">{o.subscore ?? "—"}</TableCell>
                  <TableCell className="max-w-md text-sm">{o.justification ?? "—"}</TableCell>
                  <TableCell className="text-sm">
                    <RelativeTime value={o.at} />
                    {o.by && <span className="block text-xs text-muted-foreground">{o.by}</span>}
                  </TableCell>
                  {canWrite && <TableCell>{isFactor(o.factor) && <ClearOverrideButton slug={slug} factor={o.factor} />}</TableCell>}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
