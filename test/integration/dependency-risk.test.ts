// One dependency per application × provider (its sources a set), contextual
// risk as likelihood × impact with the application's declared data classes and
// an analyst's narrowing, the daily roll-ups the Overview reads, and the
// migration that merged the edges earlier versions kept per source.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { openDatabase } from "@/db/client";
import { migrationsFolder } from "@/db/migrate";
import { applicationRiskDaily, applications, auditLog, dependencies, portfolioRiskDaily, providers, signals } from "@/db/schema";
import { buildDemoSignals } from "@/lib/domain/demo/signals";
import { bandOfRisk } from "@/lib/domain/scoring/dependency-risk";
import type { Actor } from "@/lib/server/actor";
import { getOverview } from "@/lib/server/dal/overview";
import { listDependencies } from "@/lib/server/dal/dependency-list";
import { getProvider, listProviders } from "@/lib/server/dal/providers";
import { getApplicationRisk, getProviderReputation, getReputationOverview } from "@/lib/server/dal/reputation";
import { narrowDependencyData } from "@/lib/server/dal/reputation-writes";
import { ingestSbom } from "@/lib/server/ingest/sbom";
import { ingestTraffic } from "@/lib/server/ingest/traffic";
import { rowsOf } from "@/lib/server/db-results";
import { rescoreProviders } from "@/lib/server/scoring/rescore";
import { ValidationError } from "@/lib/validation/errors";
import { dependencyListSchema, providerListSchema } from "@/lib/validation/lists";
import { useTestDatabase } from "../db";
import { dropDatabase, recreateDatabase } from "../pg-admin";

const admin: Actor = { label: "admin@example.com", role: "admin" };
const secops: Actor = { label: "secops@example.com", role: "secops" };
const developer: Actor = { label: "dev@example.com", role: "developer" };
let db: Db;
let stripeId = "";
const sbom = JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.5", version: 1, components: [{ type: "library", name: "stripe", version: "14.0.0", purl: "pkg:npm/stripe@14.0.0", "bom-ref": "s" }] });

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  const har = fs.readFileSync("test/fixtures/ingest/shop.har");
  await ingestTraffic({ db, actor: admin, trigger: "test" }, { stream: (async function* () { yield har; })(), appSlug: "shop", sourceName: "shop.har" });
  await ingestSbom({ db, actor: admin, trigger: "test" }, { text: sbom, appSlug: "shop", sourceName: "bom.json" });
  // A second application knows Stripe only from its SBOM.
  await ingestSbom({ db, actor: admin, trigger: "test" }, { text: sbom, appSlug: "billing", sourceName: "bom.json" });
  const [stripe] = await db.select({ id: providers.id }).from(providers).where(eq(providers.slug, "stripe"));
  stripeId = stripe.id;
  const s = buildDemoSignals("stripe", "api.stripe.com", 1, new Date());
  await db.insert(signals).values([
    { providerId: stripeId, factor: "transport", source: "recorded_probe", evidence: { probe: s.tls, hstsMaxAge: 31536000 } },
    { providerId: stripeId, factor: "http_hygiene", source: "recorded_probe", evidence: { probe: s.http } },
    { providerId: stripeId, factor: "authentication", source: "analyst", evidence: { methods: ["bearer"], shortLivedTokens: false, keyRotation: true, source: "analyst" } },
  ]);
});

describe("one dependency per application × provider", () => {
  it("merges traffic and SBOM into one dependency whose sources are a set, with the evidence of each", async () => {
    const [app] = await db.select({ id: applications.id }).from(applications).where(eq(applications.slug, "shop"));
    const rows = await db.select().from(dependencies).where(and(eq(dependencies.applicationId, app.id), eq(dependencies.providerId, stripeId)));
    expect(rows).toHaveLength(1);
    expect(rows[0].sources).toEqual(["sbom", "traffic"]);
    expect(rows[0].hosts).toContain("api.stripe.com");
    expect(rows[0].sourceEvidence.traffic?.calls).toBeGreaterThan(0);
    expect(rows[0].sourceEvidence.traffic?.hosts).toContain("api.stripe.com");
    expect(rows[0].sourceEvidence.sbom?.purls).toEqual(["pkg:npm/stripe@14.0.0"]);
    expect(rows[0].sdkPurl).toBe("pkg:npm/stripe@14.0.0");
  });

  it("re-sending the same SBOM changes nothing", async () => {
    const before = await db.select().from(dependencies).orderBy(dependencies.id);
    await ingestSbom({ db, actor: admin, trigger: "test" }, { text: sbom, appSlug: "shop", sourceName: "bom.json" });
    const after = await db.select().from(dependencies).orderBy(dependencies.id);
    expect(after.map((d) => [d.id, d.sources, d.callCount])).toEqual(before.map((d) => [d.id, d.sources, d.callCount]));
  });

  it("counts dependent applications the same way on every page and API", async () => {
    const list = await listProviders(db, secops, providerListSchema.parse({ q: "stripe", used: "used" }));
    const row = list.rows.find((r) => r.slug === "stripe");
    const page = await getProvider(db, secops, "stripe");
    await rescoreProviders(db);
    const reputation = await getProviderReputation(db, secops, "stripe");
    const overview = await getOverview(db, secops);
    expect(row?.dependents).toBe(2);
    expect(page?.dependents).toHaveLength(2);
    expect(reputation?.dependents).toHaveLength(2);
    expect(overview.topProviders.find((p) => p.slug === "stripe")?.dependents).toBe(2);
  });
});

