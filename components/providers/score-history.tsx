import { LineChartCard } from "@/components/charts/line-chart-card";
import { GradeBadge } from "@/components/ui/grade-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { asGrade, formatConfidence, formatScore, GRADE_BANDS, GRADE_COLORS } from "./format";

export interface HistoryPoint {
  score: number;
  grade: string | null;
  confidence: number;
  computedAt: string;
  modelVersion: number;
}

const BANDS = GRADE_BANDS.map((b) => ({ from: b.from, to: b.to, color: GRADE_COLORS[b.grade], label: b.grade }));

/** The provider's score over time, with the grade bands, and every point as a table. */
export function ScoreHistory({ history }: { history: HistoryPoint[] }) {
  const first = history[0];
  const last = history[history.length - 1];
  const summary =
    history.length === 0
      ? "Not scored yet."
      : history.length === 1
        ? `One score so far: ${formatScore(last.score)}.`
        : `${history.length} scores from ${first.computedAt.slice(0, 10)} (${formatScore(first.score)}) to ${last.computedAt.slice(0, 10)} (${formatScore(last.score)}). Bands: A 90+, B 80–89, C 70–79, D 60–69, F below 60.`;
  return (
    <LineChartCard title="Score history" summary={summary} valueLabel="Score" points={history.map((h) => ({ at: h.computedAt, value: h.score }))} bands={BANDS} testId="score-history">
      <table className="w-full text-sm" data-testid="score-history-table">
        <caption className="sr-only">Score history</caption>
        <thead className="text-left text-xs text-muted-foreground">
          <tr>
            <th scope="col" className="px-2 py-1">Computed</th>
            <th scope="col" className="px-2 py-1 text-right">Score</th>
            <th scope="col" className="px-2 py-1">Grade</th>
            <th scope="col" className="px-2 py-1 text-right">Confidence</th>
            <th scope="col" className="px-2 py-1 text-right">Model</th>
          </tr>
        </thead>
        <tbody>
          {[...history].reverse().map((h, i) => (
            <tr key={`${h.computedAt}-${i}`} className="border-t">
              <td className="px-2 py-1">
                <RelativeTime value={h.computedAt} />
              </td>
              <td className="px-2 py-1 text-right tabular-nums">{formatScore(h.score)}</td>
              <td className="px-2 py-1">
                <GradeBadge grade={asGrade(h.grade)} size="sm" />
              </td>
              <td className="px-2 py-1 text-right tabular-nums">{formatConfidence(h.confidence)}</td>
              <td className="px-2 py-1 text-right tabular-nums">v{h.modelVersion}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </LineChartCard>
  );
}
