import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { CriticalityBadge } from "@/components/ui/criticality-badge";
import { EmptyState } from "@/components/ui/empty-state";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requirePageActor } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { getProvider } from "@/lib/server/dal/providers";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: (await params).slug };
}

const ECOSYSTEM_LABELS: Record<string, string> = { npm: "npm", pypi: "PyPI", maven: "Maven", go: "Go", nuget: "NuGet", rubygems: "RubyGems" };

export default async function ProviderPage({ params }: { params: Promise<{ slug: string }> }) {
  const actor = await requirePageActor("providers.read");
  const provider = await getProvider(await getDb(), actor, (await params).slug.slice(0, 200));
  if (!provider) notFound();
  const website = provider.website && /^https?:\/\//.test(provider.website) ? provider.website : null;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-foreground">
        <Link href="/providers" className="hover:underline">
          Providers
        </Link>{" "}
        / {provider.name}
      </nav>
      <PageHeader
        title={provider.name}
        description={
          <>
            {provider.description ?? provider.category}
            {website && (
              <>
                {" · "}
                <a href={website} rel="noopener noreferrer nofollow" target="_blank" className="text-primary underline underline-offset-2">
                  {website}
                </a>
              </>
            )}
          </>
        }
      />
      <div className="mb-8 grid gap-4 md:grid-cols-2">
        <section aria-labelledby="hosts" className="rounded-lg border bg-card p-4">
          <h2 id="hosts" className="mb-2 text-sm font-semibold">
            API host patterns
          </h2>
          <ul className="space-y-0.5 font-mono text-xs">
            {provider.hostPatterns.map((h) => (
              <li key={h}>{h}</li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="sdks" className="rounded-lg border bg-card p-4">
          <h2 id="sdks" className="mb-2 text-sm font-semibold">
            SDK packages
          </h2>
          {Object.keys(provider.sdkPackages).length === 0 ? (
            <p className="text-sm text-muted-foreground">No SDK packages in the catalog.</p>
          ) : (
            <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
              {Object.entries(provider.sdkPackages).map(([eco, pkgs]) => (
                <div key={eco} className="contents">
                  <dt className="text-muted-foreground">{ECOSYSTEM_LABELS[eco] ?? eco}</dt>
                  <dd className="font-mono text-xs">{pkgs.join(", ")}</dd>
                </div>
              ))}
            </dl>
          )}
        </section>
      </div>
      <section aria-labelledby="dependents">
        <h2 id="dependents" className="mb-2 text-lg font-semibold">
          Dependent applications ({provider.dependents.length})
        </h2>
        {provider.dependents.length === 0 ? (
          <EmptyState title="No application depends on this provider" description="Dependencies appear when traffic, SBOMs or catalogs show an application calling it." />
        ) : (
          <div className="rounded-md border bg-card">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Application</TableHead>
                  <TableHead>Team</TableHead>
                  <TableHead>Criticality</TableHead>
                  <TableHead>Source</TableHead>
                  <TableHead>Data sent</TableHead>
                  <TableHead className="text-right">Calls</TableHead>
                  <TableHead>Last seen</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {provider.dependents.map((d, i) => (
                  <TableRow key={`${d.slug}-${d.source}-${i}`}>
                    <TableCell>
                      <Link href={`/applications/${d.slug}`} className="font-medium text-primary hover:underline">
                        {d.name}
                      </Link>
                    </TableCell>
                    <TableCell>{d.teamName ?? "—"}</TableCell>
                    <TableCell>
                      <CriticalityBadge tier={d.criticality as 1 | 2 | 3 | 4} />
                    </TableCell>
                    <TableCell>{d.source}</TableCell>
                    <TableCell>{d.dataClasses.length ? d.dataClasses.join(", ") : <span className="text-muted-foreground">None observed</span>}</TableCell>
                    <TableCell className="text-right tabular-nums">{d.callCount.toLocaleString("en")}</TableCell>
                    <TableCell>
                      <RelativeTime value={d.lastSeenAt} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </section>
    </>
  );
}
