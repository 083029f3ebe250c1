import Link from "next/link";
import { NarrowDependency } from "@/components/applications/narrow-dependency";
import { DataSent } from "@/components/risk/data-sent";
import { RiskHeatMap } from "@/components/risk/heat-map";
import { RiskMeter } from "@/components/risk/risk-meter";
import { EmptyState } from "@/components/ui/empty-state";
import { GradeBadge, type Grade } from "@/components/ui/grade-badge";
import { SeverityBadge } from "@/components/ui/severity-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { RiskBand } from "@/lib/domain/scoring/dependency-risk";

interface RiskRow {
  id: string;
  providerSlug: string;
  providerName: string;
  hosts: string[];
  sources: string[];
  calls: number;
  dataClasses: string[];
  narrowedClasses: string[] | null;
  score: number | null;
  grade: string | null;
  risk: number | null;
  band: RiskBand | null;
  likelihood: number | null;
  impact: number | null;
  explanation: { likelihoodReason: string; impactReasons: string[] } | null;
}

/**
 * The application's contextual risk: its 5 × 5 heat map (each cell links to its
 * dependencies, shown below), and each provider dependency with likelihood,
 * impact and the reasons for both. The application is as risky as its riskiest dependency.
 */
export function DependencyRiskSection({
  slug,
  overall,
  band,
  heat,
  declared,
  rows,
  cell,
  canNarrow,
  exposure = null,
}: {
  slug: string;
  overall: number;
  band: RiskBand | null;
  heat: number[][];
  declared: string[];
  rows: RiskRow[];
  cell: { likelihood: number; impact: number } | null;
  canNarrow: boolean;
  /** The application's insurance exposure index (one decimal) and its change, when computed. */
  exposure?: { value: number; change: string | null } | null;
}) {
  const shown = cell ? rows.filter((r) => r.likelihood === cell.likelihood && r.impact === cell.impact) : rows;
  return (
    <section id="risk" aria-labelledby="risk-heading" className="mb-8 scroll-mt-6">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="risk-heading" className="text-lg font-semibold">
          Dependency risk
        </h2>
        <Link href="/providers/methodology#dependency-risk" className="text-sm text-primary underline">
          How risk is computed
        </Link>
      </div>
      <div className="mb-4 flex flex-wrap items-start gap-8">
        <div className="space-y-2 text-sm">
          <p>
            Overall risk{" "}
            <span className="text-2xl font-semibold tabular-nums" data-testid="overall-risk">
              {Math.round(overall)}
            </span>{" "}
            / 100 {band && <SeverityBadge severity={band} subject="Risk" />}
          </p>
          {exposure && (
            <p>
              Insurance exposure{" "}
              <span className="font-semibold tabular-nums" data-testid="application-exposure">
                {exposure.value.toLocaleString("en", { minimumFractionDigits: 1, maximumFractionDigits: 1 })}
              </span>{" "}
              <span className="text-xs text-muted-foreground">
                {exposure.change ? `${exposure.change} · ` : ""}
                <Link href="/providers/methodology#exposure" className="text-primary underline underline-offset-2">
                  relative index, not a premium
                </Link>
              </span>
            </p>
          )}
          <p className="max-w-sm text-muted-foreground">
            An application is as risky as its riskiest dependency. Each dependency&apos;s risk is 4 × likelihood (the provider&apos;s grade; unknown counts as 3) × impact (the most sensitive data sent or declared, the tier and the call volume).
          </p>
        </div>
        <RiskHeatMap heat={heat} caption="Dependencies by likelihood and impact" selected={cell} hrefFor={(l, i) => `/applications/${slug}?likelihood=${l}&impact=${i}#risk`} />
      </div>
      {cell && (
        <p className="mb-2 text-sm" role="status">
          Showing the {shown.length} {shown.length === 1 ? "dependency" : "dependencies"} at likelihood {cell.likelihood}, impact {cell.impact}.{" "}
          <Link href={`/applications/${slug}#risk`} className="text-primary underline">
            Show all
          </Link>
        </p>
      )}
      {rows.length === 0 ? (
        <EmptyState title="No provider dependencies" description="Ingest traffic or an SBOM for this application to see the providers it depends on and their risk." />
      ) : (
        <div className="rounded-md border bg-card">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Provider</TableHead>
                <TableHead>Grade</TableHead>
                <TableHead>Data</TableHead>
                <TableHead className="text-right">Calls</TableHead>
                <TableHead>Known from</TableHead>
                <TableHead>Contextual risk</TableHead>
                <TableHead>Why</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {shown.map((r) => (
                <TableRow key={r.id} data-testid="dependency-risk-row">
                  <TableCell>
                    <Link href={`/providers/${r.providerSlug}`} className="font-medium text-primary hover:underline">
                      {r.providerName}
                    </Link>
                    {r.hosts.length > 0 && <div className="font-mono text-xs text-muted-foreground">{r.hosts.slice(0, 3).join(", ")}{r.hosts.length > 3 ? ` +${r.hosts.length - 3}` : ""}</div>}
                  </TableCell>
                  <TableCell>
                    <GradeBadge grade={(r.grade as Grade | null) ?? null} size="sm" />
                  </TableCell>
                  <TableCell>
                    <div className="flex items-start gap-2">
                      <DataSent observed={r.dataClasses} declared={declared} narrowed={r.narrowedClasses} />
                      {canNarrow && declared.length > 0 && <NarrowDependency dependencyId={r.id} applicationSlug={slug} providerSlug={r.providerSlug} providerName={r.providerName} declared={declared} narrowed={r.narrowedClasses} />}
                    </div>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{r.calls.toLocaleString("en")}</TableCell>
                  <TableCell>{r.sources.join(", ")}</TableCell>
                  <TableCell>
                    <RiskMeter risk={r.risk} band={r.band} likelihood={r.likelihood} impact={r.impact} />
                  </TableCell>
                  <TableCell className="max-w-xs text-xs text-muted-foreground">
                    {r.explanation ? (
                      <>
                        <div>
                          <span className="font-medium text-foreground">L{r.likelihood}:</span> {r.explanation.likelihoodReason}
                        </div>
                        <div>
                          <span className="font-medium text-foreground">I{r.impact}:</span> {r.explanation.impactReasons.join("; ")}
                        </div>
                      </>
                    ) : (
                      "Not scored yet"
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
