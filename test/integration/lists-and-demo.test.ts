import { beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, isNull, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { applications, auditLog, dependencies, exposureDaily, findingStatusHistory, riskAcceptances, users } from "@/db/schema";
import { FINDING_STATES } from "@/lib/domain/triage/states";
import { listFindings } from "@/lib/server/dal/findings";
import { findingListSchema } from "@/lib/validation/findings";
import { DEMO_USERS, seedDemo } from "@/db/seed/demo";
import type { Actor } from "@/lib/server/actor";
import { getApplication, listApplications } from "@/lib/server/dal/applications";
import { getExposure } from "@/lib/server/dal/exposure";
import { getOverview } from "@/lib/server/dal/overview";
import { getProvider, listProviders } from "@/lib/server/dal/providers";
import { listAudit } from "@/lib/server/dal/audit";
import { ForbiddenError } from "@/lib/server/actor";
import { applicationListSchema, auditListSchema, providerListSchema } from "@/lib/validation/lists";
import { useTestDatabase } from "../db";

let db: Db;
const ciso: Actor = { label: "ciso", role: "ciso" };
const auditor: Actor = { label: "auditor", role: "auditor" };

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  // The reports the demo generates are covered by reports.test.ts (each costs a PDF rendering).
  const result = await seedDemo(db, { now: new Date("2026-11-01T00:00:00Z"), reports: false });
  expect(result).toMatchObject({ status: "seeded", teams: 8, applications: 40 });
});

describe("demo seed", () => {
  it("creates one user per role and marks rows as demo", async () => {
    const rows = await db.select({ email: users.email, role: users.role }).from(users);
    for (const u of DEMO_USERS) expect(rows).toContainEqual({ email: u.email, role: u.role });
    const [nonDemo] = await db.select({ n: count() }).from(applications).where(eq(applications.isDemo, false));
    expect(nonDemo.n).toBe(0);
  });

  it("has findings in every state from real detections and triage actions, acceptances expiring soon and findings past SLA", async () => {
    const seeded = new Date("2026-11-01T00:00:00Z");
    const secops: Actor = { label: "secops", role: "secops" };
    const page = await listFindings(db, secops, findingListSchema.parse({ state: "all" }), seeded);
    for (const state of FINDING_STATES) expect(page.stateCounts[state], state).toBeGreaterThan(0);
    expect(page.stateCounts.pastSla).toBeGreaterThan(0);
    const soon = await db.select({ n: count() }).from(riskAcceptances).where(and(isNull(riskAcceptances.endedAt), lte(riskAcceptances.expiresAt, new Date(seeded.getTime() + 14 * 86_400_000))));
    expect(soon[0].n).toBeGreaterThan(0);
    // Every change was made by a person or the clock, each with its history row.
    const actors = await db.selectDistinct({ by: findingStatusHistory.changedByLabel }).from(findingStatusHistory);
    expect(actors.map((a) => a.by).sort()).toEqual(["secops@demo.sibyl.test", "system"]);
    const reopened = await db.select({ n: count() }).from(findingStatusHistory).where(eq(findingStatusHistory.event, "reopened"));
    expect(reopened[0].n).toBeGreaterThan(0);
  });

  it("has an insurance exposure history that moves, from the same week-by-week rescoring", async () => {
    const seeded = new Date("2026-11-01T00:00:00Z");
    const view = await getExposure(db, ciso, { kind: "portfolio" }, { now: seeded });
    expect(view.series.length).toBeGreaterThanOrEqual(12);
    expect(view.current?.day).toBe("2026-11-01");
    expect(new Set(view.series.map((p) => p.value)).size).toBeGreaterThan(1);
    expect(view.daysAgo30).not.toBeNull();
    expect(view.contributors.length).toBe(5);
    const teamDays = await db.selectDistinct({ day: exposureDaily.day }).from(exposureDaily).where(eq(exposureDaily.scopeKind, "team"));
    expect(teamDays.length).toBe(view.series.length);
  });

  it("is idempotent: a second run changes nothing", async () => {
    const before = await Promise.all([db.select({ n: count() }).from(applications), db.select({ n: count() }).from(dependencies), db.select({ n: count() }).from(auditLog)]);
    expect((await seedDemo(db)).status).toBe("already-seeded");
    const after = await Promise.all([db.select({ n: count() }).from(applications), db.select({ n: count() }).from(dependencies), db.select({ n: count() }).from(auditLog)]);
    expect(after).toEqual(before);
  });
});

