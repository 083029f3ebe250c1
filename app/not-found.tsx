import Link from "next/link";
import { DocumentTitle } from "@/components/layout/document-title";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-lg p-10 text-center">
      <DocumentTitle title="Not found · Sibyl" />
      <p className="text-sm font-semibold text-muted-foreground">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Not found</h1>
      <p className="mt-3 text-muted-foreground">There is nothing at this address, or it has been removed.</p>
      <Link href="/overview" className="mt-6 inline-block text-primary underline">
        Back to the overview
      </Link>
    </main>
  );
}
