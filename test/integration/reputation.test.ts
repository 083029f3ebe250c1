import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { count, desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, dependencyRisks, kevEntries, providerScores, providers, signals, vulnAdvisories } from "@/db/schema";
import { buildDemoSignals } from "@/lib/domain/demo/signals";
import type { Actor } from "@/lib/server/actor";
import { getApplicationRisk, getProviderReputation, latestScores } from "@/lib/server/dal/reputation";
import { recordAttestation, recordIncident, recordOverride } from "@/lib/server/dal/reputation-writes";
import { ingestSbom } from "@/lib/server/ingest/sbom";
import { ingestTraffic } from "@/lib/server/ingest/traffic";
import { createModelVersion } from "@/lib/server/scoring/model-store";
import { rescoreProviders } from "@/lib/server/scoring/rescore";
import { ValidationError } from "@/lib/validation/errors";
import { useTestDatabase } from "../db";

const secops: Actor = { label: "secops@example.com", role: "secops" };
const admin: Actor = { label: "admin@example.com", role: "admin" };
let db: Db;
let stripeId = "";

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  const har = fs.readFileSync("test/fixtures/ingest/shop.har");
  await ingestTraffic({ db, actor: admin, trigger: "test" }, { stream: (async function* () { yield har; })(), appSlug: "shop", sourceName: "shop.har" });
  const [stripe] = await db.select({ id: providers.id }).from(providers).where(eq(providers.slug, "stripe"));
  stripeId = stripe.id;
  const s = buildDemoSignals("stripe", "api.stripe.com", 1, new Date());
  await db.insert(signals).values([
    { providerId: stripeId, factor: "transport", source: "recorded_probe", evidence: { probe: s.tls, hstsMaxAge: 31536000 } },
    { providerId: stripeId, factor: "http_hygiene", source: "recorded_probe", evidence: { probe: s.http } },
    { providerId: stripeId, factor: "authentication", source: "analyst", evidence: { methods: ["bearer"], shortLivedTokens: false, keyRotation: true, source: "analyst" } },
  ]);
});

