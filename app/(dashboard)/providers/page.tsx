import type { Metadata } from "next";
import Link from "next/link";
import { HydrationBoundary } from "@tanstack/react-query";
import { PageHeader } from "@/components/layout/page-header";
import { ProvidersTable } from "@/components/providers/providers-table";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listProviderCategories, listProviders } from "@/lib/server/dal/providers";
import { prefetchList } from "@/lib/server/prefetch";
import { firstValues } from "@/lib/validation/list-query";
import { providerListSchema } from "@/lib/validation/lists";

export const metadata: Metadata = { title: "Providers" };
export const dynamic = "force-dynamic";

export default async function ProvidersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requirePageAccess("/providers");
  const db = await getDb();
  const query = providerListSchema.parse(firstValues(await searchParams));
  const [state, categories] = await Promise.all([prefetchList("providers", query, () => listProviders(db, actor, query)), listProviderCategories(db, actor)]);
  return (
    <>
      <PageHeader
        title="Providers"
        description="Third-party API providers from Sibyl's catalog, with their reputation grade, the evidence behind it and the applications that depend on them."
        actions={
          <Link href="/providers/methodology" className="text-sm font-medium text-primary hover:underline">
            How scores are computed
          </Link>
        }
      />
      <HydrationBoundary state={state}>
        <ProvidersTable categories={categories} />
      </HydrationBoundary>
    </>
  );
}
