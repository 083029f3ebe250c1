// Findings made by rescoring: provider risk (before/after), weak transport, certificate expiry,
// expired attestations and known-exploited SDK vulnerabilities, for each application depending on
// the provider; re-detection updates last seen, a fixed condition resolves.
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, ne } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, attestations, findings, findingStatusHistory, kevEntries, providers, signals, vulnAdvisories } from "@/db/schema";
import type { TlsProbeResult } from "@/lib/domain/scoring/types";
import type { Actor } from "@/lib/server/actor";
import { ingestSbom } from "@/lib/server/ingest/sbom";
import { ingestTraffic } from "@/lib/server/ingest/traffic";
import { rescoreProviders } from "@/lib/server/scoring/rescore";
import { useTestDatabase } from "../db";

const DAY = 86_400_000;
const HOUR = 3_600_000;
const admin: Actor = { label: "admin@example.com", role: "admin" };
let db: Db;
let stripeId = "";
let shopId = "";
/** Signals get increasing observation times in the past, so each insert is the latest and rescoring at "now" sees it. */
let clock = Date.now() - 20 * HOUR;
const tick = () => new Date((clock += HOUR));

function tls(options: { notAfterDays?: number; selfSigned?: boolean; tls10?: boolean } = {}): TlsProbeResult {
  const notAfter = new Date(Date.now() + (options.notAfterDays ?? 200) * DAY);
  return {
    host: "api.stripe.com",
    port: 443,
    probedAt: new Date(clock).toISOString(),
    protocols: { TLSv1: options.tls10 ?? false, "TLSv1.1": false, "TLSv1.2": true, "TLSv1.3": true },
    untestable: [],
    certificate: {
      subject: "CN=api.stripe.com",
      issuer: options.selfSigned ? "CN=api.stripe.com" : "CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1",
      trusted: !options.selfSigned,
      authorizationError: options.selfSigned ? "DEPTH_ZERO_SELF_SIGNED_CERT" : null,
      selfSigned: options.selfSigned ?? false,
      expired: false,
      notYetValid: false,
      notBefore: new Date(notAfter.getTime() - 397 * DAY).toISOString(),
      notAfter: notAfter.toISOString(),
      daysLeft: Math.floor((notAfter.getTime() - Date.now()) / DAY),
      keyType: "EC",
      keyBits: 256,
      signatureAlgorithm: "ecdsa-with-SHA256",
      hostnameMatch: true,
      chainLength: 3,
    },
    negotiated: { protocol: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", cipherBits: 256, forwardSecrecy: true, aead: true },
    error: null,
  };
}

async function recordTransport(probe: TlsProbeResult, hstsMaxAge: number | null = 31_536_000) {
  await db.insert(signals).values({ providerId: stripeId, factor: "transport", source: "probe", host: probe.host, evidence: { probe, hstsMaxAge: hstsMaxAge ?? undefined }, observedAt: tick() });
}

async function recordAuth(methods: string[]) {
  await db.insert(signals).values({ providerId: stripeId, factor: "authentication", source: "analyst", evidence: { methods, shortLivedTokens: true, keyRotation: true, source: "analyst" }, observedAt: tick() });
}

const stripeFindings = (kind: (typeof findings.$inferSelect)["kind"]) =>
  db.select().from(findings).where(and(eq(findings.providerId, stripeId), eq(findings.kind, kind)));

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  const har = fs.readFileSync("test/fixtures/ingest/shop.har");
  await ingestTraffic({ db, actor: admin, trigger: "test" }, { stream: (async function* () { yield har; })(), appSlug: "shop", sourceName: "shop.har" });
  [{ id: stripeId }] = await db.select({ id: providers.id }).from(providers).where(eq(providers.slug, "stripe"));
  [{ id: shopId }] = await db.select({ id: applications.id }).from(applications).where(eq(applications.slug, "shop"));
  await db.insert(signals).values({ providerId: stripeId, factor: "http_hygiene", source: "recorded_probe", evidence: { probe: { url: "https://api.stripe.com/", status: 200, headers: [["strict-transport-security", "max-age=31536000; includeSubDomains"], ["x-content-type-options", "nosniff"], ["cache-control", "no-store"]], cors: null, error: null } }, observedAt: tick() });
  await db.insert(attestations).values({ providerId: stripeId, kind: "soc2_type2", expiresOn: new Date(Date.now() + 300 * DAY).toISOString().slice(0, 10) });
});

