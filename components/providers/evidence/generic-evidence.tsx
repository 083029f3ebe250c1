import { humanize, rec, type Rec } from "./read";

function Value({ value, depth }: { value: unknown; depth: number }) {
  if (value === null || value === undefined) return <span className="text-muted-foreground">—</span>;
  if (typeof value === "boolean") return <>{value ? "Yes" : "No"}</>;
  if (typeof value === "number" || typeof value === "string") return <>{String(value)}</>;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="text-muted-foreground">none</span>;
    if (value.every((v) => typeof v !== "object" || v === null)) return <>{value.map(String).join(", ")}</>;
    if (depth >= 2) return <pre className="max-h-48 overflow-auto whitespace-pre-wrap rounded bg-muted p-2 text-xs">{JSON.stringify(value, null, 2)}</pre>;
    return (
      <ol className="list-decimal space-y-1 pl-5">
        {value.slice(0, 50).map((v, i) => (
          <li key={i}>
            <Value value={v} depth={depth + 1} />
          </li>
        ))}
      </ol>
    );
  }
  const r = rec(value);
  if (r && depth < 2) return <KeyValues evidence={r} depth={depth + 1} />;
  return <pre className="max-h-48 overflow-auto whitespace-pre-wrap rounded bg-muted p-2 text-xs">{JSON.stringify(value, null, 2)}</pre>;
}

/** Any evidence as readable key/value pairs, for factors without a dedicated view. */
export function KeyValues({ evidence, depth = 0, skip = [] }: { evidence: Rec; depth?: number; skip?: string[] }) {
  const entries = Object.entries(evidence).filter(([k]) => !skip.includes(k));
  if (!entries.length) return null;
  return (
    <dl className="grid grid-cols-[minmax(8rem,auto)_1fr] gap-x-4 gap-y-0.5 text-sm">
      {entries.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-muted-foreground">{humanize(k)}</dt>
          <dd className="min-w-0 break-words">
            <Value value={v} depth={depth} />
          </dd>
        </div>
      ))}
    </dl>
  );
}
