import Link from "next/link";
import { KpiCard } from "@/components/ui/kpi-card";
import type { PolicyAction } from "@/lib/domain/policies/types";

type Counts = Record<PolicyAction, { dependencies: number; applications: number }>;

const plural = (n: number, one: string, many: string) => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

/** What the connectivity policies decide now; each figure opens the dependencies it counts. */
export function DecisionsOverview({ counts }: { counts: Counts }) {
  const tile = (action: PolicyAction, label: string) => {
    const c = counts[action];
    const hint = c.dependencies ? `${plural(c.dependencies, "dependency", "dependencies")} in ${plural(c.applications, "application", "applications")}` : "no dependency";
    return <KpiCard label={label} value={c.dependencies.toLocaleString("en")} hint={hint} href={`/dependencies?decision=${action}`} linkLabel={`${label}: ${hint}`} />;
  };
  return (
    <section aria-labelledby="decisions-heading" className="mt-6">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="decisions-heading" className="text-sm font-semibold">
          Connectivity decisions
        </h2>
        <Link href="/policies" className="text-sm text-primary hover:underline">
          Policies
        </Link>
      </div>
      <div className="grid gap-3 md:grid-cols-3">
        {tile("quarantine", "Quarantined")}
        {tile("require_approval", "Require approval")}
        {tile("alert", "Alerts")}
      </div>
    </section>
  );
}
