import type { StoredScore } from "@/lib/server/dal/reputation";
import { factorLabel, formatScore } from "./format";

/** The fixes that would raise the score most, each with its gain and the score it leads to. */
export function ImprovementsList({ improvements, score }: { improvements: StoredScore["improvements"]; score: number }) {
  return (
    <section aria-labelledby="improvements-heading" className="rounded-lg border bg-card p-4">
      <h2 id="improvements-heading" className="text-lg font-semibold">
        What would raise this score
      </h2>
      {improvements.length === 0 ? (
        <p className="mt-1 text-sm text-muted-foreground">No single fix in the evidence would raise the score.</p>
      ) : (
        <ol className="mt-2 space-y-2 text-sm" data-testid="improvements">
          {improvements.map((i) => (
            <li key={`${i.factor}-${i.action}`} className="flex items-start justify-between gap-4">
              <span>
                <span className="font-medium">{i.action}</span>
                <span className="block text-xs text-muted-foreground">
                  {factorLabel(i.factor)} to {formatScore(i.subscoreAfter)}
                  {i.removesCaps?.length ? " and lifts its cap" : ""}
                </span>
              </span>
              <span className="whitespace-nowrap text-right tabular-nums">
                <span className="font-semibold text-success-foreground">+{formatScore(i.gain)}</span>
                <span className="block text-xs text-muted-foreground">
                  {formatScore(score)} → {formatScore(i.projectedScore)}
                </span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
