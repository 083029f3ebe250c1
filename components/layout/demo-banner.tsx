import { FlaskConical } from "lucide-react";

export function DemoBanner() {
  return (
    <div role="note" className="flex items-center gap-2 border-b border-warning-border bg-warning px-4 py-1.5 text-xs font-medium text-warning-foreground">
      <FlaskConical className="size-3.5" aria-hidden />
      Demo data: the organisation, applications and dependencies shown here are generated examples, not a real inventory.
    </div>
  );
}
