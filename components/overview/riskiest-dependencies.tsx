import Link from "next/link";
import { RiskMeter } from "@/components/risk/risk-meter";
import type { RiskBand } from "@/lib/domain/scoring/dependency-risk";
import { CriticalityBadge, type CriticalityTier } from "@/components/ui/criticality-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export interface RiskyDependency {
  dependencyId: string;
  risk: number;
  band: RiskBand;
  likelihood: number | null;
  impact: number | null;
  sensitivity: string | null;
  sensitivityFrom: string | null;
  appSlug: string;
  appName: string;
  criticality: number;
  team: string | null;
  providerSlug: string;
  providerName: string;
  dataClasses: string[];
}

const asTier = (n: number): CriticalityTier => (n === 1 || n === 2 || n === 3 || n === 4 ? n : 3);

/** The ten application → provider dependencies with the highest contextual risk. */
export function RiskiestDependencies({ rows }: { rows: RiskyDependency[] }) {
  return (
    <section id="riskiest" aria-labelledby="riskiest-heading" className="scroll-mt-6 rounded-lg border bg-card p-4">
      <h2 id="riskiest-heading" className="text-sm font-semibold">
        The ten riskiest dependencies
      </h2>
      <Link href="/dependencies" className="text-xs text-primary underline">
        All dependencies
      </Link>
      <p className="mb-3 text-xs text-muted-foreground">
        Likelihood (the provider&apos;s grade) × impact (the most sensitive data sent or declared, the tier, the call volume) (
        <Link href="/providers/methodology#dependency-risk" className="text-primary underline underline-offset-2">
          how risk is computed
        </Link>
        ).
      </p>
      {rows.length === 0 ? (
        <p className="text-sm text-muted-foreground">No dependency has a computed risk yet. Risks appear when providers are scored (<code>npm run sibyl -- score --all</code>) and applications depend on them.</p>
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Application → provider</TableHead>
              <TableHead>Team</TableHead>
              <TableHead>Criticality</TableHead>
              <TableHead>Most sensitive data</TableHead>
              <TableHead>Risk</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((r) => (
              <TableRow key={r.dependencyId}>
                <TableCell>
                  <Link href={`/applications/${r.appSlug}`} className="font-medium text-primary hover:underline">
                    {r.appName}
                  </Link>
                  <span aria-hidden> → </span>
                  <span className="sr-only"> depends on </span>
                  <Link href={`/providers/${r.providerSlug}`} className="text-primary hover:underline">
                    {r.providerName}
                  </Link>
                </TableCell>
                <TableCell>{r.team ?? "—"}</TableCell>
                <TableCell>
                  <CriticalityBadge tier={asTier(r.criticality)} />
                </TableCell>
                <TableCell>
                  {r.sensitivity && r.sensitivity !== "none" ? (
                    <>
                      {r.sensitivity} <span className="text-xs text-muted-foreground">({r.sensitivityFrom})</span>
                    </>
                  ) : r.dataClasses.length ? (
                    r.dataClasses.join(", ")
                  ) : (
                    <span className="text-muted-foreground">None observed</span>
                  )}
                </TableCell>
                <TableCell>
                  <RiskMeter risk={r.risk} band={r.band} likelihood={r.likelihood} impact={r.impact} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
