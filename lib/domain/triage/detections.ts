// Provider-side detections: the rules that turn a provider's score history, transport probe,
// attestations and SDK vulnerabilities into findings for each application that depends on it.
// Thresholds come from the triage issue (reputation below 50 or a lost grade, certificate within 30
// days, KEV or EPSS ≥ 0.1) and from the SSL Labs-style grading in scoring/tls-grade.ts.
import { gradeTls, type TlsGrade } from "../scoring/tls-grade";
import { ATTESTATION_LABELS, type AttestationKind } from "../scoring/analyst-factors";
import type { LetterGrade, TlsProbeResult } from "../scoring/types";
import { purlPackage } from "../vulns/match";
import type { Severity } from "./fingerprint";
import type { FindingKind } from "./kinds";

const DAY = 86_400_000;
export const REPUTATION_THRESHOLD = 50;
export const CERTIFICATE_WARNING_DAYS = 30;
export const SDK_EPSS_THRESHOLD = 0.1;
/** Provider-side kinds resolved by rescoring when no longer detected (deprecated endpoints come from traffic). */
export const PROVIDER_FINDING_KINDS = ["provider_risk", "weak_transport", "certificate_expiring", "expired_attestation", "vulnerable_sdk"] as const satisfies readonly FindingKind[];
export type ProviderFindingKind = (typeof PROVIDER_FINDING_KINDS)[number];

/** Shaped like the triage recorder's DetectedFinding, so it can be recorded as is. */
export interface Detection {
  kind: FindingKind;
  severity: Severity;
  title: string;
  fingerprintParts: string[];
  detail: Record<string, unknown>;
  applicationId: string;
  providerId: string;
  endpointId?: string | null;
  sampleCount: number;
}

export interface DependentApplication {
  applicationId: string;
  /** 1 mission critical … 4 administrative. */
  criticality: number;
}

export interface ProviderRef {
  providerId: string;
  name: string;
  slug: string;
}

export interface ScorePoint {
  score: number;
  grade: LetterGrade | null;
  computedAt: string;
}

const SEVERITY_ORDER: Severity[] = ["info", "low", "medium", "high", "critical"];
const worst = (a: Severity, b: Severity) => (SEVERITY_ORDER.indexOf(a) >= SEVERITY_ORDER.indexOf(b) ? a : b);

/** A mission-critical (criticality 1) application raises the severity one step. */
export function severityFor(base: Severity, criticality: number): Severity {
  if (criticality !== 1 || base === "info") return base;
  return SEVERITY_ORDER[Math.min(SEVERITY_ORDER.length - 1, SEVERITY_ORDER.indexOf(base) + 1)];
}

/** A provider-level problem, before it is fanned out to the applications that depend on the provider. */
interface ProviderProblem {
  kind: ProviderFindingKind;
  severity: Severity;
  title: string;
  /** Identifies the problem within the provider (host, attestation kind …). */
  key: string[];
  detail: Record<string, unknown>;
}

function fanOut(provider: ProviderRef, apps: DependentApplication[], problems: ProviderProblem[]): Detection[] {
  const unique = new Map(apps.map((a) => [a.applicationId, a]));
  return problems.flatMap((p) =>
    [...unique.values()].map((app) => ({
      kind: p.kind,
      severity: severityFor(p.severity, app.criticality),
      title: p.title,
      fingerprintParts: [app.applicationId, provider.providerId, ...p.key],
      detail: { ...p.detail, provider: provider.slug, applicationCriticality: app.criticality, ...(app.criticality === 1 ? { severityRaised: "mission-critical application (criticality 1)" } : {}) },
      applicationId: app.applicationId,
      providerId: provider.providerId,
      sampleCount: 1,
    })),
  );
}

// ---------------------------------------------------------------- provider_risk

const GRADE_RANK: Record<LetterGrade, number> = { A: 5, B: 4, C: 3, D: 2, F: 1 };
/** The better graded of two scores (higher grade, then higher score); ungraded ones do not count. */
export function betterScore(a: ScorePoint | null, b: ScorePoint | null): ScorePoint | null {
  if (!a?.grade) return b?.grade ? b : null;
  if (!b?.grade) return a;
  return GRADE_RANK[a.grade] > GRADE_RANK[b.grade] || (GRADE_RANK[a.grade] === GRADE_RANK[b.grade] && a.score >= b.score) ? a : b;
}

/**
 * Below the threshold, or a lost grade against the previous stored score. A grade loss stays detected
 * until the grade is back to where it was before the loss (`baseline`, kept by the open finding), so
 * rescoring unchanged evidence does not resolve it. Null when the provider has no graded score now.
 */
