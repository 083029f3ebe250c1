import type { ReactNode } from "react";
import { Check, Minus, X } from "lucide-react";
import { cn } from "@/lib/utils";

/** A definition list of facts; rows with a null value are left out. */
export function Facts({ rows, className }: { rows: [string, ReactNode][]; className?: string }) {
  const shown = rows.filter(([, v]) => v !== null && v !== undefined && v !== "");
  if (!shown.length) return null;
  return (
    <dl className={cn("grid grid-cols-[11rem_1fr] gap-x-4 gap-y-0.5 text-sm", className)}>
      {shown.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-muted-foreground">{k}</dt>
          <dd className="min-w-0 break-words">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Yes / no / unknown with an icon and a word, so it reads without colour. */
export function YesNo({ value, yes = "Yes", no = "No", good = true }: { value: boolean | null; yes?: string; no?: string; good?: boolean }) {
  if (value === null) {
    return (
      <span className="inline-flex items-center gap-1 text-muted-foreground">
        <Minus className="size-3.5" aria-hidden />
        Not tested
      </span>
    );
  }
  const fine = value === good;
  const Icon = value ? Check : X;
  return (
    <span className={cn("inline-flex items-center gap-1", fine ? "text-success-foreground" : "text-danger-foreground")}>
      <Icon className="size-3.5" aria-hidden />
      {value ? yes : no}
    </span>
  );
}

export function EvidenceHeading({ children }: { children: ReactNode }) {
  return <h4 className="mb-1 mt-3 text-xs font-semibold uppercase tracking-wide text-muted-foreground first:mt-0">{children}</h4>;
}

export function MiniTable({ head, rows, caption }: { head: string[]; rows: ReactNode[][]; caption: string }) {
  return (
    <div className="overflow-x-auto rounded border">
      <table className="w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-muted/60 text-left text-xs text-muted-foreground">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="px-2 py-1 font-semibold">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((cells, i) => (
            <tr key={i} className="border-t align-top">
              {cells.map((c, j) => (
                <td key={j} className="px-2 py-1">
                  {c}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
