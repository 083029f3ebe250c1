import * as React from "react";
import { Inbox } from "lucide-react";

import { cn } from "@/lib/utils";

export type EmptyStateProps = Omit<React.ComponentProps<"div">, "title"> & {
  /** What is missing, e.g. "No APIs registered yet". */
  title: React.ReactNode;
  /** What would fill this page and how to get there. */
  description?: React.ReactNode;
  /** Call to action, e.g. a `<Button asChild><Link …/></Button>`. */
  action?: React.ReactNode;
  /** Icon element (decorative); defaults to an inbox icon. Pass `null` to hide. */
  icon?: React.ReactNode;
  /** Heading level for the title (default h3). */
  headingLevel?: 2 | 3 | 4;
};

/** Placeholder for empty tables/lists explaining what would fill the page. */
export function EmptyState({
  title,
  description,
  action,
  icon,
  headingLevel = 3,
  className,
  ...props
}: EmptyStateProps) {
  const Heading = `h${headingLevel}` as "h2" | "h3" | "h4";
  const iconNode = icon === undefined ? <Inbox className="size-5" /> : icon;
  return (
    <div
      data-slot="empty-state"
      className={cn(
        "flex flex-col items-center justify-center gap-2 rounded-lg border border-dashed bg-card px-6 py-10 text-center",
        className,
      )}
      {...props}
    >
      {iconNode !== null && (
        <div
          aria-hidden="true"
          className="mb-1 flex size-10 items-center justify-center rounded-full bg-muted text-muted-foreground [&_svg:not([class*='size-'])]:size-5"
        >
          {iconNode}
        </div>
      )}
      <Heading className="text-sm font-semibold text-foreground">{title}</Heading>
      {description && <div className="max-w-md text-sm text-muted-foreground">{description}</div>}
      {action && <div className="mt-2 flex flex-wrap items-center justify-center gap-2">{action}</div>}
    </div>
  );
}
