import Link from "next/link";
import { CriticalityBadge, type CriticalityTier } from "@/components/ui/criticality-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export interface DependentRisk {
  id: string;
  slug: string;
  name: string;
  criticality: number;
  team: string | null;
  source: string;
  calls: number;
  dataClasses: string[];
  risk: number | null;
}

const asTier = (n: number): CriticalityTier => (n === 1 || n === 2 || n === 3 || n === 4 ? n : 3);

export function RiskMeter({ risk }: { risk: number | null }) {
  if (risk === null) return <span className="text-muted-foreground">Not computed</span>;
  const level = risk >= 50 ? "high" : risk >= 25 ? "elevated" : "low";
  const color = risk >= 50 ? "var(--grade-f-foreground)" : risk >= 25 ? "var(--grade-c-foreground)" : "var(--grade-a-foreground)";
  return (
    <span className="inline-flex items-center gap-2">
      <span className="h-2 w-16 overflow-hidden rounded-sm bg-muted" aria-hidden>
        <span className="block h-full" style={{ width: `${Math.min(100, risk)}%`, background: color }} />
      </span>
      <span className="w-10 text-right font-medium tabular-nums">{risk.toFixed(1)}</span>
      <span className="text-xs text-muted-foreground">{level}</span>
    </span>
  );
}

/** The applications that depend on the provider, riskiest first, with their contextual risk (0–100). */
export function DependentsRiskTable({ dependents }: { dependents: DependentRisk[] }) {
  return (
    <section aria-labelledby="dependents">
      <h2 id="dependents" className="mb-1 text-lg font-semibold">
        Dependent applications ({dependents.length})
      </h2>
      <p className="mb-2 text-sm text-muted-foreground">
        Contextual risk weighs this provider&apos;s weakness by the data each application sends it, the application&apos;s criticality and its call volume (
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
                <TableHead>Source</TableHead>
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
                  <TableCell>{d.source}</TableCell>
                  <TableCell>{d.dataClasses.length ? d.dataClasses.join(", ") : <span className="text-muted-foreground">None observed</span>}</TableCell>
                  <TableCell className="text-right tabular-nums">{d.calls.toLocaleString("en")}</TableCell>
                  <TableCell>
                    <RiskMeter risk={d.risk} />
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
