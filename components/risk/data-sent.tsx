import { DATA_CLASS_LABELS } from "@/components/applications/labels";

/**
 * What a dependency carries: the classes observed on the edge, and the
 * application's declared classes (which count unless an analyst narrowed the edge).
 */
export function DataSent({ observed, declared, narrowed }: { observed: string[]; declared: string[]; narrowed: string[] | null }) {
  const other = narrowed ?? declared;
  if (!observed.length && !other.length) return <span className="text-muted-foreground">None observed or declared</span>;
  return (
    <span className="inline-flex flex-col gap-0.5 text-sm">
      {observed.length > 0 && (
        <span>
          <span className="text-xs text-muted-foreground">Observed: </span>
          {observed.join(", ")}
        </span>
      )}
      {other.length > 0 && (
        <span>
          <span className="text-xs text-muted-foreground">{narrowed ? "Narrowed to: " : "Declared: "}</span>
          {other.map((c) => DATA_CLASS_LABELS[c] ?? c).join(", ")}
        </span>
      )}
      {narrowed && narrowed.length === 0 && <span className="text-xs text-muted-foreground">Narrowed: declared classes do not flow to this provider</span>}
    </span>
  );
}
