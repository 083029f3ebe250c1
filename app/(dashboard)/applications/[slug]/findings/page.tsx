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
import { getApplication } from "@/lib/server/dal/applications";
import { countActiveFindings, listAssignableUsers, listFindings } from "@/lib/server/dal/findings";
import { prefetchList } from "@/lib/server/prefetch";
import { findingListSchema } from "@/lib/validation/findings";
import { firstValues } from "@/lib/validation/list-query";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: `Findings · ${(await params).slug}` };
}

/** The application's findings tab: the queue fixed to this application. */
export default async function ApplicationFindingsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageAccess("/applications/[slug]/findings");
  const db = await getDb();
  const app = await getApplication(db, actor, (await params).slug.slice(0, 200));
  if (!app) notFound();
  const query = { ...findingListSchema.parse(firstValues(await searchParams)), app: app.slug };
  const [state, assignees, active] = await Promise.all([prefetchList("findings", query, () => listFindings(db, actor, query)), listAssignableUsers(db, actor), countActiveFindings(db, actor, { applicationId: app.id })]);
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-foreground">
        <Link href="/applications" className="hover:underline">
          Applications
        </Link>{" "}
        / <Link href={`/applications/${app.slug}`} className="hover:underline">{app.name}</Link> / Findings
      </nav>
      <PageHeader title={app.name} description={app.description ?? undefined} />
      <PageTabs
        label={`${app.name} views`}
        tabs={[
          { href: `/applications/${app.slug}`, label: "Overview", active: false },
          { href: `/applications/${app.slug}/findings`, label: "Findings", count: active, active: true },
        ]}
      />
      <HydrationBoundary state={state}>
        <FindingsTable app={app.slug} assignees={assignees} canTriage={actorCan(actor, "findings.triage")} canIngest={actorCan(actor, "ingest.write")} />
      </HydrationBoundary>
    </>
  );
}
