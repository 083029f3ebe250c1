// The insurance exposure index kept by the rescore job: a daily row for the
// portfolio, every team and every application, equal to what the pure formula
// computes from the rows read independently here; a worse provider never
// lowers it; the DAL reads the current value, the history and the top contributors.
import fs from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, dependencies, exposureDaily, incidents, providerScores, providers, signals, teams } from "@/db/schema";
import { buildDemoSignals } from "@/lib/domain/demo/signals";
import { exposureRollUp, roundExposure, type ExposureDependencyInput } from "@/lib/domain/reports/exposure";
import type { Actor } from "@/lib/server/actor";
import { rowsOf } from "@/lib/server/db-results";
import { getExposure } from "@/lib/server/dal/exposure";
import { ingestSbom } from "@/lib/server/ingest/sbom";
import { ingestTraffic } from "@/lib/server/ingest/traffic";
import { rollUpExposure } from "@/lib/server/scoring/exposure-rollup";
import { currentModel } from "@/lib/server/scoring/model-store";
import { rescoreProviders } from "@/lib/server/scoring/rescore";
import { useTestDatabase } from "../db";

const admin: Actor = { label: "admin@example.com", role: "admin" };
const ciso: Actor = { label: "ciso@example.com", role: "ciso" };
let db: Db;
let stripeId = "";
let teamId = "";
const DAY = 86_400_000;
const sbom = JSON.stringify({ bomFormat: "CycloneDX", specVersion: "1.5", version: 1, components: [{ type: "library", name: "stripe", version: "14.0.0", purl: "pkg:npm/stripe@14.0.0", "bom-ref": "s" }] });

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  const har = fs.readFileSync("test/fixtures/ingest/shop.har");
  await ingestTraffic({ db, actor: admin, trigger: "test" }, { stream: (async function* () { yield har; })(), appSlug: "shop", sourceName: "shop.har" });
  await ingestSbom({ db, actor: admin, trigger: "test" }, { text: sbom, appSlug: "billing", sourceName: "bom.json" });
  const [team] = await db.insert(teams).values({ slug: "payments", name: "Payments" }).returning({ id: teams.id });
  teamId = team.id;
  await db.update(applications).set({ ownerTeamId: teamId, criticality: 1, dataClasses: ["pci"] }).where(eq(applications.slug, "billing"));
  const [stripe] = await db.select({ id: providers.id }).from(providers).where(eq(providers.slug, "stripe"));
  stripeId = stripe.id;
  const s = buildDemoSignals("stripe", "api.stripe.com", 1, new Date());
  await db.insert(signals).values([
    { providerId: stripeId, factor: "transport", source: "recorded_probe", evidence: { probe: s.tls, hstsMaxAge: 31536000 } },
    { providerId: stripeId, factor: "http_hygiene", source: "recorded_probe", evidence: { probe: s.http } },
    { providerId: stripeId, factor: "authentication", source: "analyst", evidence: { methods: ["bearer"], shortLivedTokens: false, keyRotation: true, source: "analyst" } },
  ]);
});

/** The formula's inputs read straight from the tables (not through the roll-up's own reader). */
async function inputsFromTables(asOf = new Date(Date.now() + 60_000)): Promise<ExposureDependencyInput[]> {
  const rows = rowsOf<{ id: string; application_id: string; provider_id: string; owner_team_id: string | null; criticality: number; data_classes: string[]; declared: string[]; narrowed_data_classes: string[] | null; call_count: string | number; score: number | null; grade: string | null }>(
    await db.execute(sql`
      select d.id, d.application_id, d.provider_id, a.owner_team_id, a.criticality, d.data_classes, a.data_classes::text[] as declared, d.narrowed_data_classes, d.call_count, s.score, s.grade
      from dependencies d join applications a on a.id = d.application_id
      left join lateral (select score, grade from provider_scores ps where ps.provider_id = d.provider_id and ps.computed_at <= ${asOf.toISOString()}::timestamptz order by computed_at desc, id desc limit 1) s on true
      where d.provider_id is not null`),
  );
  return rows.map((r) => ({
    dependencyId: r.id,
    applicationId: r.application_id,
    providerId: r.provider_id,
    teamId: r.owner_team_id,
    criticality: Number(r.criticality),
    observedClasses: r.data_classes,
    declaredClasses: r.declared,
    narrowedClasses: r.narrowed_data_classes,
    calls: Number(r.call_count),
    score: r.score === null ? null : Number(r.score),
    grade: r.grade,
  }));
}

const today = () => new Date().toISOString().slice(0, 10);
const rowOf = async (kind: string, key: string, day = today()) => (await db.select().from(exposureDaily).where(and(eq(exposureDaily.scopeKind, kind), eq(exposureDaily.scopeKey, key), eq(exposureDaily.day, day))))[0];

