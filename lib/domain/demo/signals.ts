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
  const expired = slug === "shippo";
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
