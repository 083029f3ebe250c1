import { Download } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { NativeSelect } from "@/components/ui/native-select";

/**
 * The decision log for auditors: every state change in a period (who, when,
 * from, to, justification) as CSV or JSON. A plain GET form, so it downloads
 * with the session and works without JavaScript.
 */
export function DecisionLogExport({ from, to }: { from: string; to: string }) {
  return (
    <details className="group relative">
      <summary className="inline-flex h-8 cursor-pointer list-none items-center gap-1.5 rounded-md border bg-card px-3 text-sm font-medium shadow-xs hover:bg-accent">
        <Download className="size-4" aria-hidden />
        Decision log
      </summary>
      <form method="get" action="/api/v1/findings/decisions" className="absolute right-0 z-20 mt-2 w-80 space-y-3 rounded-md border bg-card p-4 shadow-lg">
        <p className="text-xs text-muted-foreground">Every state change in the period: who, when, from, to and the justification.</p>
        <div className="grid grid-cols-2 gap-2">
          <div className="space-y-1">
            <Label htmlFor="decision-log-from">From</Label>
            <Input id="decision-log-from" name="from" type="date" defaultValue={from} required />
          </div>
          <div className="space-y-1">
            <Label htmlFor="decision-log-to">To</Label>
            <Input id="decision-log-to" name="to" type="date" defaultValue={to} required />
          </div>
        </div>
        <div className="space-y-1">
          <Label htmlFor="decision-log-format">Format</Label>
          <NativeSelect id="decision-log-format" name="format" defaultValue="csv">
            <option value="csv">CSV</option>
            <option value="json">JSON</option>
          </NativeSelect>
        </div>
        <Button type="submit" size="sm">
          Download decision log
        </Button>
      </form>
    </details>
  );
}
