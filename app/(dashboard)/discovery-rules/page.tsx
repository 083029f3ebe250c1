import type { Metadata } from "next";
import Link from "next/link";
import { EndpointStatusBadge } from "@/components/inventory/endpoint-status-badge";
import { PageHeader } from "@/components/layout/page-header";
import { DISCOVERY_RULES } from "@/lib/domain/ingest/classify";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { discoveryThresholds } from "@/lib/server/ingest/reconcile";

export const metadata: Metadata = { title: "Discovery rules" };
export const dynamic = "force-dynamic";

const PARAMETER_KINDS = ["numbers", "UUIDs", "ULIDs", "MongoDB ObjectIds", "hex and base64 tokens", "dates", "email addresses"];
const SENSITIVE = [
  "email addresses",
  "card numbers (only those that pass the Luhn check)",
  "national identity numbers",
  "phone numbers",
  "JSON Web Tokens",
  "API keys in query strings",
];

export default async function DiscoveryRulesPage() {
  await requirePageAccess("/discovery-rules");
  const { orphanAfterDays } = await discoveryThresholds(await getDb());
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-foreground">
        <Link href="/inventory" className="hover:underline">
          Inventory
        </Link>{" "}
        / Discovery rules
      </nav>
      <PageHeader title="Discovery rules" description="How Sibyl turns specs and traffic into endpoints, and how each endpoint earns its status." />

      <div className="grid max-w-4xl gap-8 text-sm leading-6">
        <section aria-labelledby="statuses">
          <h2 id="statuses" className="mb-1 text-lg font-semibold">
            Statuses
          </h2>
          <p className="mb-3 text-muted-foreground">
            After every ingest Sibyl reclassifies the application&apos;s endpoints. The rules are checked in this order and the first that matches wins; each endpoint in the
            inventory shows the rule it matched and the observation behind it (calls, first and last seen). The orphan window on this installation is{" "}
            <strong className="text-foreground">{orphanAfterDays} days</strong>.
          </p>
          <ol className="grid gap-3">
            {DISCOVERY_RULES.map((rule, i) => (
              <li key={rule.status} id={rule.status} className="scroll-mt-4 rounded-lg border bg-card p-4">
                <div className="mb-1 flex flex-wrap items-center gap-2">
                  <span className="text-xs font-medium text-muted-foreground">Rule {i + 1}</span>
                  <EndpointStatusBadge status={rule.status} />
                  <h3 className="font-semibold">{rule.title}</h3>
                  <Link href={`/inventory?status=${rule.status}`} className="ml-auto text-primary underline">
                    See {rule.title.toLowerCase()} endpoints
                  </Link>
                </div>
                <p>{rule.description}</p>
              </li>
            ))}
          </ol>
        </section>

        <section aria-labelledby="templating">
          <h2 id="templating" className="mb-1 text-lg font-semibold">
            Path templating
          </h2>
          <ul className="ml-5 list-disc space-y-1.5">
            <li>
              <strong>Spec templates first.</strong> A request path is matched against the templates of the application&apos;s specs. A literal segment beats a parameter
              (<code>/users/me</code> wins over <code>/users/{"{id}"}</code>), and the base path of the spec&apos;s servers (such as <code>/api</code>) is stripped first.
            </li>
            <li>
              <strong>Unmatched paths are grouped into inferred templates.</strong> Segments that look like {PARAMETER_KINDS.join(", ")} become parameters, as does a position
              with a high variety of values under the same prefix. Dictionary words and version markers such as <code>v1</code> and <code>v2</code> stay literal.
            </li>
            <li>
              <strong>Every inferred template has a confidence and shows its evidence:</strong> why each segment became a parameter and up to five sample paths, under
              &ldquo;Why?&rdquo; in the inventory.
            </li>
            <li>
              <strong>Analysts correct the inference.</strong> SecOps can merge several inferred endpoints into one template, or split a literal value (say <code>me</code>) out of
              a parameter. Both are recorded in the audit log.
            </li>
          </ul>
        </section>

        <section aria-labelledby="sensitive">
          <h2 id="sensitive" className="mb-1 text-lg font-semibold">
            Sensitive data
          </h2>
          <p className="mb-2">Traffic to providers is scanned for {SENSITIVE.join(", ")}.</p>
          <p>
            Sibyl records which kind of data went where (for example &ldquo;email in query parameter <code>user</code>&rdquo;) and raises findings for data sent to unclassified
            hosts and for keys in query strings. <strong>The values themselves are never stored.</strong>
          </p>
        </section>
      </div>
    </>
  );
}
