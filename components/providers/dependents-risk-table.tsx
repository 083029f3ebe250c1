import Link from "next/link";
import { CriticalityBadge, type CriticalityTier } from "@/components/ui/criticality-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { DataSent } from "@/components/risk/data-sent";
import { RiskMeter } from "@/components/risk/risk-meter";
import type { RiskBand } from "@/lib/domain/scoring/dependency-risk";

export interface DependentRisk {
  id: string;
  slug: string;
  name: string;
  criticality: number;
  team: string | null;
  sources: string[];
  calls: number;
  dataClasses: string[];
  declaredClasses: string[];
  narrowedClasses: string[] | null;
  risk: number | null;
  band: RiskBand | null;
  likelihood: number | null;
  impact: number | null;
}

const asTier = (n: number): CriticalityTier => (n === 1 || n === 2 || n === 3 || n === 4 ? n : 3);

/** The applications that depend on the provider, riskiest first, with their contextual risk (0–100). */
export function DependentsRiskTable({ dependents, total, providerSlug }: { dependents: DependentRisk[]; total: number; providerSlug: string }) {
  return (
    <section aria-labelledby="dependents">
      <h2 id="dependents" className="mb-1 text-lg font-semibold">
        Dependent applications ({total})
      </h2>
      <p className="mb-2 text-sm text-muted-foreground">
        Contextual risk is likelihood (this provider&apos;s grade) × impact (the most sensitive data each application sends or is declared to handle, its criticality and call volume) (
        <Link href="/providers/methodology#dependency-risk" className="text-primary underline underline-offset-2">
          formula
        </Link>
        ).
      </p>
      {dependents.length === 0 ? (
        <EmptyState title="No application depends on this provider" description="Dependencies appear when traffic, SBOMs or catalogs show an application calling it." />
      ) : (
        <div className="rounded-md border bg-card">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Application</TableHead>
                <TableHead>Team</TableHead>
                <TableHead>Criticality</TableHead>
                <TableHead>Known from</TableHead>
                <TableHead>Data sent</TableHead>
                <TableHead className="text-right">Calls</TableHead>
                <TableHead>Contextual risk</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {dependents.map((d) => (
                <TableRow key={d.id}>
                  <TableCell>
                    <Link href={`/applications/${d.slug}`} className="font-medium text-primary hover:underline">
                      {d.name}
                    </Link>
                  </TableCell>
                  <TableCell>{d.team ?? "—"}</TableCell>
                  <TableCell>
                    <CriticalityBadge tier={asTier(d.criticality)} />
                  </TableCell>
                  <TableCell>{d.sources.join(", ")}</TableCell>
                  <TableCell>
                    <DataSent observed={d.dataClasses} declared={d.declaredClasses} narrowed={d.narrowedClasses} />
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{d.calls.toLocaleString("en")}</TableCell>
                  <TableCell>
                    <RiskMeter risk={d.risk} band={d.band} likelihood={d.likelihood} impact={d.impact} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      {total > dependents.length && (
        <p className="mt-2 text-sm" role="note">
          Showing the {dependents.length} riskiest of {total.toLocaleString("en")}.{" "}
          <Link href={`/dependencies?provider=${encodeURIComponent(providerSlug)}`} className="text-primary underline underline-offset-2">
            All {total.toLocaleString("en")} on the Dependencies page
          </Link>
        </p>
      )}
    </section>
  );
}