describe("insurance exposure roll-up", () => {
  it("after a rescore, has today's row for the portfolio, every team and every application, equal to the formula over the tables", async () => {
    await rescoreProviders(db);
    const inputs = await inputsFromTables();
    expect(inputs.length).toBeGreaterThan(1);
    const expected = exposureRollUp(inputs);
    const portfolio = await rowOf("portfolio", "portfolio");
    expect(portfolio.value).toBeGreaterThan(0);
    expect(portfolio.value).toBeCloseTo(expected.portfolio.value, 6);
    expect(portfolio.dependencies).toBe(inputs.length);
    const team = await rowOf("team", teamId);
    expect(team.value).toBeCloseTo(expected.teams.get(teamId)?.value ?? -1, 6);
    const apps = await db.select({ id: applications.id }).from(applications);
    for (const a of apps) {
      const row = await rowOf("application", a.id);
      expect(row.value).toBeCloseTo(expected.applications.get(a.id)?.value ?? 0, 6);
    }
    const stored = await db.select({ n: sql<number>`count(*)::int` }).from(exposureDaily);
    expect(stored[0].n).toBe(1 + 1 + apps.length);
    // The portfolio and team rows keep their top contributors, largest first.
    const top = portfolio.top as { dependencyId: string; value: number }[];
    expect(top[0].dependencyId).toBe(expected.portfolio.top[0].dependencyId);
    expect(top.map((t) => t.value)).toEqual([...top.map((t) => t.value)].sort((x, y) => y - x));
  });

  it("a worse provider (a breach caps its grade) never lowers it, and the DAL shows the change", async () => {
    const before = await rowOf("portfolio", "portfolio");
    const beforeApps = await db.select().from(exposureDaily).where(and(eq(exposureDaily.scopeKind, "application"), eq(exposureDaily.day, today())));
    const scoreBefore = rowsOf<{ score: number }>(await db.execute(sql`select score from provider_scores where provider_id = ${stripeId} order by computed_at desc limit 1`))[0].score;
    await db.insert(incidents).values({ providerId: stripeId, occurredOn: today(), severity: "critical", breach: true, description: "Test: customer data breach" });
    const at = new Date(Date.now() + 1000);
    const day = at.toISOString().slice(0, 10);
    await rescoreProviders(db, { providerIds: [stripeId], now: at });
    const scoreAfter = rowsOf<{ score: number }>(await db.execute(sql`select score from provider_scores where provider_id = ${stripeId} order by computed_at desc limit 1`))[0].score;
    expect(scoreAfter).toBeLessThan(scoreBefore);
    const after = await rowOf("portfolio", "portfolio", day);
    expect(after.value).toBeGreaterThan(before.value);
    for (const b of beforeApps) expect((await rowOf("application", b.scopeKey, day)).value).toBeGreaterThanOrEqual(b.value);
    expect(after.value).toBeCloseTo(exposureRollUp(await inputsFromTables()).portfolio.value, 6);
  });

  it("computes in the database exactly the TypeScript formula, on edge cases: ungraded and unscored providers, narrowed, unknown and tied classes, no calls and a million", async () => {
    const model = await currentModel(db);
    const slugs = ["twilio", "sendgrid", "okta", "github"];
    const ps = await db.select({ id: providers.id, slug: providers.slug }).from(providers).where(sql`${providers.slug} in (${sql.join(slugs.map((x) => sql`${x}`), sql`, `)})`);
    expect(ps).toHaveLength(4);
    const id = (slug: string) => ps.find((p) => p.slug === slug)?.id ?? "";
    await db.insert(providerScores).values([
      { providerId: id("twilio"), modelId: model.id, score: 63.4, grade: "D", confidence: 0.9, factors: [] },
      { providerId: id("sendgrid"), modelId: model.id, score: 91.7, grade: null, confidence: 0.3, factors: [] }, // too little evidence: at least 0.5
      { providerId: id("okta"), modelId: model.id, score: 22.1, grade: null, confidence: 0.3, factors: [] }, // ungraded but weak: 0.779
    ]); // github: never scored
    const apps = await db
      .insert(applications)
      .values([
        { slug: "edge-a", name: "Edge A", criticality: 4, dataClasses: ["phi", "pci"], ownerTeamId: teamId },
        { slug: "edge-b", name: "Edge B", criticality: 2, dataClasses: ["credentials"] },
      ])
      .returning({ id: applications.id, slug: applications.slug });
    const app = (slug: string) => apps.find((a) => a.slug === slug)?.id ?? "";
    await db.insert(dependencies).values([
      { applicationId: app("edge-a"), targetKind: "provider", providerId: id("twilio"), callCount: 0, dataClasses: ["health_record", "card_number"] },
      { applicationId: app("edge-a"), targetKind: "provider", providerId: id("sendgrid"), callCount: 1_000_000, dataClasses: ["weird_class"] },
      { applicationId: app("edge-a"), targetKind: "provider", providerId: id("okta"), callCount: 123_456_789, dataClasses: [], narrowedDataClasses: ["internal"] },
      { applicationId: app("edge-b"), targetKind: "provider", providerId: id("github"), callCount: 7, dataClasses: ["email"], narrowedDataClasses: [] },
      { applicationId: app("edge-b"), targetKind: "provider", providerId: id("okta"), callCount: 42, dataClasses: ["jwt", "email"] },
      { applicationId: app("edge-b"), targetKind: "provider", providerId: id("twilio"), callCount: 99_999, dataClasses: [] },
    ]);
    const at = new Date(Date.now() + 2000);
    await rollUpExposure(db, at);
    const day = at.toISOString().slice(0, 10);
    const expected = exposureRollUp(await inputsFromTables(new Date(at.getTime() + 1)));
    const rows = await db.select().from(exposureDaily).where(eq(exposureDaily.day, day));
    for (const r of rows) {
      const want = r.scopeKind === "portfolio" ? expected.portfolio : r.scopeKind === "team" ? expected.teams.get(r.scopeKey) : expected.applications.get(r.scopeKey);
      expect(r.value, `${r.scopeKind} ${r.scopeKey}`).toBeCloseTo(want?.value ?? 0, 9);
      expect(r.dependencies).toBe(want?.dependencies ?? 0);
    }
    for (const a of apps) expect(rows.find((r) => r.scopeKey === a.id)?.value).toBeGreaterThan(0);
    // The stored top contributors carry the same factors as the formula's.
    const top = rows.find((r) => r.scopeKind === "portfolio")?.top as { dependencyId: string; sensitivity: string; dataWeight: number; weakness: number; volume: number; tier: number; value: number }[];
    expect(top.map((t) => t.dependencyId)).toEqual(expected.portfolio.top.map((t) => t.dependencyId));
    for (const [i, t] of top.entries()) {
      const w = expected.portfolio.top[i];
      expect({ sensitivity: t.sensitivity, dataWeight: t.dataWeight, tier: t.tier }).toEqual({ sensitivity: w.sensitivity, dataWeight: w.dataWeight, tier: w.tier });
      expect(t.weakness).toBeCloseTo(w.weakness, 4);
      expect(t.volume).toBeCloseTo(w.volume, 4);
      expect(t.value).toBeCloseTo(w.value, 9);
    }
    const edgeB = await getExposure(db, ciso, { kind: "application", id: app("edge-b") }, { now: at });
    expect(edgeB.contributors.map((c) => c.provider.slug)).toEqual(expected.applications.get(app("edge-b"))?.top.map((t) => ps.find((p) => p.id === t.providerId)?.slug));
  });

  it("keeps a daily history the DAL reads with the value 30 days ago and the top contributors by name", async () => {
    const now = new Date();
    await rescoreProviders(db, { now: new Date(now.getTime() - 30 * DAY) });
    await rescoreProviders(db, { now: new Date(now.getTime() - 400 * DAY) });
    const view = await getExposure(db, ciso, { kind: "portfolio" });
    expect(view.current?.day).toBe(today());
    expect(view.current?.value).toBe(roundExposure((await rowOf("portfolio", "portfolio")).value));
    // 400 days ago is outside the 12-month window: two points, and no value 12 months ago.
    expect(view.series.map((p) => p.day)).toEqual([new Date(now.getTime() - 30 * DAY).toISOString().slice(0, 10), today()]);
    expect(view.daysAgo30?.day).toBe(view.series[0].day);
    expect(view.monthsAgo12).toBeNull();
    expect(view.contributors.length).toBeGreaterThan(0);
    expect(view.contributors[0]).toMatchObject({ provider: { slug: expect.any(String) }, application: { slug: expect.any(String) } });
    const shares = view.contributors.reduce((s, c) => s + c.share, 0);
    expect(shares).toBeLessThanOrEqual(1 + 1e-9);

    const [billing] = await db.select({ id: applications.id }).from(applications).where(eq(applications.slug, "billing"));
    const app = await getExposure(db, ciso, { kind: "application", id: billing.id });
    expect(app.current?.value).toBeGreaterThan(0);
    expect(app.contributors.map((c) => c.provider.slug)).toEqual(["stripe"]);
    expect(app.contributors[0]).toMatchObject({ sensitivity: "payment", dataWeight: 8, tier: 1.5 });
    const team = await getExposure(db, ciso, { kind: "team", id: teamId });
    // The team owns billing and edge-a (added above).
    expect(team.current?.value).toBeGreaterThan(app.current?.value ?? 0);
    expect(team.contributors.map((c) => c.application.slug).sort()).toEqual(expect.arrayContaining(["billing", "edge-a"]));
  });
});
