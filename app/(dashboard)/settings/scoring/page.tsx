import type { Metadata } from "next";
import Link from "next/link";
import { FACTOR_LABELS } from "@/components/providers/format";
import { RescoreAllButton, ScoringModelForm } from "@/components/settings/scoring-model-form";
import { Badge } from "@/components/ui/badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { FACTORS } from "@/lib/domain/scoring/types";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { currentModel, listModels } from "@/lib/server/scoring/model-store";

export const metadata: Metadata = { title: "Scoring model" };
export const dynamic = "force-dynamic";

export default async function ScoringSettingsPage() {
  await requirePageAccess("/settings/scoring");
  const db = await getDb();
  const current = await currentModel(db);
  const models = await listModels(db);
  const total = FACTORS.reduce((s, f) => s + Math.max(0, current.weights[f] ?? 0), 0) || 1;
  return (
    <div className="grid gap-6 xl:grid-cols-[1fr_24rem]">
      <div className="space-y-6">
        <section aria-labelledby="current-model-heading">
          <h2 id="current-model-heading" className="mb-1 text-lg font-semibold">
            Current model: version {current.version}
          </h2>
          <p className="mb-3 text-sm text-muted-foreground">
            {current.note ? `“${current.note}” · ` : ""}since <RelativeTime value={current.createdAt} />. A provider&apos;s score is the weighted mean of its factors with data (
            <Link href="/providers/methodology" className="text-primary underline underline-offset-2">
              methodology
            </Link>
            ). Stored scores keep the version that produced them; rescore to apply a new version everywhere.
          </p>
          <div className="rounded-md border bg-card">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Factor</TableHead>
                  <TableHead className="text-right">Weight</TableHead>
                  <TableHead className="text-right">Share</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {FACTORS.map((f) => (
                  <TableRow key={f}>
                    <TableCell>{FACTOR_LABELS[f]}</TableCell>
                    <TableCell className="text-right tabular-nums">{current.weights[f] ?? 0}</TableCell>
                    <TableCell className="text-right tabular-nums">{Math.round(((current.weights[f] ?? 0) / total) * 100)}%</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </section>
        <section aria-labelledby="model-history-heading">
          <h2 id="model-history-heading" className="mb-2 text-lg font-semibold">
            Version history ({models.length})
          </h2>
          <div className="rounded-md border bg-card">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Version</TableHead>
                  <TableHead>Created</TableHead>
                  <TableHead>Note</TableHead>
                  <TableHead>Weights</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {models.map((m) => (
                  <TableRow key={m.id} data-testid={`model-version-${m.version}`}>
                    <TableCell className="tabular-nums">
                      v{m.version} {m.version === current.version && <Badge variant="success">current</Badge>}
                    </TableCell>
                    <TableCell>
                      <RelativeTime value={m.createdAt} />
                    </TableCell>
                    <TableCell className="max-w-xs whitespace-normal text-sm">{m.note ?? "—"}</TableCell>
                    <TableCell className="whitespace-normal text-xs text-muted-foreground">{FACTORS.map((f) => `${FACTOR_LABELS[f]} ${m.weights[f] ?? 0}`).join(" · ")}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </section>
      </div>
      <div className="space-y-6">
        <section aria-labelledby="new-model" className="h-fit rounded-lg border bg-card p-4">
          <h2 id="new-model" className="mb-3 text-lg font-semibold">
            New model version
          </h2>
          <ScoringModelForm weights={current.weights} />
        </section>
        <section aria-labelledby="rescore-heading" className="h-fit rounded-lg border bg-card p-4">
          <h2 id="rescore-heading" className="mb-1 text-lg font-semibold">
            Rescore
          </h2>
          <p className="mb-3 text-sm text-muted-foreground">Recompute every provider&apos;s score and every dependency&apos;s risk now with version {current.version}. Each provider gains a history point; the run is audited.</p>
          <RescoreAllButton />
        </section>
      </div>
    </div>
  );
}
