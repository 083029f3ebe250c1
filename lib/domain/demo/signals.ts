// Recorded evidence for the demo providers: TLS and HTTP probe results as a
// probe would have seen them (marked "recorded_probe", never presented as a
// live probe), published authentication methods, attestations and incidents.
// Deterministic, so the demo's scores are the same on every machine; the
// scores themselves come from the real scoring code.
import type { AuthMethod } from "../scoring/analyst-factors";
import type { HttpProbeResult, TlsProbeResult } from "../scoring/types";
import { seededRandom } from "./random";

const DAY = 86_400_000;

export interface DemoProviderSignals {
  tls: TlsProbeResult;
  hstsMaxAge: number | null;
  http: HttpProbeResult;
  auth: { methods: AuthMethod[]; shortLivedTokens: boolean; keyRotation: boolean };
  attestations: { kind: "soc2_type2" | "iso27001" | "pci_dss_aoc"; expiresOn: string; issuedOn: string }[];
  incidents: { occurredOn: string; severity: "critical" | "high" | "medium" | "low"; breach: boolean; description: string }[];
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

export function buildDemoSignals(slug: string, host: string, index: number, now: Date): DemoProviderSignals {
  const rand = seededRandom(5000 + index);
  const t = now.getTime();
  const weakTls = rand.next() < 0.15;
  // Two lapsed certificates: a grade-F provider for a tier-3 application (shippo) and for a tier-1 one (pagerduty, via secrets-broker).
  const expired = slug === "shippo" || slug === "pagerduty";
  const ec = rand.next() < 0.5;
  const notAfter = expired ? t - 12 * DAY : t + rand.int(20, 380) * DAY;
  const tls: TlsProbeResult = {
    host,
    port: 443,
    probedAt: new Date(t - rand.int(0, 3) * DAY).toISOString(),
    protocols: { TLSv1: weakTls, "TLSv1.1": weakTls, "TLSv1.2": true, "TLSv1.3": rand.next() < 0.85 },
    untestable: [],
    certificate: {
      subject: `CN=${host}`,
      issuer: rand.pick(["CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1", "CN=R11, O=Let's Encrypt", "CN=Amazon RSA 2048 M02", "CN=GTS CA 1C3"]),
      trusted: true,
      authorizationError: expired ? "CERT_HAS_EXPIRED" : null,
      selfSigned: false,
      expired,
      notYetValid: false,
      notBefore: new Date(notAfter - 397 * DAY).toISOString(),
      notAfter: new Date(notAfter).toISOString(),
      daysLeft: Math.round((notAfter - t) / DAY),
      keyType: ec ? "EC" : "RSA",
      keyBits: ec ? 256 : rand.pick([2048, 2048, 4096]),
      signatureAlgorithm: ec ? "ecdsa-with-SHA256" : "sha256WithRSAEncryption",
      hostnameMatch: true,
      chainLength: 3,
    },
    negotiated: { protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", cipherBits: 256, forwardSecrecy: true, aead: true },
    error: null,
  };
  const hstsMaxAge = rand.next() < 0.8 ? rand.pick([31536000, 63072000, 15552000]) : rand.next() < 0.5 ? 86400 : null;
  const headers: [string, string][] = [["content-type", "application/json"]];
  if (hstsMaxAge !== null) headers.push(["strict-transport-security", `max-age=${hstsMaxAge}${rand.next() < 0.6 ? "; includeSubDomains" : ""}`]);
  if (rand.next() < 0.7) headers.push(["x-content-type-options", "nosniff"]);
  if (rand.next() < 0.3) headers.push(["server", rand.pick(["nginx/1.18.0", "Apache/2.4.41", "envoy"])]);
  headers.push(["cache-control", rand.next() < 0.8 ? "no-store" : "max-age=300"]);
  const reflectsOrigin = rand.next() < 0.05;
  const http: HttpProbeResult = {
    url: `https://${host}/`,
    status: rand.pick([200, 401, 404]),
    headers,
    cors: { origin: "https://sibyl-probe-demo.example", allowOrigin: reflectsOrigin ? "https://sibyl-probe-demo.example" : null, allowCredentials: reflectsOrigin ? "true" : null },
    error: null,
  };
  const primary: AuthMethod = rand.pick(["bearer", "oauth2", "oauth2", "api_key_header", "bearer"]);
  const methods: AuthMethod[] = rand.next() < 0.15 ? [primary, "api_key_query"] : [primary];
  const attestations: DemoProviderSignals["attestations"] = [];
  if (rand.next() < 0.7) attestations.push({ kind: "soc2_type2", issuedOn: day(t - 200 * DAY), expiresOn: day(t + (rand.next() < 0.12 ? -20 : rand.int(30, 300)) * DAY) });
  if (rand.next() < 0.5) attestations.push({ kind: "iso27001", issuedOn: day(t - 400 * DAY), expiresOn: day(t + rand.int(-60, 700) * DAY) });
  if (rand.next() < 0.25) attestations.push({ kind: "pci_dss_aoc", issuedOn: day(t - 100 * DAY), expiresOn: day(t + rand.int(60, 300) * DAY) });
  const incidents: DemoProviderSignals["incidents"] = [];
  if (rand.next() < 0.12) incidents.push({ occurredOn: day(t - rand.int(200, 600) * DAY), severity: "medium", breach: false, description: "Demo: service disruption with delayed webhook delivery (generated example)" });
  if (slug === "okta" || slug === "twilio" || rand.next() < 0.03) incidents.push({ occurredOn: day(t - rand.int(20, 80) * DAY), severity: "high", breach: true, description: "Demo: credential exposure affecting customer support tooling (generated example)" });
  return { tls, hstsMaxAge, http, auth: { methods, shortLivedTokens: primary === "oauth2", keyRotation: rand.next() < 0.6 }, attestations, incidents };
}

export interface DemoProbeSnapshot {
  /** When the probe saw this. */
  at: Date;
  tls: TlsProbeResult;
  hstsMaxAge: number | null;
  http: HttpProbeResult;
}

/** How far back the demo's recorded history goes. */
export const DEMO_HISTORY_DAYS = 91;

/**
 * The probe results a provider showed over the demo's 90 days, oldest first,
 * ending with today's (`buildDemoSignals`). About a third of providers changed
 * on some day: some reissued a certificate served with an incomplete chain,
 * some hardened their transport (TLS 1.0/1.1 switched off, HSTS added), some regressed (legacy TLS switched back on for an old client, HSTS
 * dropped), and Shippo's certificate was valid until it expired 12 days ago.
 * Scored week by week, this is what makes the demo's risk trend move.
 */
export function demoProbeHistory(slug: string, host: string, index: number, now: Date): DemoProbeSnapshot[] {
  // Each snapshot is what a probe saw at `at` (the signal's observedAt): its TLS result says so too, so the
  // provider page does not show a probe time that contradicts the time the evidence was recorded.
  return snapshots(slug, host, index, now).map((snap) => ({ ...snap, tls: { ...snap.tls, probedAt: snap.at.toISOString() } }));
}

function snapshots(slug: string, host: string, index: number, now: Date): DemoProbeSnapshot[] {
  const current = buildDemoSignals(slug, host, index, now);
  const t = now.getTime();
  const start = new Date(t - DEMO_HISTORY_DAYS * DAY);
  const rand = seededRandom(9100 + index);
  const roll = rand.next();
  const changeDay = rand.int(10, 80);
  const latest: DemoProbeSnapshot = { at: start, tls: current.tls, hstsMaxAge: current.hstsMaxAge, http: current.http };
  if (current.tls.certificate?.expired) {
    // Valid (and expiring soon) until the day it expired.
    const notAfter = current.tls.certificate.notAfter;
    const expiredOn = new Date(notAfter).getTime();
    const before: DemoProbeSnapshot = {
      at: start,
      tls: { ...current.tls, certificate: { ...current.tls.certificate, expired: false, authorizationError: null, daysLeft: Math.round((expiredOn - start.getTime()) / DAY) } },
      hstsMaxAge: current.hstsMaxAge,
      http: current.http,
    };
    return [before, { ...latest, at: new Date(expiredOn + DAY) }];
  }
  if (roll < 0.12 && current.tls.certificate) {
    // Served an incomplete chain (untrusted by clients) until changeDay, when the certificate was reissued.
    const before: DemoProbeSnapshot = {
      at: start,
      tls: { ...current.tls, certificate: { ...current.tls.certificate, trusted: false, authorizationError: "UNABLE_TO_VERIFY_LEAF_SIGNATURE", chainLength: 1 } },
      hstsMaxAge: current.hstsMaxAge,
      http: current.http,
    };
    return [before, { ...latest, at: new Date(t - changeDay * DAY) }];
  }
  if (roll < 0.3) {
    // Hardened on changeDay: before, legacy TLS was on and HSTS missing.
    const before: DemoProbeSnapshot = { at: start, tls: { ...current.tls, protocols: { ...current.tls.protocols, TLSv1: true, "TLSv1.1": true } }, hstsMaxAge: null, http: withoutHsts(current.http) };
    return [before, { ...latest, at: new Date(t - changeDay * DAY) }];
  }
  if (roll < 0.5) {
    // Regressed on changeDay to today's state: before, legacy TLS was off and HSTS set for a year.
    const before: DemoProbeSnapshot = { at: start, tls: { ...current.tls, protocols: { ...current.tls.protocols, TLSv1: false, "TLSv1.1": false, "TLSv1.3": true } }, hstsMaxAge: 31536000, http: withHsts(current.http, 31536000) };
    return [before, { ...latest, at: new Date(t - changeDay * DAY) }];
  }
  return [latest];
}

function withoutHsts(http: HttpProbeResult): HttpProbeResult {
  return { ...http, headers: http.headers.filter(([name]) => name !== "strict-transport-security") };
}

function withHsts(http: HttpProbeResult, maxAge: number): HttpProbeResult {
  return { ...withoutHsts(http), headers: [...withoutHsts(http).headers, ["strict-transport-security", `max-age=${maxAge}; includeSubDomains`]] };
}
