import type { Metadata } from "next";
import Link from "next/link";
import { UploadPanel } from "@/components/ingest/upload-panel";
import { PageHeader } from "@/components/layout/page-header";
import { Button } from "@/components/ui/button";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { listApplicationOptions } from "@/lib/server/dal/application-options";

export const metadata: Metadata = { title: "Ingest" };
export const dynamic = "force-dynamic";

export default async function IngestPage() {
  const actor = await requirePageAccess("/ingest");
  const applications = await listApplicationOptions(await getDb(), actor);
  return (
    <>
      <PageHeader
        title="Ingest"
        description="Upload what Sibyl learns from: OpenAPI specs say what an application documents, traffic logs what is really called, SBOMs which provider SDKs it ships."
        actions={
          <Button asChild variant="outline" size="sm">
            <Link href="/ingest/runs">Ingest runs</Link>
          </Button>
        }
      />
      <UploadPanel applications={applications} />
    </>
  );
}
