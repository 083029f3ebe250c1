import Link from "next/link";
import { bandOf, LEVEL_NAMES, LEVELS, type Level } from "@/lib/domain/scoring/dependency-risk";
import { cn } from "@/lib/utils";

const BAND_CELL: Record<string, string> = {
  low: "bg-severity-low text-severity-low-foreground border-severity-low-border",
  medium: "bg-severity-medium text-severity-medium-foreground border-severity-medium-border",
  high: "bg-severity-high text-severity-high-foreground border-severity-high-border",
  critical: "bg-severity-critical text-severity-critical-foreground border-severity-critical-border",
};

/**
 * The 5 × 5 risk matrix: likelihood up, impact across, each cell the number of
 * dependencies in it and a link to them. A table, so screen readers read it
 * with its headers; colour is backed by the band named in each cell's label.
 */
export function RiskHeatMap({ heat, hrefFor, caption, selected }: { heat: number[][]; hrefFor: (likelihood: Level, impact: Level) => string; caption: string; selected?: { likelihood: number; impact: number } | null }) {
  const total = heat.flat().reduce((a, b) => a + b, 0);
  return (
    <figure className="w-full max-w-md" data-testid="risk-heat-map">
      <table className="w-full table-fixed border-separate border-spacing-1 text-center text-sm">
        <caption className="mb-1 text-left text-xs text-muted-foreground">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="w-20 text-left text-xs font-normal text-muted-foreground">
              <span className="sr-only">Likelihood \ impact</span>
              <span aria-hidden>L ↓ · I →</span>
            </th>
            {LEVELS.map((i) => (
              <th key={i} scope="col" className="text-xs font-medium text-muted-foreground" title={LEVEL_NAMES.impact[i]}>
                I{i}
                <span className="sr-only"> impact ({LEVEL_NAMES.impact[i]})</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {[...LEVELS].reverse().map((l) => (
            <tr key={l}>
              <th scope="row" className="text-left text-xs font-medium text-muted-foreground" title={LEVEL_NAMES.likelihood[l]}>
                L{l} <span className="hidden font-normal sm:inline">{LEVEL_NAMES.likelihood[l]}</span>
                <span className="sr-only"> likelihood</span>
              </th>
              {LEVELS.map((i) => {
                const n = heat[l - 1]?.[i - 1] ?? 0;
                const band = bandOf(l, i);
                const isSelected = selected?.likelihood === l && selected?.impact === i;
                const label = `${n} ${n === 1 ? "dependency" : "dependencies"} at likelihood ${l}, impact ${i} (${band})`;
                return (
                  <td key={i} className="p-0">
                    {n > 0 ? (
                      <Link
                        href={hrefFor(l, i)}
                        aria-label={label}
                        title={label}
                        className={cn("flex h-10 items-center justify-center rounded border font-semibold tabular-nums hover:ring-2 hover:ring-ring focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring", BAND_CELL[band], isSelected && "ring-2 ring-foreground")}
                      >
                        {n}
                      </Link>
                    ) : (
                      <span title={label} className={cn("flex h-10 items-center justify-center rounded border opacity-40", BAND_CELL[band])}>
                        <span aria-hidden>·</span>
                        <span className="sr-only">{label}</span>
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <figcaption className="mt-1 text-xs text-muted-foreground">
        {total} scored {total === 1 ? "dependency" : "dependencies"}. Risk = 4 × likelihood × impact; low ≤ 4 · medium 5–9 · high 10–16 · critical ≥ 20 on L × I.
      </figcaption>
    </figure>
  );
}