describe("provider detections at rescore", () => {
  let firstGrade: string | null = null;
  let firstScore = 0;

  it("finds nothing for a healthy provider; ingest findings on the same provider are left alone", async () => {
    await recordTransport(tls());
    await recordAuth(["oauth2"]);
    const ingestFindings = await db.select({ id: findings.id, status: findings.status }).from(findings).where(eq(findings.providerId, stripeId));
    expect(ingestFindings.length).toBeGreaterThan(0); // the API key in the HAR's query string
    const result = await rescoreProviders(db, { providerIds: [stripeId] });
    const score = result.scores.get(stripeId);
    expect(score?.grade).toMatch(/^[AB]$/);
    firstGrade = score?.grade ?? null;
    firstScore = score?.score ?? 0;
    expect(result.findings).toEqual({ created: 0, updated: 0, reopened: 0, resolved: 0 });
    const after = await db.select({ id: findings.id, status: findings.status }).from(findings).where(eq(findings.providerId, stripeId));
    expect(after).toEqual(ingestFindings);
  });

  it("a grade drop makes a provider_risk finding with before/after; a certificate expiring in 10 days another", async () => {
    await recordTransport(tls({ selfSigned: true, notAfterDays: 10 }), null);
    await recordAuth(["none"]);
    const result = await rescoreProviders(db, { providerIds: [stripeId] });
    const score = result.scores.get(stripeId);
    expect(score?.grade).toBe("F");

    const [risk] = await stripeFindings("provider_risk");
    expect(risk).toMatchObject({ applicationId: shopId, status: "open", severity: "high" });
    expect(risk.detail).toMatchObject({ gradeLoss: true, before: { grade: firstGrade, score: firstScore }, after: { grade: "F", score: score?.score }, detector: "rescore" });
    expect(risk.title).toBe(`Stripe reputation fell from ${firstGrade} (${firstScore.toFixed(1)}) to F (${score?.score.toFixed(1)})`);

    const [cert] = await stripeFindings("certificate_expiring");
    expect(cert).toMatchObject({ applicationId: shopId, status: "open", severity: "medium", title: "Certificate of api.stripe.com (Stripe) expires in 10 day(s)" });
    expect(cert.detail).toMatchObject({ host: "api.stripe.com", daysLeft: 10, rule: "Certificate expires within 30 days" });
    expect(typeof (cert.detail as { observedAt?: unknown }).observedAt).toBe("string");

    const [weak] = await stripeFindings("weak_transport");
    expect(weak.detail).toMatchObject({ tlsGrade: "T", hstsMaxAge: null });
    expect(weak.severity).toBe("high");
  });

  it("rescoring again updates last seen and never duplicates; the grade loss stays open against its baseline", async () => {
    const before = await db.select().from(findings).where(eq(findings.providerId, stripeId));
    await new Promise((r) => setTimeout(r, 20));
    const result = await rescoreProviders(db, { providerIds: [stripeId] });
    expect(result.findings).toMatchObject({ created: 0, resolved: 0 });
    const after = await db.select().from(findings).where(eq(findings.providerId, stripeId));
    expect(after.length).toBe(before.length);
    const risk = after.find((f) => f.kind === "provider_risk");
    const riskBefore = before.find((f) => f.kind === "provider_risk");
    expect(risk?.id).toBe(riskBefore?.id);
    expect(risk?.status).toBe("open");
    expect(risk?.lastSeenAt.getTime()).toBeGreaterThan(riskBefore?.lastSeenAt.getTime() ?? Infinity);
    expect(risk?.firstSeenAt).toEqual(riskBefore?.firstSeenAt);
    expect(risk?.detail).toMatchObject({ before: { grade: firstGrade }, after: { grade: "F" } });
  });

  it("an expired attestation and a known-exploited SDK vulnerability make findings", async () => {
    await db.insert(attestations).values({ providerId: stripeId, kind: "iso27001", expiresOn: "2024-01-01" });
    await db.insert(vulnAdvisories).values({ id: "GHSA-test-stripe", source: "osv", ecosystem: "npm", packageName: "stripe", vulnerableRange: "<15.0.0", patchedRange: ">=15.0.0", aliases: ["CVE-2099-0001"], title: "Test advisory", cvssScore: 9.8, cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", severity: "critical" });
    await db.insert(kevEntries).values({ cveId: "CVE-2099-0001", dateAdded: "2026-01-01" });
    const sbom = (version: string) => JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.5", version: 1, components: [{ type: "library", name: "stripe", version, purl: `pkg:npm/stripe@${version}`, "bom-ref": "s" }] });
    await ingestSbom({ db, actor: admin, trigger: "test" }, { text: sbom("14.0.0"), appSlug: "shop", sourceName: "bom.json" });
    await rescoreProviders(db, { providerIds: [stripeId] });

    const [att] = await stripeFindings("expired_attestation");
    expect(att).toMatchObject({ applicationId: shopId, status: "open", title: "Stripe: ISO/IEC 27001 expired on 2024-01-01" });
    expect(att.detail).toMatchObject({ attestation: "iso27001", expiresOn: "2024-01-01" });

    const vulns = await stripeFindings("vulnerable_sdk");
    expect(vulns).toHaveLength(1);
    expect(vulns[0]).toMatchObject({ applicationId: shopId, severity: "critical", status: "open", owaspCategory: "API10" });
    expect(vulns[0].detail).toMatchObject({ vulnerability: "CVE-2099-0001", aliases: ["GHSA-test-stripe"], kev: true, cvss: 9.8, components: [{ purl: "pkg:npm/stripe@14.0.0", fixedIn: ">=15.0.0" }] });

    // Upgrading the SDK past the fix resolves it, with a history row that says why.
    await ingestSbom({ db, actor: admin, trigger: "test" }, { text: sbom("15.0.0"), appSlug: "shop", sourceName: "bom.json" });
    const result = await rescoreProviders(db, { providerIds: [stripeId] });
    expect(result.findings.resolved).toBe(1);
    const [fixed] = await stripeFindings("vulnerable_sdk");
    expect(fixed.status).toBe("resolved");
    const history = await db.select().from(findingStatusHistory).where(eq(findingStatusHistory.findingId, fixed.id));
    expect(history.map((h) => h.toStatus)).toEqual(["open", "resolved"]);
    expect(history[1].justification).toMatch(/SDK vulnerability is gone/);
  });

  it("fixed conditions resolve: renewed certificate, good transport, recovered grade, renewed attestation", async () => {
    await recordTransport(tls());
    await recordAuth(["oauth2"]);
    await db.insert(attestations).values({ providerId: stripeId, kind: "iso27001", expiresOn: new Date(Date.now() + 365 * DAY).toISOString().slice(0, 10) });
    const result = await rescoreProviders(db, { providerIds: [stripeId] });
    const grade = result.scores.get(stripeId)?.grade ?? "F";
    expect("ABCDF".indexOf(grade)).toBeLessThanOrEqual("ABCDF".indexOf(firstGrade ?? "F"));
    const open = await db.select({ kind: findings.kind, status: findings.status }).from(findings).where(and(eq(findings.providerId, stripeId), ne(findings.kind, "api_key_in_query")));
    expect(open.map((f) => `${f.kind}:${f.status}`).sort()).toEqual([
      "certificate_expiring:resolved",
      "expired_attestation:resolved",
      "provider_risk:resolved",
      "vulnerable_sdk:resolved",
      "weak_transport:resolved",
    ]);
    // The ingest finding on the same provider keeps its state.
    const [key] = await stripeFindings("api_key_in_query");
    expect(key.status).toBe("open");
  });

  it("a condition that comes back reopens the same finding instead of adding one", async () => {
    await recordTransport(tls({ notAfterDays: 5 }));
    const result = await rescoreProviders(db, { providerIds: [stripeId] });
    const certs = await stripeFindings("certificate_expiring");
    // A different certificate (new notAfter) is a new finding; the old one stays resolved.
    expect(certs.map((c) => c.status).sort()).toEqual(["open", "resolved"]);
    expect(result.findings.created).toBe(1);
    await recordTransport(tls({ notAfterDays: 5, tls10: true }));
    await rescoreProviders(db, { providerIds: [stripeId] });
    const weak = await stripeFindings("weak_transport");
    expect(weak).toHaveLength(1);
    expect(weak[0].status).toBe("open");
    const history = await db.select().from(findingStatusHistory).where(eq(findingStatusHistory.findingId, weak[0].id));
    expect(history.map((h) => h.event)).toEqual(["detected", "state", "reopened"]);
  });
});
