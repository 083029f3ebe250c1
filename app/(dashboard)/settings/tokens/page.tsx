import type { Metadata } from "next";
import { CreateTokenForm } from "@/components/settings/create-token-form";
import { RevokeTokenButton } from "@/components/settings/revoke-token-button";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listApiTokens } from "@/lib/server/dal/tokens";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

export default async function TokensPage() {
  const actor = await requirePageAccess("/settings/tokens");
  const tokens = await listApiTokens(await getDb(), actor);
  return (
    <div className="grid gap-6 xl:grid-cols-[1fr_22rem]">
      <section aria-labelledby="tokens-heading">
        <h2 id="tokens-heading" className="mb-2 text-lg font-semibold">
          API tokens ({tokens.length})
        </h2>
        <p className="mb-3 text-sm text-muted-foreground">
          Tokens let CI jobs and gateways call Sibyl&apos;s API with <code>Authorization: Bearer &lt;token&gt;</code>. Only a hash is stored; a token acts with its scopes, within its creator&apos;s role.
        </p>
        {tokens.length === 0 ? (
          <EmptyState title="No API tokens yet" description="Create one for each CI pipeline or gateway that needs to ingest data or read scores." />
        ) : (
          <div className="rounded-md border bg-card">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Name</TableHead>
                  <TableHead>Prefix</TableHead>
                  <TableHead>Scopes</TableHead>
                  <TableHead>Created</TableHead>
                  <TableHead>Expires</TableHead>
                  <TableHead>Last used</TableHead>
                  <TableHead>Status</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {tokens.map((t) => (
                    <TableRow key={t.id} data-testid={`token-row-${t.name}`}>
                      <TableCell className="font-medium">{t.name}</TableCell>
                      <TableCell className="font-mono text-xs">{t.prefix}…</TableCell>
                      <TableCell className="space-x-1">
                        {t.scopes.map((s) => (
                          <Badge key={s} variant="outline">
                            {s}
                          </Badge>
                        ))}
                      </TableCell>
                      <TableCell>
                        <RelativeTime value={t.createdAt} /> <span className="text-xs text-muted-foreground">by {t.createdBy}</span>
                      </TableCell>
                      <TableCell>{t.expiresAt ? <RelativeTime value={t.expiresAt} /> : "Never"}</TableCell>
                      <TableCell>
                        <RelativeTime value={t.lastUsedAt} />
                      </TableCell>
                      <TableCell>
                        {t.revokedAt ? (
                          <Badge variant="destructive">Revoked</Badge>
                        ) : t.expired ? (
                          <Badge variant="warning">Expired</Badge>
                        ) : (
                          <RevokeTokenButton tokenId={t.id} name={t.name} />
                        )}
                      </TableCell>
                    </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>
      <section aria-labelledby="new-token" className="h-fit rounded-lg border bg-card p-4">
        <h2 id="new-token" className="mb-3 text-lg font-semibold">
          Create a token
        </h2>
        <CreateTokenForm />
      </section>
    </div>
  );
}