describe("lists", () => {
  it("paginates, sorts, searches and filters applications on the server", async () => {
    const first = await listApplications(db, ciso, applicationListSchema.parse({ pageSize: "25" }));
    expect(first.total).toBe(40);
    expect(first.rows).toHaveLength(25);
    const second = await listApplications(db, ciso, applicationListSchema.parse({ pageSize: "25", page: "2" }));
    expect(second.rows).toHaveLength(15);
    expect(new Set([...first.rows, ...second.rows].map((r) => r.slug)).size).toBe(40);

    const byProviders = await listApplications(db, ciso, applicationListSchema.parse({ sort: "providers", dir: "desc", pageSize: "100" }));
    const counts = byProviders.rows.map((r) => r.providerCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    const search = await listApplications(db, ciso, applicationListSchema.parse({ q: "checkout" }));
    expect(search.rows.map((r) => r.slug)).toEqual(["checkout-api"]);
    const byTeam = await listApplications(db, ciso, applicationListSchema.parse({ q: "payments" }));
    expect(byTeam.total).toBe(5);
    const tier1 = await listApplications(db, ciso, applicationListSchema.parse({ criticality: "1", pageSize: "100" }));
    expect(tier1.rows.every((r) => r.criticality === 1)).toBe(true);
    const phi = await listApplications(db, ciso, applicationListSchema.parse({ dataClass: "phi" }));
    expect(phi.rows.every((r) => r.dataClasses.includes("phi"))).toBe(true);
    expect(phi.total).toBeGreaterThan(0);
    // Wildcards in a search are literal.
    expect((await listApplications(db, ciso, applicationListSchema.parse({ q: "%" }))).total).toBe(0);
    // Nonsense parameters fall back to defaults instead of failing.
    const junk = await listApplications(db, ciso, applicationListSchema.parse({ page: "-3", pageSize: "9999", sort: "drop table", dir: "sideways" }));
    expect(junk).toMatchObject({ page: 1, pageSize: 25, total: 40 });
  });

  it("filters providers by use and reads one provider with its dependents", async () => {
    const all = await listProviders(db, ciso, providerListSchema.parse({ used: "all" }));
    const used = await listProviders(db, ciso, providerListSchema.parse({ used: "used", sort: "dependents", dir: "desc" }));
    expect(used.total).toBeGreaterThan(10);
    expect(used.total).toBeLessThan(all.total);
    const stripe = await getProvider(db, ciso, "stripe");
    expect(stripe?.dependents.length).toBeGreaterThan(0);
    const byHost = await listProviders(db, ciso, providerListSchema.parse({ q: "api.stripe.com" }));
    expect(byHost.rows.map((r) => r.slug)).toContain("stripe");
    // Providers in use are the default view.
    expect((await listProviders(db, ciso, providerListSchema.parse({}))).total).toBe(used.total);
  });

  it("computes overview figures from the database", async () => {
    const o = await getOverview(db, ciso);
    expect(o.applications).toBe(40);
    expect(o.applicationsByCriticality.reduce((a, t) => a + t.count, 0)).toBe(40);
    expect(o.providersInCatalog).toBeGreaterThanOrEqual(80);
    expect(o.internalApis).toBeGreaterThan(0);
    expect(o.endpoints).toBeGreaterThan(0);
    expect(o.topProviders[0].dependents).toBeGreaterThanOrEqual(o.topProviders[1].dependents);
    const app = await getApplication(db, ciso, "checkout-api");
    expect(app?.dependencies.length).toBeGreaterThan(0);
  });

  it("lets the auditor read the audit log and refuses the CISO", async () => {
    const page = await listAudit(db, auditor, auditListSchema.parse({ action: "demo.seed" }));
    expect(page.rows.map((r) => r.action)).toEqual(["demo.seed"]);
    const all = await listAudit(db, auditor, auditListSchema.parse({}));
    expect(all.total).toBeGreaterThan(100);
    await expect(listAudit(db, ciso, auditListSchema.parse({}))).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("scale", () => {
  it("multiplies the organisation", async () => {
    const handle = await useTestDatabase();
    const result = await seedDemo(handle.db, { scale: 2 });
    expect(result).toMatchObject({ teams: 16, applications: 80 });
  }, 180_000);
});
