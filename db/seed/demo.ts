// Writes the demo organisation (lib/domain/demo) into the database, with one
// user per role: the organisation directly, everything else through the real
// ingest paths (specs, traffic logs, SBOMs). A second run finds the demo flag
// and changes nothing.
import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { appSettings, applications, dependencies, internalApis, providers, teams, users } from "../schema";
import { buildDemoArtifacts, type DemoProviderInfo } from "@/lib/domain/demo/artifacts";
import { buildDemoOrganisation } from "@/lib/domain/demo/organisation";
import { ingestOpenApi } from "@/lib/server/ingest/openapi";
import type { IngestRunSummary } from "@/lib/server/ingest/runs";
import { ingestSbom } from "@/lib/server/ingest/sbom";
import { ingestTraffic } from "@/lib/server/ingest/traffic";
import { seedDemoSignals } from "./demo-signals";
import { seedDemoTriage } from "./demo-triage";
import { seedDemoReports } from "./demo-reports";
import { ROLES, type Role } from "@/lib/domain/rbac/permissions";
import { hashPassword } from "@/lib/server/auth/password";
import { writeAudit } from "@/lib/server/audit";

export const DEMO_USERS: { role: Role; email: string; name: string; password: string }[] = ROLES.map((role) => ({
  role,
  email: `${role}@demo.sibyl.test`,
  name: { admin: "Ada Admin", ciso: "Chris CISO", secops: "Sam SecOps", developer: "Dev Developer", auditor: "Alex Auditor" }[role],
  password: `demo-${role}-password`,
}));

export function formatDemoCredentials(): string {
  const lines = DEMO_USERS.map((u) => `  ${u.role.padEnd(9)} ${u.email.padEnd(28)} ${u.password}`);
  return ["", "Demo sign-in credentials (demo data only):", ...lines].join("\n");
}

