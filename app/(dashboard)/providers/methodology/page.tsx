import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { AUTH_METHOD_LABELS, FACTOR_DESCRIPTIONS, FACTOR_LABELS, GRADE_BANDS } from "@/components/providers/format";
import { GradeBadge } from "@/components/ui/grade-badge";
import { RelativeTime } from "@/components/ui/relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ATTESTATION_LABELS, ATTESTATION_POINTS, AUTH_STRENGTH, INCIDENT_PENALTY, type AttestationKind, type AuthMethod } from "@/lib/domain/scoring/analyst-factors";
import { CRITICALITY_WEIGHT, GRADE_LIKELIHOOD, HIGH_VOLUME_CALLS, LEVEL_NAMES, SENSITIVITY_IMPACT, THIN_EVIDENCE_CONFIDENCE, UNKNOWN_LIKELIHOOD, type SensitivityClass } from "@/lib/domain/scoring/dependency-risk";
import { CAP_CEILING, MIN_CONFIDENCE_FOR_GRADE } from "@/lib/domain/scoring/model";
import { EXPOSURE_DATA_WEIGHT, EXPOSURE_TIER_MULTIPLIER, EXPOSURE_UNKNOWN_WEAKNESS, EXPOSURE_VOLUME_MAX, EXPOSURE_VOLUME_SATURATION_CALLS } from "@/lib/domain/reports/exposure";
import { FACTORS } from "@/lib/domain/scoring/types";
import { actorCan } from "@/lib/server/actor";
import { requirePageAccess } from "@/lib/server/auth/session";
import { getDb } from "@/lib/server/db";
import { currentModel } from "@/lib/server/scoring/model-store";

export const metadata: Metadata = { title: "How scores are computed" };
export const dynamic = "force-dynamic";

const SENSITIVITY_EXAMPLES: Record<SensitivityClass, string> = {
  none: "nothing sensitive observed",
  internal: "internal data",
  pii: "emails, phone numbers, names, national ids",
  payment: "card numbers, payment data",
  health: "health records",
  credentials: "JWTs, API keys in query strings",
};

