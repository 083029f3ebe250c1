import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { Page } from "@/lib/validation/list-query";
import type { WebhookDeliveryDto } from "@/lib/server/webhooks/dal";

const STATUS_VARIANT = { pending: "warning", succeeded: "success", failed: "destructive" } as const;

/** The delivery log: one row per event and endpoint, with the outcome of its latest attempt. */
export function WebhookDeliveriesTable({ page, pageHref }: { page: Page<WebhookDeliveryDto>; pageHref: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(page.total / page.pageSize));
  if (page.total === 0) return <EmptyState title="No deliveries yet" description="Deliveries appear here when a subscribed event happens, or after “Send test”." />;
  return (
    <>
      <div className="rounded-md border bg-card">
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Event</TableHead>
              <TableHead>Endpoint</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="text-right">Attempts</TableHead>
              <TableHead>Last answer</TableHead>
              <TableHead>Created</TableHead>
              <TableHead>Delivered / next attempt</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {page.rows.map((d) => (
              <TableRow key={d.id} data-testid={`webhook-delivery-${d.id}`}>
                <TableCell className="font-mono text-xs">{d.event}</TableCell>
                <TableCell>{d.endpointName}</TableCell>
                <TableCell>
                  <Badge variant={STATUS_VARIANT[d.status]}>{d.status}</Badge>
                </TableCell>
                <TableCell className="text-right tabular-nums">{d.attempts}</TableCell>
                <TableCell className="max-w-xs text-sm">
                  {d.lastStatusCode !== null && <span className="font-mono">{d.lastStatusCode}</span>}
                  {d.lastError && <p className="text-xs text-danger-foreground">{d.lastError}</p>}
                  {d.lastStatusCode === null && !d.lastError && <span className="text-muted-foreground">—</span>}
                </TableCell>
                <TableCell className="text-sm">
                  <RelativeTime value={d.createdAt} />
                </TableCell>
                <TableCell className="text-sm">
                  {d.deliveredAt ? <RelativeTime value={d.deliveredAt} /> : d.nextAttemptAt ? <RelativeTime value={d.nextAttemptAt} /> : <span className="text-muted-foreground">—</span>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
      {pages > 1 && (
        <nav aria-label="Delivery log pages" className="mt-2 flex items-center justify-end gap-3 text-sm">
          {page.page > 1 && <Link href={pageHref(page.page - 1)}>Previous</Link>}
          <span>
            Page {page.page} of {pages}
          </span>
          {page.page < pages && <Link href={pageHref(page.page + 1)}>Next</Link>}
        </nav>
      )}
    </>
  );
}
