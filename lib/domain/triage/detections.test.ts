import { describe, expect, it } from "vitest";
import type { TlsProbeResult } from "../scoring/types";
import {
  certificateProblem,
  detectProviderProblems,
  expiredAttestationProblems,
  providerRiskProblem,
  sdkVulnerabilityDetections,
  severityFor,
  weakTransportProblem,
  type AppSdkVulnerability,
  type ProviderFacts,
  type ScorePoint,
  type TransportEvidence,
} from "./detections";

const DAY = 86_400_000;
const now = new Date("2026-06-01T12:00:00Z");
const stripe = { providerId: "p-stripe", name: "Stripe", slug: "stripe" };
const at = (score: number, grade: ScorePoint["grade"], iso = "2026-05-01T00:00:00.000Z"): ScorePoint => ({ score, grade, computedAt: iso });

function probe(overrides: Partial<TlsProbeResult> = {}, cert: Partial<NonNullable<TlsProbeResult["certificate"]>> = {}): TlsProbeResult {
  const notAfter = cert.notAfter ?? new Date(now.getTime() + 200 * DAY).toISOString();
  return {
    host: "api.stripe.com",
    port: 443,
    probedAt: "2026-05-31T08:00:00.000Z",
    protocols: { TLSv1: false, "TLSv1.1": false, "TLSv1.2": true, "TLSv1.3": true },
    untestable: [],
    certificate: {
      subject: "CN=api.stripe.com",
      issuer: "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1",
      trusted: true,
      authorizationError: null,
      selfSigned: false,
      expired: false,
      notYetValid: false,
      notBefore: "2026-01-01T00:00:00.000Z",
      notAfter,
      daysLeft: 200,
      keyType: "EC",
      keyBits: 256,
      signatureAlgorithm: "ecdsa-with-SHA256",
      hostnameMatch: true,
      chainLength: 3,
      ...cert,
    },
    negotiated: { protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", cipherBits: 256, forwardSecrecy: true, aead: true },
    error: null,
    ...overrides,
  };
}
const transport = (p: TlsProbeResult, hstsMaxAge: number | null = 31_536_000): TransportEvidence => ({ probe: p, hstsMaxAge, observedAt: "2026-05-31T08:00:05.000Z", source: "probe" });

describe("severity", () => {
  it("raises one step for mission-critical (criticality 1) applications only", () => {
    expect(severityFor("medium", 1)).toBe("high");
    expect(severityFor("high", 1)).toBe("critical");
    expect(severityFor("critical", 1)).toBe("critical");
    expect(severityFor("medium", 2)).toBe("medium");
    expect(severityFor("info", 1)).toBe("info");
  });
});

describe("provider_risk", () => {
  it("detects a grade loss against the previous score, with before and after", () => {
    const p = providerRiskProblem(stripe, at(86.5, "B", "2026-06-01T12:00:00.000Z"), at(91.2, "A"));
    expect(p).toMatchObject({ kind: "provider_risk", severity: "medium", title: "Stripe reputation fell from A (91.2) to B (86.5)" });
    expect(p?.detail).toMatchObject({ gradeLoss: true, belowThreshold: false, before: { score: 91.2, grade: "A" }, after: { score: 86.5, grade: "B" } });
  });

  it("detects a score crossing below 50, high severity", () => {
    const p = providerRiskProblem(stripe, at(48, "F"), at(52, "F"));
    expect(p).toMatchObject({ severity: "high", title: "Stripe reputation F (48.0) is below 50" });
    expect(p?.detail).toMatchObject({ gradeLoss: false, belowThreshold: true, threshold: 50, before: { score: 52 }, after: { score: 48 } });
    expect(providerRiskProblem(stripe, at(50, "F"), at(52, "F"))).toBeNull();
  });

  it("ignores a lower score within the same grade, a first score above 50 and an ungraded score", () => {
    expect(providerRiskProblem(stripe, at(90.1, "A"), at(98, "A"))).toBeNull();
    expect(providerRiskProblem(stripe, at(75, "C"), null)).toBeNull();
    expect(providerRiskProblem(stripe, at(30, null), at(95, "A"))).toBeNull();
    expect(providerRiskProblem(stripe, at(30, "F"), null)).toMatchObject({ detail: { before: null, belowThreshold: true } });
  });

  it("keeps a grade loss detected while the grade stays below the baseline, and clears it once recovered", () => {
    // Second rescore with unchanged evidence: previous is already B, the open finding says it was A.
    expect(providerRiskProblem(stripe, at(86.5, "B"), at(86.5, "B"), at(91.2, "A"))?.detail).toMatchObject({ before: { grade: "A", score: 91.2 }, after: { grade: "B" } });
    expect(providerRiskProblem(stripe, at(90.4, "A"), at(86.5, "B"), at(91.2, "A"))).toBeNull();
    // A further fall keeps the original baseline as "before".
    expect(providerRiskProblem(stripe, at(72, "C"), at(86.5, "B"), at(91.2, "A"))?.title).toBe("Stripe reputation fell from A (91.2) to C (72.0)");
  });
});

describe("certificate_expiring", () => {
  const inDays = (d: number) => transport(probe({}, { notAfter: new Date(now.getTime() + d * DAY).toISOString() }));

  it("detects a certificate expiring in 29 days, not one in 31", () => {
    const p = certificateProblem(stripe, inDays(29), now);
    expect(p).toMatchObject({ kind: "certificate_expiring", severity: "medium", title: "Certificate of api.stripe.com (Stripe) expires in 29 day(s)", key: ["api.stripe.com", new Date(now.getTime() + 29 * DAY).toISOString()] });
    expect(p?.detail).toMatchObject({ daysLeft: 29, expired: false, probedAt: "2026-05-31T08:00:00.000Z", observedAt: "2026-05-31T08:00:05.000Z" });
    expect(certificateProblem(stripe, inDays(31), now)).toBeNull();
    expect(certificateProblem(stripe, inDays(30), now)).not.toBeNull();
  });

  it("counts days from the rescore time, not the probe's daysLeft; an expired certificate is high", () => {
    expect(certificateProblem(stripe, transport(probe({}, { notAfter: new Date(now.getTime() + 10 * DAY).toISOString(), daysLeft: 90 })), now)?.detail.daysLeft).toBe(10);
    expect(certificateProblem(stripe, inDays(3), now)?.severity).toBe("high");
    const expired = certificateProblem(stripe, transport(probe({}, { notAfter: new Date(now.getTime() - 12 * DAY).toISOString(), expired: true })), now);
    expect(expired).toMatchObject({ severity: "high", title: "Certificate of api.stripe.com (Stripe) expired 12 day(s) ago", detail: { expired: true } });
  });

  it("judges nothing from a failed probe", () => {
    expect(certificateProblem(stripe, transport(probe({ error: "ECONNREFUSED", certificate: null })), now)).toBeNull();
    expect(certificateProblem(stripe, null, now)).toBeNull();
  });
});

describe("weak_transport", () => {
  it("passes TLS 1.2+ with HSTS", () => {
    expect(weakTransportProblem(stripe, transport(probe()))).toBeNull();
  });

  it("flags TLS 1.0/1.1 offered (medium) and a missing HSTS header (low)", () => {
    const old = weakTransportProblem(stripe, transport(probe({ protocols: { TLSv1: true, "TLSv1.1": true, "TLSv1.2": true, "TLSv1.3": true } })));
    expect(old).toMatchObject({ severity: "medium", key: ["api.stripe.com"], detail: { reasons: ["TLS 1.0 and TLS 1.1 offered"], tlsGrade: "B" } });
    const noHsts = weakTransportProblem(stripe, transport(probe(), null));
    expect(noHsts).toMatchObject({ severity: "low", title: "Weak transport on api.stripe.com (Stripe): no Strict-Transport-Security header", detail: { hstsMaxAge: null, tlsGrade: "A" } });
  });

  it("flags a TLS grade below B with the cap that caused it", () => {
    const c = weakTransportProblem(stripe, transport(probe({ protocols: { TLSv1: false, "TLSv1.1": true, "TLSv1.2": false, "TLSv1.3": false } })));
    expect(c?.detail.tlsGrade).toBe("C");
    expect(c?.detail.reasons).toContain("TLS grade C (TLS 1.2 is not offered)");
    expect(weakTransportProblem(stripe, transport(probe({}, { selfSigned: true, trusted: false })))?.severity).toBe("high");
  });

  it("leaves an expired certificate to the certificate rule", () => {
    const expired = transport(probe({}, { expired: true, trusted: false, authorizationError: "CERT_HAS_EXPIRED", notAfter: new Date(now.getTime() - DAY).toISOString() }));
    expect(weakTransportProblem(stripe, expired)).toBeNull();
  });
});

describe("expired_attestation", () => {
  it("reports each kind whose latest attestation has expired", () => {
    const problems = expiredAttestationProblems(stripe, [{ kind: "iso27001", expiresOn: "2026-05-01" }, { kind: "soc2_type2", expiresOn: "2026-12-31" }], now);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: "expired_attestation", title: "Stripe: ISO/IEC 27001 expired on 2026-05-01", key: ["iso27001"], detail: { expiresOn: "2026-05-01", daysSinceExpiry: 31 } });
  });

  it("a renewal recorded later clears it; expiring today is still current", () => {
    expect(expiredAttestationProblems(stripe, [{ kind: "iso27001", expiresOn: "2026-05-01" }, { kind: "iso27001", expiresOn: "2027-05-01" }], now)).toEqual([]);
    expect(expiredAttestationProblems(stripe, [{ kind: "pci_dss_aoc", expiresOn: "2026-06-01" }], now)).toEqual([]);
  });
});

