import { ChevronRight } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { gradeOf, type ReputationScore } from "@/lib/domain/scoring/model";
import { FactorEvidence, isRecordedProbe } from "./factor-evidence";
import { factorLabel, formatScore, GRADE_COLORS } from "./format";

type Factor = ReputationScore["factors"][number];

function Bar({ subscore }: { subscore: number | null }) {
  if (subscore === null) {
    return (
      <div className="flex items-center gap-2">
        <div className="h-3 flex-1 rounded-sm border border-dashed border-grade-none-border bg-grade-none" aria-hidden />
        <span className="w-14 text-right text-xs text-muted-foreground">No data</span>
      </div>
    );
  }
  const value = Math.max(0, Math.min(100, subscore));
  return (
    <div className="flex items-center gap-2">
      <div className="h-3 flex-1 overflow-hidden rounded-sm bg-muted" aria-hidden>
        <div className="h-full rounded-sm" style={{ width: `${value}%`, background: GRADE_COLORS[gradeOf(value)] }} />
      </div>
      <span className="w-14 text-right text-sm font-medium tabular-nums">
        {formatScore(subscore)}
        <span className="sr-only"> out of 100</span>
      </span>
    </div>
  );
}

/** One row per factor: name, weight, a bar of the 0–100 subscore, and its evidence one click away. */
export function FactorBars({ factors }: { factors: Factor[] }) {
  const total = factors.reduce((s, f) => s + Math.max(0, f.weight), 0) || 1;
  return (
    <section aria-labelledby="factors-heading" className="rounded-lg border bg-card p-4">
      <h2 id="factors-heading" className="text-lg font-semibold">
        Factors
      </h2>
      <p className="mb-3 text-sm text-muted-foreground">Each factor scores 0–100 and counts by its weight; factors without data are left out and lower the confidence. Open a factor to see its evidence.</p>
      <ul className="divide-y" data-testid="factor-bars">
        {factors.map((f) => (
          <li key={f.name} data-factor={f.name}>
            <details className="group">
              <summary className="grid cursor-pointer list-none grid-cols-[1rem_minmax(10rem,16rem)_7.5rem_1fr] items-center gap-3 py-2 hover:bg-muted/50 focus-visible:outline-2 focus-visible:outline-ring [&::-webkit-details-marker]:hidden">
                <ChevronRight className="size-4 text-muted-foreground transition-transform group-open:rotate-90" aria-hidden />
                <span className="flex flex-wrap items-center gap-1.5 font-medium">
                  <span>{factorLabel(f.name)}</span>
                  {"override" in f.evidence && <Badge variant="warning">Overridden</Badge>}
                  {isRecordedProbe(f.evidence, f.summary) && (
                    <Badge variant="outline" className="font-normal">
                      recorded
                    </Badge>
                  )}
                </span>
                <span className="whitespace-nowrap text-xs text-muted-foreground tabular-nums">
                  weight {f.weight} <span className="sr-only">of {total}</span>
                  <span aria-hidden>({Math.round((f.weight / total) * 100)}%)</span>
                </span>
                <Bar subscore={f.subscore} />
              </summary>
              <div className="mb-3 ml-7 rounded-md border bg-background p-3" data-testid={`evidence-${f.name}`}>
                <FactorEvidence name={f.name} subscore={f.subscore} summary={f.summary} evidence={f.evidence} />
              </div>
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