export function providerRiskProblem(provider: ProviderRef, current: ScorePoint | null, previous: ScorePoint | null, baseline: ScorePoint | null = null): ProviderProblem | null {
  if (!current?.grade) return null;
  const reference = betterScore(baseline, previous);
  const gradeLoss = reference?.grade ? GRADE_RANK[current.grade] < GRADE_RANK[reference.grade] : false;
  const below = current.score < REPUTATION_THRESHOLD;
  if (!gradeLoss && !below) return null;
  const before = gradeLoss ? reference : previous;
  const fmt = (p: ScorePoint) => `${p.grade ?? "ungraded"} (${p.score.toFixed(1)})`;
  const reasons = [
    ...(gradeLoss && before ? [`grade fell from ${before.grade} to ${current.grade}`] : []),
    ...(below ? [`score ${current.score.toFixed(1)} is below ${REPUTATION_THRESHOLD}`] : []),
  ];
  return {
    kind: "provider_risk",
    severity: below || current.grade === "F" ? "high" : "medium",
    title: gradeLoss && before ? `${provider.name} reputation fell from ${fmt(before)} to ${fmt(current)}` : `${provider.name} reputation ${fmt(current)} is below ${REPUTATION_THRESHOLD}`,
    key: [],
    detail: {
      rule: `Reputation below ${REPUTATION_THRESHOLD}, or a grade lower than before (the previous stored score, or the grade before an earlier loss that has not recovered)`,
      reasons,
      threshold: REPUTATION_THRESHOLD,
      gradeLoss,
      belowThreshold: below,
      before: before ? { score: before.score, grade: before.grade, computedAt: before.computedAt } : null,
      after: { score: current.score, grade: current.grade, computedAt: current.computedAt },
    },
  };
}

// ---------------------------------------------------------------- transport

export interface TransportEvidence {
  probe: TlsProbeResult;
  hstsMaxAge: number | null;
  /** When the signal was recorded, and where it came from (probe, recorded_probe …). */
  observedAt: string;
  source: string;
}

const WEAK_GRADES: TlsGrade[] = ["C", "D", "E", "F", "T", "M"];

function usable(t: TransportEvidence | null): t is TransportEvidence & { probe: TlsProbeResult & { certificate: NonNullable<TlsProbeResult["certificate"]> } } {
  return Boolean(t?.probe && !t.probe.error && t.probe.certificate && t.probe.protocols);
}

/** Transport evidence is assessed only when the probe completed a handshake: a failed probe neither detects nor clears anything. */
export function transportAssessed(t: TransportEvidence | null): boolean {
  return usable(t);
}

/**
 * Weak transport: a TLS grade below B, TLS 1.0 or 1.1 offered, or no HSTS. An expired certificate is left
 * to the certificate rule (the grade here is taken as if it were not expired), so one problem is one finding.
 */
export function weakTransportProblem(provider: ProviderRef, t: TransportEvidence | null): ProviderProblem | null {
  if (!usable(t)) return null;
  const { probe } = t;
  const hsts = t.hstsMaxAge === null ? undefined : { maxAge: t.hstsMaxAge };
  const cert = probe.certificate;
  // A chain that fails only because it expired (CERT_HAS_EXPIRED) is graded as trusted here.
  const expiryOnly = cert.expired && cert.authorizationError === "CERT_HAS_EXPIRED";
  const rating = gradeTls({ ...probe, certificate: { ...cert, expired: false, ...(expiryOnly ? { trusted: true, authorizationError: null } : {}) } }, hsts);
  const reasons: { severity: Severity; text: string }[] = [];
  if (WEAK_GRADES.includes(rating.grade)) {
    const why = rating.caps.filter((c) => c.grade === rating.grade).map((c) => c.reason);
    reasons.push({ severity: ["F", "T", "M"].includes(rating.grade) ? "high" : "medium", text: `TLS grade ${rating.grade}${why.length ? ` (${why.join("; ")})` : ""}` });
  }
  const old = (["TLSv1", "TLSv1.1"] as const).filter((v) => probe.protocols[v] === true);
  if (old.length) reasons.push({ severity: "medium", text: `${old.map((v) => (v === "TLSv1" ? "TLS 1.0" : "TLS 1.1")).join(" and ")} offered` });
  if (t.hstsMaxAge === null) reasons.push({ severity: "low", text: "no Strict-Transport-Security header" });
  if (!reasons.length) return null;
  return {
    kind: "weak_transport",
    severity: reasons.map((r) => r.severity).reduce(worst),
    title: `Weak transport on ${probe.host} (${provider.name}): ${reasons.map((r) => r.text.replace(/ \(.*\)$/, "")).join(", ")}`,
    key: [probe.host],
    detail: {
      rule: "TLS grade below B, TLS older than 1.2 offered, or no HSTS",
      reasons: reasons.map((r) => r.text),
      host: probe.host,
      port: probe.port,
      tlsGrade: rating.grade,
      tlsScore: rating.uncappedScore,
      caps: rating.caps.map((c) => ({ grade: c.grade, reason: c.reason })),
      protocols: probe.protocols,
      hstsMaxAge: t.hstsMaxAge,
      probedAt: probe.probedAt,
      observedAt: t.observedAt,
      signalSource: t.source,
    },
  };
}

