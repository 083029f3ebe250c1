import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { GradeBadge, type Grade } from "@/components/ui/grade-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

interface RiskRow {
  id: string;
  providerSlug: string;
  providerName: string;
  host: string | null;
  source: string;
  calls: number;
  dataClasses: string[];
  score: number | null;
  grade: string | null;
  risk: number | null;
}

function riskLabel(risk: number): string {
  if (risk >= 50) return "High";
  if (risk >= 25) return "Elevated";
  if (risk >= 10) return "Moderate";
  return "Low";
}

/** The application's contextual risk per provider dependency and overall (1 − Π(1 − rᵢ)). */
export function DependencyRiskSection({ overall, rows }: { overall: number; rows: RiskRow[] }) {
  return (
    <section aria-labelledby="risk" className="mb-8">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="risk" className="text-lg font-semibold">
          Dependency risk
        </h2>
        <Link href="/providers/methodology" className="text-sm text-primary underline">
          How risk is computed
        </Link>
      </div>
      <p className="mb-3 text-sm">
        Overall risk <span className="text-2xl font-semibold tabular-nums" data-testid="overall-risk">{overall.toFixed(1)}</span> / 100{" "}
        <span className="text-muted-foreground">({riskLabel(overall)}; every risky dependency adds, the worst dominates)</span>
      </p>
      {rows.length === 0 ? (
        <EmptyState title="No provider dependencies" description="Ingest traffic or an SBOM for this application to see the providers it depends on and their risk." />
      ) : (
        <div className="rounded-md border bg-card">
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Provider</TableHead>
                <TableHead>Grade</TableHead>
                <TableHead className="text-right">Score</TableHead>
                <TableHead>Data sent</TableHead>
                <TableHead className="text-right">Calls</TableHead>
                <TableHead>Source</TableHead>
                <TableHead className="text-right">Contextual risk</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((r) => (
                <TableRow key={r.id}>
                  <TableCell>
                    <Link href={`/providers/${r.providerSlug}`} className="font-medium text-primary hover:underline">
                      {r.providerName}
                    </Link>
                    {r.host && <span className="ml-2 font-mono text-xs text-muted-foreground">{r.host}</span>}
                  </TableCell>
                  <TableCell>
                    <GradeBadge grade={(r.grade as Grade | null) ?? null} />
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{r.score === null ? "—" : r.score.toFixed(1)}</TableCell>
                  <TableCell>{r.dataClasses.length ? r.dataClasses.join(", ") : <span className="text-muted-foreground">None observed</span>}</TableCell>
                  <TableCell className="text-right tabular-nums">{r.calls.toLocaleString("en")}</TableCell>
                  <TableCell>{r.source}</TableCell>
                  <TableCell className="text-right tabular-nums font-medium">{r.risk === null ? "Not scored" : `${r.risk.toFixed(1)} · ${riskLabel(r.risk)}`}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}
