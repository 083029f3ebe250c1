import Link from "next/link";
import { GradeBadge } from "@/components/ui/grade-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { MIN_CONFIDENCE_FOR_GRADE } from "@/lib/domain/scoring/model";
import type { StoredScore } from "@/lib/server/dal/reputation";
import { asGrade, formatConfidence, formatScore } from "./format";

/** The provider's headline: score, grade (or "insufficient data" with the provisional score), confidence and provenance. */
export function ScoreSummary({ score, host }: { score: StoredScore; host: string | null }) {
  const grade = asGrade(score.grade);
  const scored = score.factors.filter((f) => f.subscore !== null).length;
  return (
    <section aria-labelledby="score-heading" className="rounded-lg border bg-card p-4" data-testid="score-card">
      <h2 id="score-heading" className="sr-only">
        Reputation score
      </h2>
      <div className="flex flex-wrap items-center gap-x-8 gap-y-4">
        <div className="flex items-center gap-4">
          <div>
            <div className="text-xs font-medium uppercase tracking-wide text-muted-foreground">Score</div>
            <div className="text-5xl font-semibold leading-none tracking-tight tabular-nums" data-testid="score-value">
              {formatScore(score.score)}
              <span className="text-lg font-normal text-muted-foreground">/100</span>
            </div>
          </div>
          <div>
            <div className="mb-1 text-xs font-medium uppercase tracking-wide text-muted-foreground">Grade</div>
            <GradeBadge grade={grade} size="lg" />
          </div>
        </div>
        {grade === null && (
          <p className="max-w-sm text-sm" data-testid="insufficient-data">
            <strong>Insufficient data — provisional score {formatScore(score.score)}.</strong> Evidence covers {formatConfidence(score.confidence)} of the model&apos;s weight; a grade needs {Math.round(MIN_CONFIDENCE_FOR_GRADE * 100)}%.
          </p>
        )}
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-muted-foreground">Confidence</dt>
          <dd className="tabular-nums" data-testid="score-confidence">
            {formatConfidence(score.confidence)} <span className="text-muted-foreground">({scored} of {score.factors.length} factors with data)</span>
          </dd>
          <dt className="text-muted-foreground">Model</dt>
          <dd>
            version {score.modelVersion}{" "}
            <Link href="/providers/methodology" className="text-primary underline underline-offset-2">
              how scores are computed
            </Link>
          </dd>
          <dt className="text-muted-foreground">Computed</dt>
          <dd>
            <RelativeTime value={score.computedAt} data-testid="score-computed-at" />
            {score.assessedAt && score.assessedAt !== score.computedAt && (
              <span className="text-muted-foreground">
                {" "}
                · confirmed unchanged <RelativeTime value={score.assessedAt} />
              </span>
            )}
          </dd>
          {host && (
            <>
              <dt className="text-muted-foreground">Oracle</dt>
              <dd className="font-mono text-xs">GET /api/v1/reputation?host={host}</dd>
            </>
          )}
        </dl>
      </div>
      {score.caps.length > 0 && (
        <div className="mt-4 border-t pt-3">
          <h3 className="mb-1 text-sm font-semibold">Caps on this score</h3>
          <ul className="space-y-1 text-sm" data-testid="score-caps">
            {score.caps.map((c) => (
              <li key={c.id}>
                <span className="font-semibold">Capped at {c.maxGrade}:</span> {c.reason} <span className="text-muted-foreground">(the score can be at most {c.ceiling} while this holds)</span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
