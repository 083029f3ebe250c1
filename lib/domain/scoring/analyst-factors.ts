// Factors fed by analysts and observation rather than probes: authentication
// strength, incidents (fading with a half-life, as BitSight does: 180 days by
// default, nothing after two years), compliance attestations (an expired one
// earns nothing) and observed reliability (error rate and latency).
import type { FactorResult, Improvement, ScoreCap } from "./types";

const DAY = 86_400_000;

// ---------- authentication ----------

export type AuthMethod = "none" | "api_key_query" | "api_key_header" | "basic" | "bearer" | "oauth2" | "mutual_tls";

/** The ladder from the issue: none < API key in query < API key in header < basic < bearer < OAuth 2/OIDC < mutual TLS. */
export const AUTH_STRENGTH: Record<AuthMethod, number> = { none: 0, api_key_query: 20, api_key_header: 40, basic: 50, bearer: 65, oauth2: 85, mutual_tls: 100 };

export interface AuthInput {
  methods: AuthMethod[];
  shortLivedTokens?: boolean;
  keyRotation?: boolean;
  source: "spec" | "analyst";
}

/** Maps OpenAPI security schemes to methods. */
export function authMethodsFromSchemes(schemes: { type: string; in?: string; scheme?: string }[]): AuthMethod[] {
  return schemes.map((s) => {
    const type = s.type.toLowerCase();
    if (type === "apikey") return s.in === "query" ? "api_key_query" : "api_key_header";
    if (type === "basic" || (type === "http" && s.scheme?.toLowerCase() === "basic")) return "basic";
    if (type === "http") return "bearer";
    if (type === "oauth2" || type === "openidconnect") return "oauth2";
    if (type === "mutualtls") return "mutual_tls";
    return "none";
  });
}

/**
 * A provider is as strong as the average of the strongest and the weakest
 * method it accepts (a weak alternative is still a way in), plus 10 for
 * short-lived tokens and 5 for key rotation.
 */
export function authenticationFactor(input: AuthInput | null): FactorResult {
  if (!input || input.methods.length === 0) return { name: "authentication", subscore: null, summary: "No authentication information", evidence: {}, caps: [], improvements: [] };
  const strengths = input.methods.map((m) => AUTH_STRENGTH[m]);
  const best = Math.max(...strengths);
  const worst = Math.min(...strengths);
  const bonus = (input.shortLivedTokens ? 10 : 0) + (input.keyRotation ? 5 : 0);
  const subscore = Math.min(100, (best + worst) / 2 + bonus);
  const improvements: Improvement[] = [];
  if (worst < best) improvements.push({ factor: "authentication", action: `Stop accepting ${input.methods[strengths.indexOf(worst)].replace(/_/g, " ")}`, subscoreAfter: Math.min(100, best + bonus) });
  if (!input.shortLivedTokens) improvements.push({ factor: "authentication", action: "Use short-lived access tokens instead of long-lived keys", subscoreAfter: Math.min(100, subscore + 10) });
  if (!input.keyRotation) improvements.push({ factor: "authentication", action: "Support key rotation", subscoreAfter: Math.min(100, subscore + 5) });
  return {
    name: "authentication",
    subscore,
    summary: `Accepts ${[...new Set(input.methods)].map((m) => m.replace(/_/g, " ")).join(", ")}${input.shortLivedTokens ? "; short-lived tokens" : ""}${input.keyRotation ? "; key rotation" : ""} (from ${input.source})`,
    evidence: { ...input, strongest: best, weakest: worst },
    caps: [],
    improvements,
  };
}

// ---------- incidents ----------

export type IncidentSeverity = "critical" | "high" | "medium" | "low";
export interface Incident {
  id: string;
  occurredOn: string;
  severity: IncidentSeverity;
  breach: boolean;
  description: string;
  sourceUrl: string | null;
}

export const INCIDENT_PENALTY: Record<IncidentSeverity, number> = { critical: 60, high: 40, medium: 20, low: 10 };