describe("vulnerable_sdk", () => {
  const vuln = (overrides: Partial<AppSdkVulnerability>): AppSdkVulnerability => ({ applicationId: "app-shop", criticality: 2, purl: "pkg:npm/stripe@14.0.0", id: "GHSA-aaaa-bbbb-cccc", aliases: ["CVE-2099-0001"], cvss: 7.5, epss: null, kev: false, fixedIn: ">=15.0.0", ...overrides });

  it("needs EPSS ≥ 0.1: 0.09 is not enough, 0.1 is", () => {
    expect(sdkVulnerabilityDetections(stripe, [vuln({ epss: 0.09 })])).toEqual([]);
    const [d] = sdkVulnerabilityDetections(stripe, [vuln({ epss: 0.1 })]);
    expect(d).toMatchObject({ kind: "vulnerable_sdk", severity: "high", title: "CVE-2099-0001 in stripe@14.0.0 (Stripe SDK): EPSS 0.1", applicationId: "app-shop", providerId: "p-stripe" });
    expect(d.detail).toMatchObject({ vulnerability: "CVE-2099-0001", aliases: ["GHSA-aaaa-bbbb-cccc"], kev: false, epss: 0.1, components: [{ purl: "pkg:npm/stripe@14.0.0", fixedIn: ">=15.0.0" }] });
  });

  it("a KEV entry is critical whatever its EPSS; GHSA and CVE spellings count once", () => {
    const found = sdkVulnerabilityDetections(stripe, [vuln({ kev: true }), vuln({ id: "CVE-2099-0001", aliases: [], fixedIn: null, epss: 0.02 })]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: "critical", sampleCount: 1, detail: { kev: true, epss: 0.02, package: "stripe", fixedIn: [">=15.0.0"] } });
    expect(found[0].fingerprintParts).toEqual(["app-shop", "p-stripe", "CVE-2099-0001", "npm:stripe"]);
  });

  it("one finding per application; an upgrade that is still vulnerable keeps the fingerprint", () => {
    const two = sdkVulnerabilityDetections(stripe, [vuln({ kev: true }), vuln({ kev: true, applicationId: "app-pay", criticality: 1 })]);
    expect(two.map((d) => `${d.applicationId} ${d.severity}`).sort()).toEqual(["app-pay critical", "app-shop critical"]);
    const before = sdkVulnerabilityDetections(stripe, [vuln({ epss: 0.5 })])[0];
    const after = sdkVulnerabilityDetections(stripe, [vuln({ epss: 0.5, purl: "pkg:npm/stripe@14.2.0" })])[0];
    expect(after.fingerprintParts).toEqual(before.fingerprintParts);
    expect(sdkVulnerabilityDetections(stripe, [vuln({ epss: 0.5, criticality: 1 })])[0].severity).toBe("critical");
  });
});