describe("rescoring", () => {
  it("scores providers with evidence and stores the dependency risk of each edge", async () => {
    const result = await rescoreProviders(db);
    const score = result.scores.get(stripeId);
    expect(score?.factors.find((f) => f.name === "transport")?.subscore).toBeGreaterThan(0);
    expect(score?.modelVersion).toBe(1);
    const [risks] = await db.select({ n: count() }).from(dependencyRisks);
    expect(risks.n).toBeGreaterThan(0);
    const app = await getApplicationRisk(db, secops, "shop");
    expect(app?.dependencies.find((d) => d.providerSlug === "stripe")?.risk).not.toBeNull();
    expect(app?.overall).toBeGreaterThanOrEqual(Math.max(...(app?.dependencies.map((d) => d.risk ?? 0) ?? [0])));
  });

  it("writes no new score row when the result is the same as the latest one (digest of the stored text), and moves its assessed time", async () => {
    const at = new Date();
    await rescoreProviders(db, { providerIds: [stripeId], now: at });
    const [before] = await db.select({ n: count() }).from(providerScores).where(eq(providerScores.providerId, stripeId));
    const [latest] = await db.select({ id: providerScores.id, digest: providerScores.digest }).from(providerScores).where(eq(providerScores.providerId, stripeId)).orderBy(desc(providerScores.computedAt)).limit(1);
    expect(latest.digest).toMatch(/^[0-9a-f]{64}$/);
    const later = new Date(at.getTime() + 1000);
    await rescoreProviders(db, { providerIds: [stripeId], now: later });
    const [after] = await db.select({ n: count() }).from(providerScores).where(eq(providerScores.providerId, stripeId));
    expect(after.n).toBe(before.n);
    const [same] = await db.select({ assessedAt: providerScores.assessedAt }).from(providerScores).where(eq(providerScores.id, latest.id));
    expect(same.assessedAt?.getTime()).toBe(later.getTime());
  });

  it("stores a probe as a reference to its signal and graded results once, and reads back the evidence as computed", async () => {
    const result = await rescoreProviders(db, { providerIds: [stripeId], now: new Date(Date.now() + 1000) });
    const computed = result.scores.get(stripeId);
    const [row] = await db.select({ factors: providerScores.factors }).from(providerScores).where(eq(providerScores.providerId, stripeId)).orderBy(desc(providerScores.computedAt)).limit(1);
    const stored = JSON.stringify(row.factors);
    expect(stored).toContain('"$signalProbe"');
    expect(stored).toContain('"$blob"');
    expect(stored).not.toContain("probedAt");
    const latest = (await latestScores(db, [stripeId])).get(stripeId);
    // The same objects, keys in the same order: the provider page and the API show what the rescore computed.
    expect(JSON.stringify(latest?.factors)).toBe(JSON.stringify(computed?.factors));
    const http = latest?.factors.find((f) => f.name === "http_hygiene")?.evidence as { probe?: { url?: string }; grade?: { tests?: unknown[] } };
    expect(http.probe?.url).toBe("https://api.stripe.com/");
    expect(http.grade?.tests?.length).toBeGreaterThan(5);
  });

  it("records an expired attestation, audits it, rescores, and keeps the history", async () => {
    const before = await getProviderReputation(db, secops, "stripe");
    // The analyst's write is audited once (the findings rescoring detects are audited as "system").
    const [audits] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.actorLabel, secops.label));
    const score = await recordAttestation(db, secops, { providerSlug: "stripe", kind: "iso27001", issuedOn: "2023-01-01", expiresOn: "2024-01-01", justification: "Certificate copy received from the vendor portal" });
    const compliance = score?.factors.find((f) => f.name === "compliance");
    expect(compliance?.subscore).toBe(0);
    const after = await getProviderReputation(db, secops, "stripe");
    expect(after?.history.length).toBe((before?.history.length ?? 0) + 1);
    expect(after?.attestations[0]).toMatchObject({ kind: "iso27001", expiresOn: "2024-01-01" });
    const [auditsAfter] = await db.select({ n: count() }).from(auditLog).where(eq(auditLog.actorLabel, secops.label));
    expect(auditsAfter.n).toBe(audits.n + 1);
  });

  it("refuses bad analyst input and changes nothing", async () => {
    const [scores] = await db.select({ n: count() }).from(providerScores);
    await expect(recordAttestation(db, secops, { providerSlug: "stripe", kind: "soc2_type2", expiresOn: "not a date", justification: "long enough reason" })).rejects.toBeInstanceOf(ValidationError);
    await expect(recordIncident(db, secops, { providerSlug: "stripe", occurredOn: "2026-01-01", severity: "apocalyptic", description: "something bad happened" })).rejects.toBeInstanceOf(ValidationError);
    await expect(recordOverride(db, secops, { providerSlug: "stripe", factor: "transport", subscore: 150, justification: "because I said so" })).rejects.toBeInstanceOf(ValidationError);
    await expect(recordOverride(db, { label: "dev", role: "developer" }, { providerSlug: "stripe", factor: "transport", subscore: 50, justification: "because I said so" })).rejects.toThrow(/Forbidden/);
    const [after] = await db.select({ n: count() }).from(providerScores);
    expect(after.n).toBe(scores.n);
  });

  it("caps a recent breach at C and shows an override as such", async () => {
    const breached = await recordIncident(db, secops, { providerSlug: "stripe", occurredOn: new Date(Date.now() - 10 * 86_400_000).toISOString().slice(0, 10), severity: "high", breach: true, description: "Vendor disclosed a breach of support systems" });
    expect(breached?.caps.map((c) => c.maxGrade)).toContain("C");
    expect(breached?.score).toBeLessThanOrEqual(79);
    const overridden = await recordOverride(db, secops, { providerSlug: "stripe", factor: "authentication", subscore: 20, justification: "Vendor confirmed keys never expire" });
    const auth = overridden?.factors.find((f) => f.name === "authentication");
    expect(auth?.subscore).toBe(20);
    expect(auth?.summary).toMatch(/Overridden to 20/);
  });

  it("caps a known-exploited SDK vulnerability at D", async () => {
    await db.insert(vulnAdvisories).values({ id: "GHSA-test-stripe", source: "osv", ecosystem: "npm", packageName: "stripe", vulnerableRange: "<15.0.0", patchedRange: ">=15.0.0", aliases: ["CVE-2099-0001"], title: "Test advisory", cvssScore: 9.8, cvssVector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", severity: "critical" });
    await db.insert(kevEntries).values({ cveId: "CVE-2099-0001", dateAdded: "2026-01-01" });
    const sbom = JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.5", version: 1, components: [{ type: "library", name: "stripe", version: "14.0.0", purl: "pkg:npm/stripe@14.0.0", "bom-ref": "s" }] });
    await ingestSbom({ db, actor: admin, trigger: "test" }, { text: sbom, appSlug: "shop", sourceName: "bom.json" });
    const result = await rescoreProviders(db, { providerIds: [stripeId] });
    const score = result.scores.get(stripeId);
    expect(score?.caps.some((c) => c.maxGrade === "D" && c.factor === "sdk_vulnerabilities")).toBe(true);
    expect(score?.score).toBeLessThanOrEqual(69);
  });

  it("versions the model: a weight change creates a new version and new scores use it", async () => {
    const weights = { transport: 30, http_hygiene: 10, authentication: 10, spec_hygiene: 10, sdk_vulnerabilities: 15, incidents: 15, compliance: 5, reliability: 5 };
    await expect(createModelVersion(db, secops, { weights, note: "x" })).rejects.toThrow(/Forbidden/);
    const model = await createModelVersion(db, admin, { weights, note: "Transport matters more for payment APIs" });
    expect(model.version).toBe(2);
    await rescoreProviders(db, { providerIds: [stripeId] });
    const latest = (await latestScores(db, [stripeId])).get(stripeId);
    expect(latest?.modelVersion).toBe(2);
    const history = await getProviderReputation(db, secops, "stripe");
    expect(new Set(history?.history.map((h) => h.modelVersion))).toEqual(new Set([1, 2]));
  });
});
