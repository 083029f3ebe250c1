import Link from "next/link";
import { cn } from "@/lib/utils";

export interface PageTab {
  href: string;
  label: string;
  /** A count shown beside the label (e.g. open findings). */
  count?: number;
  active: boolean;
}

/** Tabs that are pages (each its own URL), for an entity's views: its overview, its findings. */
export function PageTabs({ label, tabs }: { label: string; tabs: PageTab[] }) {
  return (
    <nav aria-label={label} className="mb-6 flex gap-1 border-b">
      {tabs.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          aria-current={t.active ? "page" : undefined}
          className={cn("-mb-px inline-flex items-center gap-2 border-b-2 border-transparent px-3 py-2 text-sm font-medium text-muted-foreground hover:text-foreground", t.active && "border-primary text-foreground")}
        >
          {t.label}
          {t.count !== undefined && <span className="rounded bg-muted px-1.5 text-xs tabular-nums text-foreground">{t.count.toLocaleString("en")}</span>}
        </Link>
      ))}
    </nav>
  );
}
