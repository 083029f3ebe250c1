import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { PageTabs } from "@/components/layout/page-tabs";
import { countActiveFindings } from "@/lib/server/dal/findings";
import { AttestationsList, IncidentsList, OverridesList } from "@/components/providers/analyst-records";
import { DependentsRiskTable } from "@/components/providers/dependents-risk-table";
import { FactorBars } from "@/components/providers/factor-bars";
import { ImprovementsList } from "@/components/providers/improvements-list";
import { ProviderIdentification } from "@/components/providers/provider-identification";
import { ReputationActions, type CurrentAuth } from "@/components/providers/reputation-forms";
import { ScoreHistory } from "@/components/providers/score-history";
import { ScoreSummary } from "@/components/providers/score-summary";
import { EmptyState } from "@/components/ui/empty-state";
import { ProviderQuarantine } from "@/components/decisions/provider-quarantine";
import { AUTH_STRENGTH, type AuthMethod } from "@/lib/domain/scoring/analyst-factors";
import { FACTORS, type FactorName } from "@/lib/domain/scoring/types";
import { actorCan } from "@/lib/server/actor";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { getProvider } from "@/lib/server/dal/providers";
import { getProviderReputation, type StoredScore } from "@/lib/server/dal/reputation";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: (await params).slug };
}

/** The authentication evidence of the latest score, to pre-fill the form. */
function currentAuth(score: StoredScore | null): CurrentAuth | null {
  const evidence = score?.factors.find((f) => f.name === "authentication")?.evidence;
  if (!evidence || !Array.isArray(evidence.methods)) return null;
  return {
    methods: evidence.methods.filter((m): m is AuthMethod => typeof m === "string" && m in AUTH_STRENGTH),
    shortLivedTokens: evidence.shortLivedTokens === true,
    keyRotation: evidence.keyRotation === true,
  };
}

export default async function ProviderPage({ params }: { params: Promise<{ slug: string }> }) {
  const actor = await requirePageAccess("/providers/[slug]");
  const slug = (await params).slug.slice(0, 200);
  const db = await getDb();
  const [provider, reputation] = await Promise.all([getProvider(db, actor, slug), getProviderReputation(db, actor, slug)]);
  if (!provider || !reputation) notFound();
  const activeFindings = actorCan(actor, "findings.read") ? await countActiveFindings(db, actor, { providerId: provider.id }) : null;
  const canWrite = actorCan(actor, "providers.write");
  const website = provider.website && /^https?:\/\//.test(provider.website) ? provider.website : null;
  const score = reputation.score;
  const host = provider.hostPatterns.find((h) => !h.startsWith("*.")) ?? null;
  const subscores = Object.fromEntries(FACTORS.map((f) => [f, score?.factors.find((x) => x.name === f)?.subscore ?? null])) as Record<FactorName, number | null>;
  const today = new Date().toISOString().slice(0, 10);
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
        actions={
          <div className="flex flex-wrap items-start gap-3">
            <Link href="/providers/methodology" className="mt-1.5 text-sm font-medium text-primary hover:underline">
              How scores are computed
            </Link>
            {actorCan(actor, "policies.write") && <ProviderQuarantine slug={provider.slug} name={provider.name} />}
          </div>
        }
      />
      {activeFindings !== null && (
        <PageTabs
          label={`${provider.name} views`}
          tabs={[
            { href: `/providers/${provider.slug}`, label: "Reputation", active: true },
            { href: `/providers/${provider.slug}/findings`, label: "Findings", count: activeFindings, active: false },
          ]}
        />
      )}
      <div className="space-y-6">
        {score ? (
          <>
            <ScoreSummary score={score} host={host} />
            <div className="grid gap-6 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
              <FactorBars factors={score.factors} />
              <div className="space-y-6">
                <ImprovementsList improvements={score.improvements} score={score.score} />
                <ScoreHistory history={reputation.history} />
              </div>
            </div>
          </>
        ) : (
          <EmptyState
            headingLevel={2}
            title="Not scored yet"
            description={
              <>
                Sibyl has no evidence about {provider.name} yet. Probe its API host with <code>npm run sibyl -- probe {host ?? "<host>"}</code>, record an attestation or authentication methods below, or ingest SBOMs and traffic of the applications that use it; the score appears with the first evidence.
              </>
            }
          />
        )}
        <DependentsRiskTable dependents={reputation.dependents} total={reputation.dependentCount} providerSlug={reputation.provider.slug} />
        <section aria-labelledby="analyst-heading" className="space-y-4">
          <div>
            <h2 id="analyst-heading" className="text-lg font-semibold">
              Analyst evidence
            </h2>
            <p className="text-sm text-muted-foreground">
              Attestations, incidents, authentication methods and overrides recorded by analysts. Each change is audited and rescoring happens at once.
            </p>
          </div>
          {canWrite && <ReputationActions slug={provider.slug} subscores={subscores} currentAuth={currentAuth(score)} />}
          <AttestationsList attestations={reputation.attestations} today={today} />
          <IncidentsList incidents={reputation.incidents} />
          <OverridesList overrides={reputation.overrides} slug={provider.slug} canWrite={canWrite} />
        </section>
        <ProviderIdentification hostPatterns={provider.hostPatterns} sdkPackages={provider.sdkPackages} />
      </div>
    </>
  );
}
