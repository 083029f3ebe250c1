import { SeverityBadge } from "@/components/ui/severity-badge";
import { bandOfRisk, type RiskBand } from "@/lib/domain/scoring/dependency-risk";

/** A dependency's (or application's) contextual risk: a bar, the figure, its band, and the matrix cell when known. */
export function RiskMeter({ risk, band, likelihood, impact }: { risk: number | null; band?: RiskBand | null; likelihood?: number | null; impact?: number | null }) {
  if (risk === null) return <span className="text-muted-foreground">Not scored</span>;
  const b = band ?? bandOfRisk(risk);
  const color = b === "critical" ? "var(--severity-critical)" : b === "high" ? "var(--grade-f-foreground)" : b === "medium" ? "var(--grade-c-foreground)" : "var(--grade-a-foreground)";
  return (
    <span className="inline-flex items-center gap-2 whitespace-nowrap" data-risk-band={b}>
      <span className="h-2 w-14 overflow-hidden rounded-sm bg-muted" aria-hidden>
        <span className="block h-full" style={{ width: `${Math.min(100, risk)}%`, background: color }} />
      </span>
      <span className="w-7 text-right font-medium tabular-nums">{Math.round(risk)}</span>
      <SeverityBadge severity={b} subject="Risk" />
      {likelihood && impact ? (
        <span className="text-xs text-muted-foreground tabular-nums" title={`Likelihood ${likelihood} × impact ${impact}`}>
          L{likelihood}×I{impact}
        </span>
      ) : null}
    </span>
  );
}
