import type { Metadata } from "next";
import { HydrationBoundary } from "@tanstack/react-query";
import { AuditTable } from "@/components/audit/audit-table";
import { PageHeader } from "@/components/layout/page-header";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listAudit } from "@/lib/server/dal/audit";
import { prefetchList } from "@/lib/server/prefetch";
import { firstValues } from "@/lib/validation/list-query";
import { auditListSchema } from "@/lib/validation/lists";

export const metadata: Metadata = { title: "Audit log" };
export const dynamic = "force-dynamic";

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageAccess("/audit");
  const query = auditListSchema.parse(firstValues(await searchParams));
  const db = await getDb();
  const state = await prefetchList("audit", query, () => listAudit(db, actor, query));
  return (
    <>
      <PageHeader title="Audit log" description="Every change made in Sibyl, by whom and when. The log is append-only: the database refuses edits and deletions." />
      <HydrationBoundary state={state}>
        <AuditTable />
      </HydrationBoundary>
    </>
  );
}