describe("detectProviderProblems", () => {
  const facts = (overrides: Partial<ProviderFacts> = {}): ProviderFacts => ({
    provider: stripe,
    applications: [
      { applicationId: "app-shop", criticality: 2 },
      { applicationId: "app-pay", criticality: 1 },
      { applicationId: "app-shop", criticality: 2 },
    ],
    current: at(86.5, "B"),
    previous: at(91.2, "A"),
    transport: transport(probe({}, { notAfter: new Date(now.getTime() + 10 * DAY).toISOString() })),
    attestations: [{ kind: "soc2_type2", expiresOn: "2026-01-31" }],
    sdkVulnerabilities: [],
    ...overrides,
  });

  it("fans each provider problem out to every dependent application, raising severity for criticality 1", () => {
    const { detections, assessed } = detectProviderProblems(facts(), now);
    expect(detections.map((d) => `${d.kind} ${d.applicationId} ${d.severity}`).sort()).toEqual([
      "certificate_expiring app-pay high",
      "certificate_expiring app-shop medium",
      "expired_attestation app-pay high",
      "expired_attestation app-shop medium",
      "provider_risk app-pay high",
      "provider_risk app-shop medium",
    ]);
    expect(detections.find((d) => d.applicationId === "app-pay")?.detail).toMatchObject({ severityRaised: "mission-critical application (criticality 1)", provider: "stripe" });
    expect(detections.find((d) => d.kind === "provider_risk")?.fingerprintParts).toEqual(["app-shop", "p-stripe"]);
    expect(new Set(assessed)).toEqual(new Set(["provider_risk", "weak_transport", "certificate_expiring", "expired_attestation", "vulnerable_sdk"]));
  });

  it("does not judge transport without a completed probe, nor provider risk without a graded score", () => {
    const { detections, assessed } = detectProviderProblems(facts({ current: at(40, null), transport: transport(probe({ error: "timeout", certificate: null })), attestations: [] }), now);
    expect(detections).toEqual([]);
    expect(assessed.sort()).toEqual(["expired_attestation", "vulnerable_sdk"]);
  });
});