/** The certificate of the provider's host expires within 30 days of `now` (or already has). */
export function certificateProblem(provider: ProviderRef, t: TransportEvidence | null, now: Date): ProviderProblem | null {
  if (!usable(t)) return null;
  const cert = t.probe.certificate;
  const notAfter = Date.parse(cert.notAfter);
  if (!Number.isFinite(notAfter)) return null;
  const msLeft = notAfter - now.getTime();
  if (msLeft > CERTIFICATE_WARNING_DAYS * DAY) return null;
  const expired = msLeft <= 0;
  // Whole days either way: "expires in 10 days" from 9.99 days left, "expired 12 days ago" from 12.3.
  const daysLeft = expired ? -Math.floor(-msLeft / DAY) : Math.ceil(msLeft / DAY);
  const when = expired ? `expired ${Math.max(0, -daysLeft)} day(s) ago` : `expires in ${daysLeft} day(s)`;
  return {
    kind: "certificate_expiring",
    severity: expired || daysLeft < 7 ? "high" : "medium",
    title: `Certificate of ${t.probe.host} (${provider.name}) ${when}`,
    key: [t.probe.host, cert.notAfter],
    detail: {
      rule: `Certificate expires within ${CERTIFICATE_WARNING_DAYS} days`,
      host: t.probe.host,
      subject: cert.subject,
      issuer: cert.issuer,
      notAfter: cert.notAfter,
      daysLeft,
      expired,
      probedAt: t.probe.probedAt,
      observedAt: t.observedAt,
      signalSource: t.source,
    },
  };
}

// ---------------------------------------------------------------- attestations

/** Each kind of attestation whose latest recorded one has expired (a renewal recorded later clears it). */
export function expiredAttestationProblems(provider: ProviderRef, attestations: { kind: AttestationKind; expiresOn: string }[], now: Date): ProviderProblem[] {
  const today = now.toISOString().slice(0, 10);
  const latest = new Map<AttestationKind, string>();
  for (const a of attestations) if ((latest.get(a.kind) ?? "") < a.expiresOn) latest.set(a.kind, a.expiresOn);
  return [...latest.entries()]
    .filter(([, expiresOn]) => expiresOn < today)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([kind, expiresOn]) => ({
      kind: "expired_attestation" as const,
      severity: "medium" as const,
      title: `${provider.name}: ${ATTESTATION_LABELS[kind]} expired on ${expiresOn}`,
      key: [kind],
      detail: {
        rule: "The provider's latest attestation of this kind has expired",
        attestation: kind,
        attestationLabel: ATTESTATION_LABELS[kind],
        expiresOn,
        daysSinceExpiry: Math.floor((Date.parse(today) - Date.parse(expiresOn)) / DAY),
      },
    }));
}

// ---------------------------------------------------------------- SDK vulnerabilities

/** One vulnerability of an SDK component as used by one application. */
export interface AppSdkVulnerability {
  applicationId: string;
  criticality: number;
  purl: string;
  id: string;
  aliases: string[];
  cvss: number | null;
  epss: number | null;
  kev: boolean;
  fixedIn: string | null;
}

function vulnerabilityKey(id: string, aliases: string[]): string {
  const cves = [id, ...aliases].filter((x) => /^CVE-\d{4}-\d+$/i.test(x)).map((x) => x.toUpperCase()).sort();
  return cves[0] ?? id;
}