describe("contextual risk: likelihood × impact", () => {
  it("counts the application's declared data for every provider it depends on, raised by its tier", async () => {
    await db.update(applications).set({ criticality: 1, dataClasses: ["pci"] }).where(eq(applications.slug, "billing"));
    await rescoreProviders(db, { providerIds: [stripeId] });
    const risk = await getApplicationRisk(db, secops, "billing");
    const stripe = risk?.dependencies.find((d) => d.providerSlug === "stripe");
    expect(stripe?.impact).toBe(5);
    expect(stripe?.explanation).toMatchObject({ sensitivity: "payment", sensitivityFrom: "declared" });
    expect(stripe?.risk).toBe(4 * (stripe?.likelihood ?? 0) * 5);
    expect(risk?.overall).toBe(stripe?.risk);
    expect(risk?.heat.flat().reduce((a, b) => a + b, 0)).toBe(1);
  });

  it("an analyst narrows an edge with a justification (audited), lowering its impact; restoring brings it back", async () => {
    const [dep] = await db.select({ id: dependencies.id }).from(dependencies).innerJoin(applications, eq(applications.id, dependencies.applicationId)).where(and(eq(applications.slug, "billing"), eq(dependencies.providerId, stripeId)));
    await expect(narrowDependencyData(db, developer, { dependencyId: dep.id, classes: ["internal"], justification: "Only metrics go to this provider" })).rejects.toThrow();
    await expect(narrowDependencyData(db, secops, { dependencyId: dep.id, classes: ["internal"], justification: "short" })).rejects.toBeInstanceOf(ValidationError);
    await narrowDependencyData(db, secops, { dependencyId: dep.id, classes: ["internal"], justification: "Only payout metadata, no card data, per the integration design" });
    let stripe = (await getApplicationRisk(db, secops, "billing"))?.dependencies.find((d) => d.providerSlug === "stripe");
    expect(stripe?.narrowedClasses).toEqual(["internal"]);
    expect(stripe?.impact).toBe(3); // internal (2) + tier 1
    expect(stripe?.explanation?.sensitivityFrom).toBe("narrowed");
    const audits = await db.select({ action: auditLog.action, detail: auditLog.detail }).from(auditLog).where(eq(auditLog.targetId, dep.id));
    expect(audits.map((a) => a.action)).toEqual(["dependency.narrowed"]);
    expect(audits[0].detail).toMatchObject({ before: null, after: ["internal"] });
    await narrowDependencyData(db, secops, { dependencyId: dep.id, mode: "restore", justification: "Card data now flows for refunds" });
    stripe = (await getApplicationRisk(db, secops, "billing"))?.dependencies.find((d) => d.providerSlug === "stripe");
    expect(stripe?.narrowedClasses).toBeNull();
    expect(stripe?.impact).toBe(5);
  });

  it("keeps a daily roll-up per application and for the portfolio, which the Overview reads", async () => {
    const past = new Date(Date.now() - 10 * 86_400_000);
    await rescoreProviders(db, { now: past });
    await rescoreProviders(db);
    const days = await db.select().from(portfolioRiskDaily).orderBy(portfolioRiskDaily.day);
    expect(days.map((d) => d.day)).toEqual([past.toISOString().slice(0, 10), new Date().toISOString().slice(0, 10)]);
    const scored = await db.select({ n: sql<number>`count(*)::int` }).from(dependencies).where(sql`${dependencies.risk} is not null`);
    const today = days[days.length - 1];
    expect(today.heat.flat().reduce((a, b) => a + b, 0)).toBe(scored[0].n);
    expect(Object.values(today.bands).reduce((a, b) => a + b, 0)).toBe(scored[0].n);
    expect(today.applications).toBe(2);
    const perApp = await db.select().from(applicationRiskDaily);
    expect(perApp.length).toBe(4); // 2 applications × 2 days
    for (const r of perApp) expect(r.band).toBe(bandOfRisk(r.risk));
    const overview = await getReputationOverview(db, secops);
    expect(overview.trend).toHaveLength(2);
    expect(overview.heat).toEqual(today.heat);
    expect(overview.riskiest[0].risk).toBe(Math.max(...(await db.select({ r: dependencies.risk }).from(dependencies)).map((r) => r.r ?? 0)));
    const critical = await listDependencies(db, secops, dependencyListSchema.parse({ likelihood: String(overview.riskiest[0].likelihood), impact: String(overview.riskiest[0].impact) }));
    expect(critical.rows.map((r) => r.id)).toContain(overview.riskiest[0].dependencyId);
  });
});

