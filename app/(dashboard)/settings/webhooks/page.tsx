import type { Metadata } from "next";
import { WebhookCreateForm } from "@/components/settings/webhook-create-form";
import { WebhookDeliveriesTable } from "@/components/settings/webhook-deliveries-table";
import { WebhookRowActions } from "@/components/settings/webhook-row-actions";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listWebhookDeliveries, listWebhookEndpoints } from "@/lib/server/webhooks/dal";
import { WEBHOOK_EVENT_LABELS, WEBHOOK_EVENTS } from "@/lib/server/webhooks/events";
import { firstValues } from "@/lib/validation/list-query";
import { webhookDeliveryListSchema } from "@/lib/validation/webhooks";

export const metadata: Metadata = { title: "Webhooks" };
export const dynamic = "force-dynamic";

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageAccess("/settings/webhooks");
  const query = webhookDeliveryListSchema.parse(firstValues(await searchParams));
  const db = await getDb();
  const [endpoints, deliveries] = await Promise.all([listWebhookEndpoints(db, actor), listWebhookDeliveries(db, actor, query)]);
  const pageHref = (p: number) =>
    `/settings/webhooks?${new URLSearchParams({ ...(query.status ? { status: query.status } : {}), ...(query.endpointId ? { endpointId: query.endpointId } : {}), page: String(p) })}`;
  const events = WEBHOOK_EVENTS.map((value) => ({ value, label: WEBHOOK_EVENT_LABELS[value] }));
  return (
    <div className="grid gap-6 xl:grid-cols-[1fr_24rem]">
      <div className="min-w-0 space-y-8">
        <section aria-labelledby="webhooks-heading">
          <h2 id="webhooks-heading" className="mb-2 text-lg font-semibold">
            Webhook endpoints ({endpoints.length})
          </h2>
          <p className="mb-3 text-sm text-muted-foreground">
            Sibyl POSTs a JSON event to each endpoint subscribed to it, with the headers <code>Sibyl-Event</code>, <code>Sibyl-Delivery</code> and <code>Sibyl-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex&gt;</code>, where <code>v1</code> is
            HMAC-SHA256 of <code>&lt;t&gt;.&lt;raw body&gt;</code> with the endpoint&apos;s secret (the scheme Stripe uses). Answer 2xx within 10 s; redirects are not followed. Other answers are retried with exponential backoff, up to 8
            attempts over about twelve hours.
          </p>
          {endpoints.length === 0 ? (
            <EmptyState title="No webhook endpoints yet" description="Register a URL to be told about new critical or high findings, SLA breaches, expiring risk acceptances and reopened findings." />
          ) : (
            <div className="rounded-md border bg-card">
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Name</TableHead>
                    <TableHead>URL</TableHead>
                    <TableHead>Events</TableHead>
                    <TableHead>Deliveries</TableHead>
                    <TableHead>Actions</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {endpoints.map((e) => (
                    <TableRow key={e.id} data-testid={`webhook-row-${e.name}`}>
                      <TableCell className="font-medium">
                        {e.name} {!e.enabled && <Badge variant="outline">disabled</Badge>}
                      </TableCell>
                      <TableCell className="max-w-xs truncate font-mono text-xs" title={e.url}>
                        {e.url}
                      </TableCell>
                      <TableCell>
                        <ul className="text-xs">
                          {e.events.map((ev) => (
                            <li key={ev}>{WEBHOOK_EVENT_LABELS[ev] ?? ev}</li>
                          ))}
                        </ul>
                      </TableCell>
                      <TableCell className="text-xs">
                        {e.pendingDeliveries > 0 && <Badge variant="warning">{e.pendingDeliveries} pending</Badge>} {e.failedDeliveries > 0 && <Badge variant="destructive">{e.failedDeliveries} failed</Badge>}
                        {e.pendingDeliveries === 0 && e.failedDeliveries === 0 && <span className="text-muted-foreground">—</span>}
                      </TableCell>
                      <TableCell>
                        <WebhookRowActions endpointId={e.id} name={e.name} enabled={e.enabled} />
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          )}
        </section>
        <section aria-labelledby="deliveries-heading">
          <h2 id="deliveries-heading" className="mb-2 text-lg font-semibold">
            Delivery log ({deliveries.total})
          </h2>
          <WebhookDeliveriesTable page={deliveries} pageHref={pageHref} />
        </section>
      </div>
      <section aria-labelledby="new-webhook" className="h-fit rounded-lg border bg-card p-4">
        <h2 id="new-webhook" className="mb-3 text-lg font-semibold">
          Register an endpoint
        </h2>
        <WebhookCreateForm events={events} />
      </section>
    </div>
  );
}
