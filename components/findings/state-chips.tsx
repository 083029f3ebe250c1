import { Clock } from "lucide-react";
import { STATE_LABELS, type FindingState } from "@/lib/domain/triage/states";
import type { StateCounts } from "@/lib/server/dal/findings";
import { cn } from "@/lib/utils";
import { FINDING_STATE_META } from "./state-badge";

export type StateFilter = FindingState | "active" | "all";

const CHIPS: { value: StateFilter; label: string }[] = [
  { value: "active", label: "Active" },
  { value: "open", label: STATE_LABELS.open },
  { value: "in_triage", label: STATE_LABELS.in_triage },
  { value: "confirmed", label: STATE_LABELS.confirmed },
  { value: "risk_accepted", label: STATE_LABELS.risk_accepted },
  { value: "false_positive", label: STATE_LABELS.false_positive },
  { value: "not_affected", label: STATE_LABELS.not_affected },
  { value: "resolved", label: STATE_LABELS.resolved },
  { value: "all", label: "All" },
];

/** Counts per state as quick filters (under the other filters), and the past-SLA toggle. */
export function StateChips({ counts, state, pastSla, onState, onPastSla }: { counts: StateCounts | undefined; state: StateFilter; pastSla: boolean; onState: (s: StateFilter) => void; onPastSla: (on: boolean) => void }) {
  return (
    <div role="group" aria-label="Quick filters by state and SLA" className="flex flex-wrap items-center gap-1.5">
      {CHIPS.map((c) => (
        <Chip key={c.value} label={c.label} count={counts?.[c.value]} active={state === c.value} onClick={() => onState(c.value)} state={c.value} />
      ))}
      <span aria-hidden className="mx-1 h-6 w-px bg-border" />
      <button
        type="button"
        aria-pressed={pastSla}
        onClick={() => onPastSla(!pastSla)}
        title="Active findings whose SLA deadline has passed"
        className={cn(
          "inline-flex items-center gap-1.5 rounded-md border border-danger-border bg-danger px-2.5 py-1 text-sm font-medium text-danger-foreground shadow-xs transition-colors hover:brightness-95",
          pastSla && "outline-2 outline-offset-1 outline-primary",
        )}
      >
        <Clock aria-hidden className="size-4" />
        Past SLA
        <Count value={counts?.pastSla} />
      </button>
    </div>
  );
}

function Chip({ label, count, active, onClick, state }: { label: string; count: number | undefined; active: boolean; onClick: () => void; state: StateFilter }) {
  const meta = state === "active" || state === "all" ? null : FINDING_STATE_META[state];
  const Icon = meta?.icon;
  return (
    <button
      type="button"
      aria-pressed={active}
      onClick={onClick}
      data-state={state}
      className={cn(
        "inline-flex items-center gap-1.5 rounded-md border px-2.5 py-1 text-sm font-medium shadow-xs transition-colors hover:bg-accent",
        meta ? meta.className : "border-input bg-card text-foreground",
        active && "outline-2 outline-offset-1 outline-primary",
      )}
    >
      {Icon && <Icon aria-hidden className="size-4" />}
      {label}
      <Count value={count} />
    </button>
  );
}

function Count({ value }: { value: number | undefined }) {
  return <span className="rounded bg-card/80 px-1.5 text-xs tabular-nums text-foreground">{value === undefined ? "…" : value.toLocaleString("en")}</span>;
}
