import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { HydrationBoundary } from "@tanstack/react-query";
import { FindingsTable } from "@/components/findings/findings-table";
import { PageHeader } from "@/components/layout/page-header";
import { PageTabs } from "@/components/layout/page-tabs";
import { actorCan } from "@/lib/server/actor";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listApplicationOptions } from "@/lib/server/dal/application-options";
import { countActiveFindings, listAssignableUsers, listFindings } from "@/lib/server/dal/findings";
import { getProvider } from "@/lib/server/dal/providers";
import { prefetchList } from "@/lib/server/prefetch";
import { findingListSchema } from "@/lib/validation/findings";
import { firstValues } from "@/lib/validation/list-query";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: `Findings · ${(await params).slug}` };
}

/** The provider's findings tab: every finding about this provider, across the applications that depend on it. */
export default async function ProviderFindingsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageAccess("/providers/[slug]/findings");
  const db = await getDb();
  const provider = await getProvider(db, actor, (await params).slug.slice(0, 200));
  if (!provider) notFound();
  const query = { ...findingListSchema.parse(firstValues(await searchParams)), provider: provider.slug };
  const [state, assignees, active, applications] = await Promise.all([
    prefetchList("findings", query, () => listFindings(db, actor, query)),
    listAssignableUsers(db, actor),
    countActiveFindings(db, actor, { providerId: provider.id }),
    actorCan(actor, "inventory.read") ? listApplicationOptions(db, actor) : [],
  ]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-foreground">
        <Link href="/providers" className="hover:underline">
          Providers
        </Link>{" "}
        / <Link href={`/providers/${provider.slug}`} className="hover:underline">{provider.name}</Link> / Findings
      </nav>
      <PageHeader title={provider.name} />
      <PageTabs
        label={`${provider.name} views`}
        tabs={[
          { href: `/providers/${provider.slug}`, label: "Reputation", active: false },
          { href: `/providers/${provider.slug}/findings`, label: "Findings", count: active, active: true },
        ]}
      />
      <HydrationBoundary state={state}>
        <FindingsTable provider={provider.slug} applications={applications} assignees={assignees} canTriage={actorCan(actor, "findings.triage")} canIngest={actorCan(actor, "ingest.write")} />
      </HydrationBoundary>
    </>
  );
}
