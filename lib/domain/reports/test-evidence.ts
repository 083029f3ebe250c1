// Hand-built report evidence for tests: a small, healthy portfolio (every
// provider graded, fresh, attested) that a test overrides to make one rule fail.

import { emptySeverityCounts, type ApplicationEvidence, type DependencyEvidence, type FindingEvidence, type RegisterEntry, type ReportEvidence } from "./evidence";

export const GENERATED_AT = "2026-06-30T12:00:00.000Z";
/** An ISO time `days` days before GENERATED_AT. */
export function daysAgo(days: number): string {
  return new Date(Date.parse(GENERATED_AT) - days * 86_400_000).toISOString();
}

export function buildApplication(overrides: Partial<ApplicationEvidence> = {}): ApplicationEvidence {
  return {
    slug: "checkout",
    name: "Checkout",
    team: "payments",
    criticality: 2,
    dataClasses: ["pii"],
    environment: "production",
    lifecycle: "active",
    risk: 24,
    band: "high",
    dependencies: 1,
    ...overrides,
  };
}

export function buildProvider(overrides: Partial<RegisterEntry> = {}): RegisterEntry {
  const slug = overrides.providerSlug ?? "stripe";
  return {
    providerSlug: slug,
    providerName: overrides.providerName ?? slug.charAt(0).toUpperCase() + slug.slice(1),
    category: "payments",
    website: `https://${slug}.example`,
    grade: "B",
    score: 82,
    confidence: 0.9,
    assessedAt: daysAgo(2),
    caps: [],
    dependents: 1,
    dependentApplications: ["checkout"],
    dataClasses: ["pii"],
    sensitivity: "pii",
    contextualRisk: 24,
    band: "high",
    callCount: 1200,
    sources: ["traffic", "sbom"],
    attestations: [{ kind: "soc2_type2", issuedOn: "2026-01-10", expiresOn: "2027-01-10", expired: false }],
    kevInSdk: false,
    supportsCriticalApplication: false,
    sendsPaymentData: false,
    firstSeenAt: "2025-01-05T00:00:00.000Z",
    lastSeenAt: daysAgo(1),
    ...overrides,
  };
}

export function buildDependency(overrides: Partial<DependencyEvidence> = {}): DependencyEvidence {
  return {
    applicationSlug: "checkout",
    applicationName: "Checkout",
    criticality: 2,
    targetKind: "provider",
    targetName: "Stripe",
    providerSlug: "stripe",
    likelihood: 2,
    impact: 3,
    risk: 24,
    band: "high",
    dataClasses: ["pii"],
    callCount: 1200,
    sources: ["traffic", "sbom"],
    ...overrides,
  };
}

export function buildFinding(overrides: Partial<FindingEvidence> = {}): FindingEvidence {
  return {
    id: "f-1",
    kind: "weak_transport",
    title: "TLS 1.0 accepted",
    severity: "medium",
    state: "open",
    owasp: "API8",
    applicationSlug: "checkout",
    providerSlug: null,
    assignee: "ana@example.com",
    dueAt: daysAgo(-30),
    pastSla: false,
    firstSeenAt: daysAgo(10),
    ...overrides,
  };
}

/** `n` providers named p01…pNN, each depended on by the default application. */
export function buildProviders(n: number, overrides: (i: number) => Partial<RegisterEntry> = () => ({})): RegisterEntry[] {
  return Array.from({ length: n }, (_, i) => {
    const slug = `p${String(i + 1).padStart(2, "0")}`;
    return buildProvider({ providerSlug: slug, providerName: `Provider ${slug}`, ...overrides(i) });
  });
}

export function buildEvidence(overrides: Partial<ReportEvidence> = {}): ReportEvidence {
  const register = overrides.register ?? [buildProvider()];
  return {
    scope: { kind: "portfolio" },
    period: { from: "2026-06-01", to: "2026-06-30" },
    generatedAt: GENERATED_AT,
    generatedBy: { name: "Ana Analyst", email: "ana@example.com", role: "analyst" },
    applications: [buildApplication()],
    register,
    dependencies: register.map((e) => buildDependency({ providerSlug: e.providerSlug, targetName: e.providerName, risk: e.contextualRisk, band: e.band, sources: e.sources })),
    findingCounts: {
      openBySeverity: emptySeverityCounts(),
      pastSlaBySeverity: emptySeverityCounts(),
      byState: {},
      openedInPeriod: 0,
      resolvedInPeriod: 0,
      meanDaysToResolve: {},
    },
    openFindings: [],
    findingsTruncated: 0,
    acceptances: [],
    acceptancesTruncated: 0,
    lint: [],
    inventory: { internalApis: 3, specs: 3, endpoints: 40, documented: 40, shadow: 0, zombie: 0, orphan: 0, deprecated: 0, unclassifiedHosts: 0 },
    trend: [],
    methodology: {
      modelVersion: "1",
      weights: [],
      slaDays: { critical: 7, high: 30, medium: 90, low: 180 },
      sources: [{ kind: "traffic", name: "gateway logs", lastRunAt: daysAgo(1), status: "succeeded" }],
      lastRescoreAt: daysAgo(1),
    },
    ...overrides,
  };
}