export async function seedDemo(
  db: Db,
  options: { scale?: number; now?: Date; onProgress?: (done: number, total: number) => void; /** One report per framework (default: at scale 1, the demo organisation). */ reports?: boolean } = {},
): Promise<{ status: "seeded" | "already-seeded"; teams: number; applications: number; dependencies: number }> {
  const scale = options.scale ?? 1;
  const now = options.now ?? new Date();
  const [flag] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, "demo"));
  if (flag && (flag.value as { loaded?: boolean }).loaded) {
    const [{ n }] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(applications).where(eq(applications.isDemo, true));
    return { status: "already-seeded", teams: 0, applications: n, dependencies: 0 };
  }

  const providerRows = await db.select({ id: providers.id, slug: providers.slug, hostPatterns: providers.hostPatterns, sdkPackages: providers.sdkPackages }).from(providers);
  const providerInfo = new Map<string, DemoProviderInfo>(
    providerRows.map((p) => [p.slug, { slug: p.slug, host: p.hostPatterns.find((h) => !h.startsWith("*.")) ?? `api.${p.hostPatterns[0]?.slice(2)}`, npmSdk: p.sdkPackages.npm?.[0] ?? null }]),
  );
  const org = buildDemoOrganisation(scale, new Set(providerInfo.keys()));
  const hashes = await Promise.all(DEMO_USERS.map((u) => hashPassword(u.password)));

  // The organisation itself: users, teams and applications (what a service catalog would hold).
  await db.transaction(async (tx) => {
    const existing = await tx.select({ email: users.email }).from(users).where(inArray(users.email, DEMO_USERS.map((u) => u.email)));
    const have = new Set(existing.map((e) => e.email));
    const newUsers = DEMO_USERS.map((u, i) => ({ email: u.email, name: u.name, role: u.role, passwordHash: hashes[i] })).filter((u) => !have.has(u.email));
    if (newUsers.length) await tx.insert(users).values(newUsers);
    for (let i = 0; i < org.teams.length; i += 500) {
      await tx.insert(teams).values(org.teams.slice(i, i + 500).map((t) => ({ ...t, isDemo: true }))).onConflictDoNothing();
    }
    const teamRows = await tx.select({ id: teams.id, slug: teams.slug }).from(teams);
    const teamIds = new Map(teamRows.map((t) => [t.slug, t.id]));
    for (let i = 0; i < org.applications.length; i += 500) {
      await tx
        .insert(applications)
        .values(
          org.applications.slice(i, i + 500).map((a) => ({
            slug: a.slug,
            name: a.name,
            description: a.description,
            ownerTeamId: teamIds.get(a.teamSlug) ?? null,
            criticality: a.criticality,
            dataClasses: a.dataClasses,
            environment: a.environment,
            lifecycle: a.lifecycle,
            repositoryUrl: a.repositoryUrl,
            hosts: [`${a.slug}.demo.sibyl.test`],
            isDemo: true,
          })),
        )
        .onConflictDoNothing();
    }
    await writeAudit(tx, SEED_ACTOR, {
      action: "demo.seed",
      targetType: "organisation",
      detail: { scale, teams: org.teams.length, applications: org.applications.length, users: newUsers.length },
    });
  });

  // Everything the applications provide and consume arrives through the real ingest paths.
  const ctx = { db, actor: SEED_ACTOR, trigger: "seed", now };
  for (const [index, app] of org.applications.entries()) {
    const files = buildDemoArtifacts(app, providerInfo, now, index);
    for (const spec of files.specs) await expectSuccess(ingestOpenApi(ctx, { text: spec.text, appSlug: app.slug, apiName: spec.apiName, sourceName: `demo/${app.slug}/${spec.apiName}.json` }));
    if (files.inboundLog) await expectSuccess(ingestTraffic(ctx, { stream: once(files.inboundLog), appSlug: app.slug, format: "envoy", sourceName: `demo/${app.slug}/access.log` }));
    if (files.outboundHar) await expectSuccess(ingestTraffic(ctx, { stream: once(files.outboundHar), appSlug: app.slug, format: "har", sourceName: `demo/${app.slug}/outbound.har` }));
    await expectSuccess(ingestSbom(ctx, { text: files.sbom, appSlug: app.slug, sourceName: `demo/${app.slug}/bom.cdx.json` }));
    options.onProgress?.(index + 1, org.applications.length);
  }

  await seedDemoSignals(db, now);
  await seedDemoTriage(db, now);

  const demoApps = db.select({ id: applications.id }).from(applications).where(eq(applications.isDemo, true));
  await db.update(dependencies).set({ isDemo: true }).where(inArray(dependencies.applicationId, demoApps));
  await db.update(internalApis).set({ isDemo: true }).where(inArray(internalApis.applicationId, demoApps));
  const [{ n: dependencyCount }] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(dependencies).where(eq(dependencies.isDemo, true));
  if (options.reports ?? scale <= 1) await seedDemoReports(db, now);
  await db.transaction(async (tx) => {
    await tx
      .insert(appSettings)
      .values({ key: "demo", value: { loaded: true, scale, seededAt: now.toISOString() } })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: { loaded: true, scale, seededAt: now.toISOString() }, updatedAt: now } });
    await writeAudit(tx, SEED_ACTOR, { action: "demo.loaded", targetType: "organisation", detail: { applications: org.applications.length, dependencies: dependencyCount } });
  });
  return { status: "seeded", teams: org.teams.length, applications: org.applications.length, dependencies: dependencyCount };
}

const SEED_ACTOR = { label: "system:seed", role: "admin" as const };

async function* once(text: string) {
  yield Buffer.from(text);
}

async function expectSuccess(run: Promise<IngestRunSummary>): Promise<void> {
  const summary = await run;
  if (summary.status === "failed") throw new Error(`Demo ingest of ${summary.sourceName} failed: ${summary.errors.map((e) => `${e.location}: ${e.reason}`).join("; ")}`);
}
