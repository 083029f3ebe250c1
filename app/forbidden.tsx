import Link from "next/link";
import { DocumentTitle } from "@/components/layout/document-title";

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-lg p-10 text-center">
      <DocumentTitle title="Access denied · Sibyl" />
      <p className="text-sm font-semibold text-muted-foreground">403</p>
      <h1 className="mt-2 text-2xl font-semibold">You do not have access to this page</h1>
      <p className="mt-3 text-muted-foreground">Your role does not include this permission. Ask an administrator if you need it.</p>
      <Link href="/overview" className="mt-6 inline-block text-primary underline">
        Back to the overview
      </Link>
    </main>
  );
}
