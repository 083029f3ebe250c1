import { Badge } from "@/components/ui/badge";
import { SeverityBadge, type Severity } from "@/components/ui/severity-badge";
import { ATTESTATION_LABELS, AUTH_STRENGTH, type AttestationKind, type AuthMethod } from "@/lib/domain/scoring/analyst-factors";
import { AUTH_METHOD_LABELS } from "../format";
import { EvidenceHeading, Facts, MiniTable, YesNo } from "./parts";
import { arr, bool, day, num, rec, str, type Rec } from "./read";


const SEVERITIES = new Set(["critical", "high", "medium", "low", "info"]);
const asSeverity = (v: unknown): Severity | null => (typeof v === "string" && SEVERITIES.has(v) ? (v as Severity) : null);

export function AuthenticationEvidence({ evidence }: { evidence: Rec }) {
  const methods = arr(evidence.methods).map(str).filter((m): m is AuthMethod => m !== null && m in AUTH_STRENGTH);
  return (
    <div className="space-y-1">
      <EvidenceHeading>Methods accepted</EvidenceHeading>
      <ul className="list-disc pl-5 text-sm">
        {methods.map((m) => (
          <li key={m}>
            {AUTH_METHOD_LABELS[m]} <span className="text-muted-foreground">(strength {AUTH_STRENGTH[m]})</span>
          </li>
        ))}
      </ul>
      <Facts
        className="mt-2"
        rows={[
          ["Strongest / weakest", num(evidence.strongest) !== null ? `${num(evidence.strongest)} / ${num(evidence.weakest)}` : null],
          ["Short-lived tokens", <YesNo key="s" value={bool(evidence.shortLivedTokens) ?? false} />],
          ["Key rotation", <YesNo key="k" value={bool(evidence.keyRotation) ?? false} />],
          ["Source", str(evidence.source) === "spec" ? "the provider's OpenAPI security schemes" : str(evidence.source) === "analyst" ? "recorded by an analyst" : str(evidence.source)],
        ]}
      />
    </div>
  );
}

export function IncidentsEvidence({ evidence }: { evidence: Rec }) {
  const incidents = arr(evidence.incidents).map(rec).filter((i): i is Rec => i !== null);
  if (!incidents.length) return null;
  return (
    <div className="space-y-1">
      <EvidenceHeading>Incidents weighed (half-life {num(evidence.halfLifeDays) ?? 180} days)</EvidenceHeading>
      <MiniTable
        caption="Incidents and their current weight"
        head={["Date", "Severity", "Breach", "Description", "Age", "Weight", "Penalty"]}
        rows={incidents.map((i) => {
          const severity = asSeverity(i.severity);
          return [
            day(i.occurredOn),
            severity ? <SeverityBadge key="s" severity={severity} /> : str(i.severity),
            bool(i.breach) ? <Badge key="b" variant="destructive">Breach</Badge> : "No",
            str(i.description),
            `${num(i.ageDays) ?? "?"} days`,
            <span key="w" className="tabular-nums">{num(i.weight) ?? "?"}</span>,
            <span key="p" className="tabular-nums">−{num(i.penalty) ?? 0}</span>,
          ];
        })}
      />
    </div>
  );
}

export function ComplianceEvidence({ evidence }: { evidence: Rec }) {
  const list = arr(evidence.attestations).map(rec).filter((a): a is Rec => a !== null);
  if (!list.length) return null;
  return (
    <div className="space-y-1">
      <EvidenceHeading>Attestations considered</EvidenceHeading>
      <ul className="space-y-1 text-sm" data-testid="compliance-evidence">
        {list.map((a, i) => {
          const kind = str(a.kind);
          const label = kind && kind in ATTESTATION_LABELS ? ATTESTATION_LABELS[kind as AttestationKind] : kind;
          const valid = bool(a.valid);
          return (
            <li key={`${kind}-${i}`} className="flex flex-wrap items-center gap-2">
              <span className="font-medium">{label}</span>
              <span className="text-muted-foreground">expires {day(a.expiresOn)}</span>
              <Badge variant={valid ? "success" : "destructive"}>{valid ? "Valid" : "Expired — earns nothing"}</Badge>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function SdkEvidence({ evidence }: { evidence: Rec }) {
  const versions = arr(evidence.sdkVersions).map(rec).filter((v): v is Rec => v !== null);
  const vulns = arr(evidence.vulnerabilities).map(rec).filter((v): v is Rec => v !== null);
  return (
    <div className="space-y-1">
      {versions.length > 0 && (
        <>
          <EvidenceHeading>SDK versions in your SBOMs</EvidenceHeading>
          <MiniTable
            caption="SDK versions in use"
            head={["Package", "Version", "Used by"]}
            rows={versions.map((v) => [<span key="p" className="font-mono text-xs">{str(v.package)}</span>, str(v.version), arr(v.applications).map(str).filter(Boolean).join(", ")])}
          />
        </>
      )}
      {vulns.length > 0 && (
        <>
          <EvidenceHeading>Known vulnerabilities</EvidenceHeading>
          <MiniTable
            caption="Known vulnerabilities in the SDKs"
            head={["Id", "Priority", "CVSS", "EPSS", "Known exploited", "Affects", "Fixed in"]}
            rows={vulns.map((v) => {
              const affects = arr(v.affects).map(rec).filter((a): a is Rec => a !== null);
              const epss = num(v.epss);
              return [
                <span key="id" className="font-mono text-xs">{str(v.id)}</span>,
                str(v.priority),
                num(v.cvss),
                epss === null ? "—" : `${(epss * 100).toFixed(1)}%`,
                <YesNo key="kev" value={bool(v.kev) ?? false} good={false} />,
                affects.map((a) => `${str(a.package)}@${str(a.version)}`).join(", "),
                affects.map((a) => str(a.fixedIn)).filter(Boolean).join(", ") || "—",
              ];
            })}
          />
        </>
      )}
    </div>
  );
}

export function ReliabilityEvidence({ evidence }: { evidence: Rec }) {
  const rate = num(evidence.errorRate);
  const latency = num(evidence.avgLatencyMs);
  return (
    <Facts
      rows={[
        ["Calls observed", num(evidence.calls)?.toLocaleString("en") ?? null],
        ["Errors", num(evidence.errors)?.toLocaleString("en") ?? null],
        ["Error rate", rate === null ? null : `${(rate * 100).toFixed(2)}%`],
        ["Average latency", latency === null ? null : `${Math.round(latency)} ms`],
      ]}
    />
  );
}