const CAPS: { what: string; grade: "F" | "D" | "C"; factor: string }[] = [
  { what: "The API host's certificate is expired, not yet valid, untrusted, self-signed, signed with SHA-1, or does not match the host name", grade: "F", factor: "Transport security" },
  { what: "Broken TLS: cipher suites weaker than 112 bits, an insecure public or ephemeral key, or an MD5-signed certificate", grade: "D", factor: "Transport security" },
  { what: "A known-exploited vulnerability (CISA KEV) in an SDK version your applications use", grade: "D", factor: "SDK vulnerabilities" },
  { what: "The API reflects any origin in CORS while allowing credentials", grade: "D", factor: "HTTP header hygiene" },
  { what: "A breach of customer data in the last 90 days", grade: "C", factor: "Security incidents" },
];

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-heading`} className="scroll-mt-6 space-y-3 rounded-lg border bg-card p-5">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

export default async function MethodologyPage() {
  const actor = await requirePageAccess("/providers/methodology");
  const model = await currentModel(await getDb());
  const total = FACTORS.reduce((s, f) => s + Math.max(0, model.weights[f] ?? 0), 0) || 1;
  const percent = (n: number) => `${Math.round(n * 100)}%`;
  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 text-sm text-muted-foreground">
        <Link href="/providers" className="hover:underline">
          Providers
        </Link>{" "}
        / How scores are computed
      </nav>
      <PageHeader title="How scores are computed" description="The reputation score of a provider, its grade and caps, the contextual risk of each application's dependency on it, and the insurance exposure index. Every number on a provider's page can be traced back to these rules." />
      <div className="max-w-5xl space-y-6 text-sm leading-relaxed">
        <Section id="score" title="The reputation score">
          <p>
            Each factor turns its evidence into a subscore from 0 to 100. The score is the <strong>weighted mean of the factors that have data</strong>; a factor without data is left out rather than counted as 0. The weights below are those of the current scoring model,{" "}
            <strong>version {model.version}</strong>
            {model.note ? ` (“${model.note}”)` : ""}, since <RelativeTime value={model.createdAt} />. Every stored score records the model version that produced it.
            {actorCan(actor, "scoring.write") && (
              <>
                {" "}
                Administrators change the weights under{" "}
                <Link href="/settings/scoring" className="text-primary underline underline-offset-2">
                  Settings → Scoring model
                </Link>
                .
              </>
            )}
          </p>
          <div className="rounded-md border">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Factor</TableHead>
                  <TableHead>What it measures</TableHead>
                  <TableHead className="text-right">Weight</TableHead>
                  <TableHead className="text-right">Share</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {FACTORS.map((f) => (
                  <TableRow key={f}>
                    <TableCell className="font-medium">{FACTOR_LABELS[f]}</TableCell>
                    <TableCell className="whitespace-normal">{FACTOR_DESCRIPTIONS[f]}</TableCell>
                    <TableCell className="text-right tabular-nums">{model.weights[f] ?? 0}</TableCell>
                    <TableCell className="text-right tabular-nums">{percent((model.weights[f] ?? 0) / total)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <p>
            <strong>Confidence</strong> is the share of the model&apos;s weight whose factors had data. Below {percent(MIN_CONFIDENCE_FOR_GRADE)} the provider gets no grade: it shows <em>insufficient data</em> with the provisional score beside it, and dependency risk treats it as unknown.
          </p>
          <p>
            <strong>What would raise this score</strong> lists the fixes found in the evidence (renew a certificate, disable TLS 1.0, upgrade an SDK, obtain an attestation …), each recomputed with the same model, caps included, and sorted by the points it would gain.
          </p>
        </Section>

        <Section id="grades" title="Grades">
          <ul className="flex flex-wrap gap-x-8 gap-y-2">
            {GRADE_BANDS.map((b) => (
              <li key={b.grade} className="flex items-center gap-2">
                <GradeBadge grade={b.grade} /> {b.label}
              </li>
            ))}
            <li className="flex items-center gap-2">
              <GradeBadge grade={null} size="sm" /> when confidence is below {percent(MIN_CONFIDENCE_FOR_GRADE)}
            </li>
          </ul>
        </Section>

        <Section id="caps" title="Caps">
          <p>Some findings are serious enough that no amount of good evidence elsewhere should hide them. A cap limits the final score to the top of a grade (F → {CAP_CEILING.F}, D → {CAP_CEILING.D}, C → {CAP_CEILING.C}) and is shown on the provider&apos;s page as such, e.g. “Capped at F: certificate expired”.</p>
          <div className="rounded-md border">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>When</TableHead>
                  <TableHead>Factor</TableHead>
                  <TableHead>Best grade</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {CAPS.map((c) => (
                  <TableRow key={c.what}>
                    <TableCell className="whitespace-normal">{c.what}</TableCell>
                    <TableCell>{c.factor}</TableCell>
                    <TableCell>
                      <GradeBadge grade={c.grade} size="sm" />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        </Section>

        <Section id="analyst-factors" title="Incidents, attestations and authentication">
          <p>
            <strong>Incidents</strong> subtract a penalty by severity ({Object.entries(INCIDENT_PENALTY).map(([s, p], i) => `${i ? ", " : ""}${s} ${p}`)} points) that halves every <strong>180 days</strong> and has <strong>no effect after two years</strong>. A breach also caps the grade at C for 90 days.
          </p>
          <p>
            <strong>Attestations</strong> earn points while current ({(Object.keys(ATTESTATION_POINTS) as AttestationKind[]).map((k, i) => `${i ? ", " : ""}${ATTESTATION_LABELS[k]} ${ATTESTATION_POINTS[k]}`)}; at most 100). <strong>An expired attestation earns nothing</strong>; it stays on record and is listed as expired in the evidence.
          </p>
          <p>
            <strong>Authentication</strong> is the average of the strongest and the weakest method the API accepts — a weak alternative is still a way in — plus 10 for short-lived tokens and 5 for key rotation. Method strengths:{" "}
            {(Object.keys(AUTH_STRENGTH) as AuthMethod[]).map((m, i) => `${i ? ", " : ""}${AUTH_METHOD_LABELS[m]} ${AUTH_STRENGTH[m]}`)}.
          </p>
          <p>Analysts may override any factor&apos;s subscore with a justification; the override is shown on the factor, audited, and the factor&apos;s caps still apply.</p>
        </Section>

        <Section id="dependency-risk" title="Contextual dependency risk">
          <p>
            The same provider is a bigger risk to a payments service sending it card numbers than to an internal tool sending it nothing. Each application&apos;s dependency on a provider is placed on a 5 × 5 risk matrix, the way a risk register reads it (ISO/IEC 27005, NIST SP 800-30):
          </p>
          <p className="rounded-md bg-muted px-3 py-2 text-center font-mono text-base">risk = 4 × likelihood × impact &nbsp;(0–100)</p>
          <div className="grid gap-4 md:grid-cols-2">
            <div className="rounded-md border">
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Likelihood: the provider</TableHead>
                    <TableHead className="text-right">Level</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {Object.entries(GRADE_LIKELIHOOD).map(([grade, level]) => (
                    <TableRow key={grade}>
                      <TableCell>
                        Grade {grade} <span className="text-muted-foreground">({LEVEL_NAMES.likelihood[level]})</span>
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{level}</TableCell>
                    </TableRow>
                  ))}
                  <TableRow>
                    <TableCell className="whitespace-normal">No grade (not scored, or too little evidence): unknown is not safe</TableCell>
                    <TableCell className="text-right tabular-nums">{UNKNOWN_LIKELIHOOD}</TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell className="whitespace-normal">Graded on thin evidence (confidence below {percent(THIN_EVIDENCE_CONFIDENCE)})</TableCell>
                    <TableCell className="text-right tabular-nums">+1</TableCell>
                  </TableRow>
                </TableBody>
              </Table>
            </div>
            <div className="rounded-md border">
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Impact: what the application sends</TableHead>
                    <TableHead className="text-right">Level</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {(Object.keys(SENSITIVITY_IMPACT) as SensitivityClass[]).map((c) => (
                    <TableRow key={c}>
                      <TableCell className="whitespace-normal">
                        <span className="font-medium">{c}</span> <span className="text-muted-foreground">— {SENSITIVITY_EXAMPLES[c]}</span>
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{SENSITIVITY_IMPACT[c]}</TableCell>
                    </TableRow>
                  ))}
                  <TableRow>
                    <TableCell className="whitespace-normal">Tier-1 application · {HIGH_VOLUME_CALLS.toLocaleString("en")} calls or more on the edge</TableCell>
                    <TableCell className="text-right tabular-nums">+1 each</TableCell>
                  </TableRow>
                  <TableRow>
                    <TableCell>Tier-4 application</TableCell>
                    <TableCell className="text-right tabular-nums">−1</TableCell>
                  </TableRow>
                </TableBody>
              </Table>
            </div>
          </div>
          <ul className="list-disc space-y-1 pl-5">
            <li>
              <strong>Data</strong> is the most sensitive class observed on the edge in traffic, or declared for the application: an application&apos;s declared data classes count for every provider it depends on unless an analyst <em>narrows</em> the edge (on the application page, with a justification). Observed classes always count. Levels are kept between 1 and 5.
            </li>
            <li>
              <strong>Bands</strong> on likelihood × impact: low 1–4, medium 5–9, high 10–16, critical 20–25 (risk 4–16, 20–36, 40–64, 80–100).
            </li>
            <li>
              <strong>Application risk</strong> is its riskiest dependency&apos;s: adding a dependency never lowers it. An application in the high or critical band counts as at high risk on the overview.
            </li>
            <li>
              <strong>Team and portfolio risk</strong> are the criticality-weighted mean of their applications&apos; risks (tier 1 weighs {CRITICALITY_WEIGHT[1]}, tier 2 {CRITICALITY_WEIGHT[2]}, tier 3 {CRITICALITY_WEIGHT[3]}, tier 4 {CRITICALITY_WEIGHT[4]}), shown with the worst application&apos;s risk. The rescore job keeps a daily roll-up, which the trends read.
            </li>
          </ul>
        </Section>

        <Section id="exposure" title="Insurance exposure index">
          <p>
            A relative index of the organisation&apos;s third-party API exposure, per application, team and for the portfolio, that rises and falls with the providers&apos; scores, the data sent to them and the call volume. It is meant for talking to a cyber insurer and for tracking the trend over 12 months (the rescore job keeps one value per day).
          </p>
          <p className="rounded-md bg-muted px-3 py-2 text-center font-mono text-base">per dependency = data weight × weakness × volume × tier</p>
          <div className="rounded-md border">
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Factor</TableHead>
                  <TableHead>Values</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                <TableRow>
                  <TableCell className="whitespace-normal">Data weight: the most sensitive data sent (as for dependency risk: observed, or declared unless narrowed)</TableCell>
                  <TableCell className="whitespace-normal tabular-nums">{(Object.keys(EXPOSURE_DATA_WEIGHT) as SensitivityClass[]).map((c) => `${c} ${EXPOSURE_DATA_WEIGHT[c]}`).join(" · ")}</TableCell>
                </TableRow>
                <TableRow>
                  <TableCell className="whitespace-normal">Weakness: the provider&apos;s distance from a perfect score (caps included)</TableCell>
                  <TableCell className="whitespace-normal">(100 − score) / 100; {EXPOSURE_UNKNOWN_WEAKNESS} when never scored, at least {EXPOSURE_UNKNOWN_WEAKNESS} when the score has too little evidence for a grade</TableCell>
                </TableRow>
                <TableRow>
                  <TableCell className="whitespace-normal">Volume: calls observed on the dependency</TableCell>
                  <TableCell className="whitespace-normal">1 + {EXPOSURE_VOLUME_MAX - 1} × min(1, log₁₀(1 + calls) / log₁₀({EXPOSURE_VOLUME_SATURATION_CALLS.toLocaleString("en")})): 1 with no calls, {EXPOSURE_VOLUME_MAX} from {EXPOSURE_VOLUME_SATURATION_CALLS.toLocaleString("en")} calls</TableCell>
                </TableRow>
                <TableRow>
                  <TableCell className="whitespace-normal">Tier: the application&apos;s criticality</TableCell>
                  <TableCell className="whitespace-normal tabular-nums">{Object.entries(EXPOSURE_TIER_MULTIPLIER).map(([t, m]) => `tier ${t} ×${m}`).join(" · ")}</TableCell>
                </TableRow>
              </TableBody>
            </Table>
          </div>
          <ul className="list-disc space-y-1 pl-5">
            <li>
              An <strong>application</strong>&apos;s index is the sum over its provider dependencies, a <strong>team</strong>&apos;s the sum over its applications, the <strong>portfolio</strong>&apos;s the sum over every application; shown with one decimal, with the largest contributors (application → provider) and their factors.
            </li>
            <li>
              <strong>Monotone:</strong> a worse provider (a lower score), more sensitive data, more calls or one more dependency never lowers it. A provider that improves, data an analyst narrows, or a dependency removed lowers it.
            </li>
            <li>
              <strong>What it is not:</strong> not an actuarial premium or a price, not an estimate of losses or their probability, and not comparable across organisations (it grows with the size of this inventory). Use it to show an insurer the direction and the reasons: which providers and data flows drive it.
            </li>
          </ul>
        </Section>
      </div>
    </>
  );
}