function packageOf(purl: string): { key: string; label: string; version: string | null } {
  const p = purlPackage(purl);
  if (p) return { key: `${p.ecosystem}:${p.name}`, label: p.name, version: p.version };
  const bare = purl.replace(/[?#].*$/, "");
  const at = bare.lastIndexOf("@");
  return at > 0 ? { key: bare.slice(0, at), label: bare.slice(0, at), version: bare.slice(at + 1) } : { key: bare, label: bare, version: null };
}

/**
 * Known-exploited (CISA KEV) or likely-exploited (EPSS ≥ 0.1) vulnerabilities of a provider's SDK, one
 * finding per application × vulnerability × package (GHSA and CVE spellings count once; an upgrade that
 * is still vulnerable updates the same finding).
 */
export function sdkVulnerabilityDetections(provider: ProviderRef, vulns: AppSdkVulnerability[]): Detection[] {
  const groups = new Map<string, { app: AppSdkVulnerability; key: string; pkg: ReturnType<typeof packageOf>; ids: Set<string>; purls: Map<string, string | null>; cvss: number | null; epss: number | null; kev: boolean }>();
  for (const v of vulns) {
    const key = vulnerabilityKey(v.id, v.aliases);
    const pkg = packageOf(v.purl);
    const id = `${v.applicationId}\u0000${key}\u0000${pkg.key}`;
    const g = groups.get(id) ?? { app: v, key, pkg, ids: new Set<string>(), purls: new Map<string, string | null>(), cvss: null, epss: null, kev: false };
    [v.id, ...v.aliases].forEach((a) => g.ids.add(a));
    g.purls.set(v.purl, g.purls.get(v.purl) ?? v.fixedIn);
    g.cvss = v.cvss === null ? g.cvss : Math.max(g.cvss ?? 0, v.cvss);
    g.epss = v.epss === null ? g.epss : Math.max(g.epss ?? 0, v.epss);
    g.kev ||= v.kev;
    groups.set(id, g);
  }
  const out: Detection[] = [];
  for (const g of groups.values()) {
    const likely = g.epss !== null && g.epss >= SDK_EPSS_THRESHOLD;
    if (!g.kev && !likely) continue;
    const versions = [...g.purls.keys()].map((p) => packageOf(p).version ?? "unknown version").sort();
    const why = [...(g.kev ? ["in CISA KEV"] : []), ...(likely && g.epss !== null ? [`EPSS ${g.epss}`] : [])].join(", ");
    out.push({
      kind: "vulnerable_sdk",
      severity: severityFor(g.kev ? "critical" : "high", g.app.criticality),
      title: `${g.key} in ${g.pkg.label}@${versions.join(", ")} (${provider.name} SDK): ${why}`,
      fingerprintParts: [g.app.applicationId, provider.providerId, g.key, g.pkg.key],
      detail: {
        rule: `SDK vulnerability in CISA KEV or with EPSS ≥ ${SDK_EPSS_THRESHOLD}`,
        vulnerability: g.key,
        aliases: [...g.ids].filter((a) => a !== g.key).sort(),
        kev: g.kev,
        epss: g.epss,
        cvss: g.cvss,
        package: g.pkg.label,
        components: [...g.purls.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([purl, fixedIn]) => ({ purl, fixedIn })),
        fixedIn: [...new Set([...g.purls.values()].filter((f): f is string => f !== null))].sort(),
        provider: provider.slug,
        applicationCriticality: g.app.criticality,
        ...(g.app.criticality === 1 && !g.kev ? { severityRaised: "mission-critical application (criticality 1)" } : {}),
      },
      applicationId: g.app.applicationId,
      providerId: provider.providerId,
      sampleCount: g.purls.size,
    });
  }
  return out.sort((a, b) => a.title.localeCompare(b.title));
}

// ---------------------------------------------------------------- all provider rules

export interface ProviderFacts {
  provider: ProviderRef;
  applications: DependentApplication[];
  /** The score just computed; null when the provider has no evidence. */
  current: ScorePoint | null;
  /** The latest score stored before this one. */
  previous: ScorePoint | null;
  /** `before` of an unresolved grade-loss finding of this provider, if any. */
  riskBaseline?: ScorePoint | null;
  transport: TransportEvidence | null;
  attestations: { kind: AttestationKind; expiresOn: string }[];
  sdkVulnerabilities: AppSdkVulnerability[];
}

/**
 * Every provider-side detection, and the kinds the evidence was enough to judge: a kind that was judged
 * and not detected is resolved; a kind that was not judged (failed probe, ungraded score) is left alone.
 */
export function detectProviderProblems(facts: ProviderFacts, now: Date): { detections: Detection[]; assessed: ProviderFindingKind[] } {
  const { provider, applications } = facts;
  const problems: ProviderProblem[] = [];
  const risk = providerRiskProblem(provider, facts.current, facts.previous, facts.riskBaseline ?? null);
  if (risk) problems.push(risk);
  const weak = weakTransportProblem(provider, facts.transport);
  if (weak) problems.push(weak);
  const cert = certificateProblem(provider, facts.transport, now);
  if (cert) problems.push(cert);
  problems.push(...expiredAttestationProblems(provider, facts.attestations, now));
  const assessed: ProviderFindingKind[] = ["expired_attestation", "vulnerable_sdk"];
  if (facts.current?.grade) assessed.push("provider_risk");
  if (transportAssessed(facts.transport)) assessed.push("weak_transport", "certificate_expiring");
  return { detections: [...fanOut(provider, applications, problems), ...sdkVulnerabilityDetections(provider, facts.sdkVulnerabilities)], assessed };
}