export function incidentsFactor(all: Incident[], now: Date, params: { halfLifeDays: number; maxAgeDays: number; breachCapDays: number } = { halfLifeDays: 180, maxAgeDays: 730, breachCapDays: 90 }): FactorResult {
  // Scoring as of a past date ignores what had not happened yet.
  const incidents = all.filter((i) => new Date(i.occurredOn).getTime() <= now.getTime());
  if (!incidents.length) return { name: "incidents", subscore: null, summary: "No incidents recorded", evidence: {}, caps: [], improvements: [] };
  let penalty = 0;
  const caps: ScoreCap[] = [];
  const weighed = incidents.map((i) => {
    const ageDays = Math.max(0, (now.getTime() - new Date(i.occurredOn).getTime()) / DAY);
    const weight = ageDays > params.maxAgeDays ? 0 : Math.pow(0.5, ageDays / params.halfLifeDays);
    penalty += INCIDENT_PENALTY[i.severity] * weight;
    if (i.breach && ageDays <= params.breachCapDays) caps.push({ id: `breach-${i.id}`, factor: "incidents", maxGrade: "C", reason: `Breach on ${i.occurredOn.slice(0, 10)} (within ${params.breachCapDays} days)` });
    return { ...i, ageDays: Math.round(ageDays), weight: Math.round(weight * 1000) / 1000, penalty: Math.round(INCIDENT_PENALTY[i.severity] * weight * 10) / 10 };
  });
  const subscore = Math.max(0, Math.round((100 - penalty) * 10) / 10);
  return {
    name: "incidents",
    subscore,
    summary: `${incidents.length} incident(s); current weight ${Math.round(penalty)} points after a ${params.halfLifeDays}-day half-life`,
    evidence: { incidents: weighed, halfLifeDays: params.halfLifeDays },
    caps,
    improvements: [],
  };
}

// ---------- compliance ----------

export type AttestationKind = "soc2_type2" | "iso27001" | "pci_dss_aoc";
export const ATTESTATION_POINTS: Record<AttestationKind, number> = { soc2_type2: 40, iso27001: 35, pci_dss_aoc: 25 };
export const ATTESTATION_LABELS: Record<AttestationKind, string> = { soc2_type2: "SOC 2 Type II", iso27001: "ISO/IEC 27001", pci_dss_aoc: "PCI DSS AoC" };

export function complianceFactor(attestations: { kind: AttestationKind; expiresOn: string }[], now: Date): FactorResult {
  if (!attestations.length) return { name: "compliance", subscore: null, summary: "No attestations recorded", evidence: {}, caps: [], improvements: [] };
  const today = now.toISOString().slice(0, 10);
  const valid = new Set<AttestationKind>();
  const listed = attestations.map((a) => {
    const current = a.expiresOn >= today;
    if (current) valid.add(a.kind);
    return { kind: a.kind, expiresOn: a.expiresOn, valid: current };
  });
  const subscore = Math.min(100, [...valid].reduce((s, k) => s + ATTESTATION_POINTS[k], 0));
  const improvements: Improvement[] = (Object.keys(ATTESTATION_POINTS) as AttestationKind[])
    .filter((k) => !valid.has(k))
    .map((k) => ({ factor: "compliance" as const, action: `Obtain a current ${ATTESTATION_LABELS[k]}`, subscoreAfter: Math.min(100, subscore + ATTESTATION_POINTS[k]) }));
  return {
    name: "compliance",
    subscore,
    summary: valid.size ? `Current: ${[...valid].map((k) => ATTESTATION_LABELS[k]).join(", ")}` : "Every recorded attestation has expired",
    evidence: { attestations: listed },
    caps: [],
    improvements,
  };
}

// ---------- reliability ----------

export function reliabilityFactor(obs: { calls: number; errors: number; latencyMsSum: number; latencySamples: number }, minCalls = 20): FactorResult {
  if (obs.calls < minCalls) return { name: "reliability", subscore: null, summary: `Too few observed calls (${obs.calls})`, evidence: { ...obs }, caps: [], improvements: [] };
  const errorRate = obs.errors / obs.calls;
  const errorScore = Math.max(0, 100 * (1 - errorRate / 0.1));
  const avgLatency = obs.latencySamples ? obs.latencyMsSum / obs.latencySamples : null;
  const latencyScore = avgLatency === null ? 100 : avgLatency <= 300 ? 100 : avgLatency >= 3000 ? 0 : 100 * (1 - Math.log(avgLatency / 300) / Math.log(10));
  const subscore = Math.round((0.7 * errorScore + 0.3 * latencyScore) * 10) / 10;
  return {
    name: "reliability",
    subscore,
    summary: `${(errorRate * 100).toFixed(2)}% errors over ${obs.calls.toLocaleString("en")} calls${avgLatency === null ? "" : `, ${Math.round(avgLatency)} ms average latency`}`,
    evidence: { ...obs, errorRate, avgLatencyMs: avgLatency },
    caps: [],
    improvements: [],
  };
}
