import type { Metadata } from "next";
import Link from "next/link";
import { HydrationBoundary } from "@tanstack/react-query";
import { DependenciesTable } from "@/components/dependencies/dependencies-table";
import { PageHeader } from "@/components/layout/page-header";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listDependencies } from "@/lib/server/dal/dependency-list";
import { prefetchList } from "@/lib/server/prefetch";
import { firstValues } from "@/lib/validation/list-query";
import { dependencyListSchema } from "@/lib/validation/lists";

export const metadata: Metadata = { title: "Dependencies" };
export const dynamic = "force-dynamic";

export default async function DependenciesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageAccess("/dependencies");
  const db = await getDb();
  const query = dependencyListSchema.parse(firstValues(await searchParams));
  const state = await prefetchList("dependencies", query, () => listDependencies(db, actor, query));
  return (
    <>
      <PageHeader
        title="Dependencies"
        description="Every application's dependency on a third-party provider, riskiest first: likelihood (the provider's grade) × impact (the data it receives, the application's tier and call volume)."
        actions={
          <Link href="/providers/methodology#dependency-risk" className="text-sm font-medium text-primary hover:underline">
            How risk is computed
          </Link>
        }
      />
      <HydrationBoundary state={state}>
        <DependenciesTable />
      </HydrationBoundary>
    </>
  );
}
