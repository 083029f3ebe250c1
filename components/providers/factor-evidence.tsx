import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { evidenceTime } from "@/lib/domain/scoring/evidence-time";
import type { FactorName } from "@/lib/domain/scoring/types";
import { AuthenticationEvidence, ComplianceEvidence, IncidentsEvidence, ReliabilityEvidence, SdkEvidence } from "./evidence/analyst-evidence";
import { KeyValues } from "./evidence/generic-evidence";
import { HttpEvidence } from "./evidence/http-evidence";
import { rec, str, type Rec } from "./evidence/read";
import { TransportEvidence } from "./evidence/transport-evidence";

// Keys the panel shows in its own header, not in the factor's view.
const PROVENANCE = ["signalSource", "observedAt", "override", "recorded"];

/** What would give a factor with no data its evidence. */
const NO_DATA_HINTS: Partial<Record<FactorName, string>> = {
  transport: "Probe the API host: npm run sibyl -- probe <host>.",
  http_hygiene: "Probe the API host: npm run sibyl -- probe <host>.",
  authentication: "Record the authentication methods the provider accepts, or ingest its OpenAPI description.",
  sdk_vulnerabilities: "Ingest the SBOMs of the applications that use this provider's SDK.",
  compliance: "Record the provider's SOC 2, ISO/IEC 27001 or PCI DSS attestation.",
  reliability: "Ingest traffic that shows at least 20 calls to this provider.",
};

export function isRecordedProbe(evidence: Rec, summary: string): boolean {
  return str(evidence.signalSource) === "recorded_probe" || evidence.recorded === true || summary.includes("(recorded probe evidence)");
}

function Specific({ name, evidence }: { name: string; evidence: Rec }) {
  switch (name) {
    case "transport":
      return <TransportEvidence evidence={evidence} />;
    case "http_hygiene":
      return <HttpEvidence evidence={evidence} />;
    case "authentication":
      return <AuthenticationEvidence evidence={evidence} />;
    case "incidents":
      return <IncidentsEvidence evidence={evidence} />;
    case "compliance":
      return <ComplianceEvidence evidence={evidence} />;
    case "sdk_vulnerabilities":
      return <SdkEvidence evidence={evidence} />;
    case "reliability":
      return <ReliabilityEvidence evidence={evidence} />;
    default:
      return <KeyValues evidence={evidence} skip={PROVENANCE} />;
  }
}

/** The evidence behind one factor: its summary, where the evidence came from, any override, and a readable view of the data. */
export function FactorEvidence({ name, subscore, summary, evidence }: { name: FactorName; subscore: number | null; summary: string; evidence: Record<string, unknown> }) {
  const recorded = isRecordedProbe(evidence, summary);
  // applyOverride (lib/server/scoring/factors.ts) rewrites the summary to say who overrode it, to what and why.
  const override = rec(evidence.override);
  const time = evidenceTime(evidence);
  const hasDetail = Object.keys(evidence).some((k) => !PROVENANCE.includes(k));
  return (
    <div className="space-y-2">
      <p className={override ? "rounded-md border border-warning-border bg-warning px-2 py-1 text-sm text-warning-foreground" : "text-sm"}>{summary.replace(" (recorded probe evidence)", "")}</p>
      {(recorded || time) && (
        <p className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
          {recorded && (
            <Badge variant="outline" title="Evidence as a probe recorded it (for example the demo data), not a live probe by this installation">
              Recorded probe evidence
            </Badge>
          )}
          {/* One time per evidence (lib/domain/scoring/evidence-time.ts); each <time> has the absolute date as its tooltip. */}
          {time && (
            <span data-testid="evidence-time">
              {time.label} <RelativeTime value={time.at} />
              {time.recordedAt && (
                <>
                  {" "}
                  (recorded <RelativeTime value={time.recordedAt} />)
                </>
              )}
            </span>
          )}
        </p>
      )}
      {subscore === null && !override && NO_DATA_HINTS[name] && <p className="text-sm text-muted-foreground">{NO_DATA_HINTS[name]}</p>}
      {hasDetail && <Specific name={name} evidence={evidence} />}
    </div>
  );
}