describe("migration 0009", () => {
  it("merges the per-source edges of earlier versions into one dependency, keeping their evidence and risk history", async () => {
    const name = `sibyl_test_mig_dep_${process.pid}`;
    const url = await recreateDatabase(name);
    const handle = await openDatabase({ url, dataDir: "unused" });
    // The migrations up to 0008 (the table still has its one `source` per edge).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sibyl-mig-"));
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
    const upTo = journal.entries.findIndex((e) => e.tag.startsWith("0009_"));
    fs.mkdirSync(path.join(dir, "meta"));
    fs.writeFileSync(path.join(dir, "meta/_journal.json"), JSON.stringify({ ...journal, entries: journal.entries.slice(0, upTo) }));
    for (const e of journal.entries.slice(0, upTo)) fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(dir, `${e.tag}.sql`));
    try {
      const { migrate } = await import("drizzle-orm/postgres-js/migrator");
      await migrate(handle.db as never, { migrationsFolder: dir });
      const x = handle.db;
      await x.execute(sql`insert into providers (slug, name, category, host_patterns) values ('acme', 'Acme', 'data', '{api.acme.test}')`);
      await x.execute(sql`insert into applications (slug, name) values ('app', 'App')`);
      await x.execute(sql`
        insert into dependencies (application_id, target_kind, provider_id, host, source, call_count, data_classes, data_locations, sdk_purl, first_seen_at, last_seen_at)
        select a.id, 'provider', p.id, v.host, v.source::dependency_source, v.calls, v.classes::text[], v.locations::jsonb, v.purl, v.first::timestamptz, v.last::timestamptz
        from applications a, providers p, (values
          ('api.acme.test', 'traffic', 10, '{email}', '{"email":["body:email"]}', null, '2026-01-01', '2026-02-01'),
          ('files.acme.test', 'traffic', 5, '{card_number}', '{"card_number":["body:pan"],"email":["query:email"]}', null, '2025-12-01', '2026-01-15'),
          (null, 'sbom', 0, '{}', '{}', 'pkg:npm/acme@1.0.0', null, null)
        ) as v(host, source, calls, classes, locations, purl, first, last)`);
      await x.execute(sql`insert into dependency_risks (dependency_id, application_id, risk, explanation) select id, application_id, 10, '{}'::jsonb from dependencies`);
      await handle.close();
      const again = await openDatabase({ url, dataDir: "unused" });
      const { migrateDatabase } = await import("@/db/migrate");
      await migrateDatabase(again);
      const rows = rowsOf<Record<string, unknown>>(await again.db.execute(sql`select * from dependencies`));
      expect(rows).toHaveLength(1);
      const d = rows[0];
      expect(d.sources).toEqual(["sbom", "traffic"]);
      expect(d.hosts).toEqual(["api.acme.test", "files.acme.test"]);
      expect(Number(d.call_count)).toBe(15);
      expect(d.data_classes).toEqual(["card_number", "email"]);
      expect(d.data_locations).toEqual({ email: ["body:email", "query:email"], card_number: ["body:pan"] });
      expect(d.sdk_purl).toBe("pkg:npm/acme@1.0.0");
      expect(new Date(d.first_seen_at as string).toISOString().slice(0, 10)).toBe("2025-12-01");
      expect(d.source_evidence).toMatchObject({ traffic: { calls: 15, hosts: ["api.acme.test", "files.acme.test"] }, sbom: { purls: ["pkg:npm/acme@1.0.0"] } });
      const history = rowsOf<{ n: number; deps: number }>(await again.db.execute(sql`select count(*)::int as n, count(distinct dependency_id)::int as deps from dependency_risks`));
      expect(history[0]).toEqual({ n: 3, deps: 1 });
      await again.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
      await dropDatabase(name);
    }
  }, 120_000);
});
