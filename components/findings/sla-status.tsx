import type { SlaState } from "@/lib/domain/triage/sla";
import { cn } from "@/lib/utils";

function days(n: number): string {
  return `${n.toLocaleString("en")} ${n === 1 ? "day" : "days"}`;
}

/** The SLA deadline (UTC date) and where the finding stands: "12 days past SLA" in red, or "due in 5 days". */
export function SlaStatus({ sla, className }: { sla: SlaState; className?: string }) {
  if (!sla.dueAt) return <span className={cn("text-muted-foreground", className)}>No SLA</span>;
  const due = sla.dueAt.slice(0, 10);
  return (
    <span className={cn("flex flex-col whitespace-nowrap leading-tight", className)}>
      <time dateTime={sla.dueAt} title={`Due ${sla.dueAt.replace("T", " ").slice(0, 16)} UTC`} className="tabular-nums">
        {due}
      </time>
      {sla.pastDue ? (
        <span className="text-xs font-semibold text-danger-foreground">{sla.daysPast === 0 ? "past SLA since today" : `${days(sla.daysPast)} past SLA`}</span>
      ) : sla.daysLeft !== null ? (
        <span className="text-xs text-muted-foreground">{sla.daysLeft === 0 ? "due today" : `due in ${days(sla.daysLeft)}`}</span>
      ) : (
        <span className="text-xs text-muted-foreground">closed</span>
      )}
    </span>
  );
}
