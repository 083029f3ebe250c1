// Writes the demo organisation (lib/domain/demo) into the database, with one
// user per role. Runs in one transaction; a second run finds the demo flag
// and changes nothing.
import { eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../client";
import { appSettings, applications, dependencies, endpoints, internalApis, providers, teams, users, apiSpecVersions } from "../schema";
import { buildDemoOrganisation } from "@/lib/domain/demo/organisation";
import { ROLES, type Role } from "@/lib/domain/rbac/permissions";
import { hashPassword } from "@/lib/server/auth/password";
import { writeAudit } from "@/lib/server/audit";
import { createHash } from "node:crypto";

export const DEMO_USERS: { role: Role; email: string; name: string; password: string }[] = ROLES.map((role) => ({
  role,
  email: `${role}@demo.sibyl.test`,
  name: { admin: "Ada Admin", ciso: "Chris CISO", secops: "Sam SecOps", developer: "Dev Developer", auditor: "Alex Auditor" }[role],
  password: `demo-${role}-password`,
}));

const DAY = 86_400_000;

export function formatDemoCredentials(): string {
  const lines = DEMO_USERS.map((u) => `  ${u.role.padEnd(9)} ${u.email.padEnd(28)} ${u.password}`);
  return ["", "Demo sign-in credentials (demo data only):", ...lines].join("\n");
}

export async function seedDemo(db: Db, options: { scale?: number; now?: Date } = {}): Promise<{ status: "seeded" | "already-seeded"; teams: number; applications: number; dependencies: number }> {
  const scale = options.scale ?? 1;
  const now = options.now ?? new Date();
  const [flag] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, "demo"));
  if (flag && (flag.value as { loaded?: boolean }).loaded) {
    const [{ n }] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(applications).where(eq(applications.isDemo, true));
    return { status: "already-seeded", teams: 0, applications: n, dependencies: 0 };
  }

  const providerRows = await db.select({ id: providers.id, slug: providers.slug, hostPatterns: providers.hostPatterns }).from(providers);
  const providerBySlug = new Map(providerRows.map((p) => [p.slug, p]));
  const org = buildDemoOrganisation(scale, new Set(providerBySlug.keys()));
  const hashes = await Promise.all(DEMO_USERS.map((u) => hashPassword(u.password)));

  let dependencyCount = 0;
  await db.transaction(async (tx) => {
    const existing = await tx.select({ email: users.email }).from(users).where(inArray(users.email, DEMO_USERS.map((u) => u.email)));
    const have = new Set(existing.map((e) => e.email));
    const newUsers = DEMO_USERS.map((u, i) => ({ email: u.email, name: u.name, role: u.role, passwordHash: hashes[i] })).filter((u) => !have.has(u.email));
    if (newUsers.length) await tx.insert(users).values(newUsers);

    const teamIds = new Map<string, string>();
    for (let i = 0; i < org.teams.length; i += 500) {
      const rows = await tx
        .insert(teams)
        .values(org.teams.slice(i, i + 500).map((t) => ({ ...t, isDemo: true })))
        .returning({ id: teams.id, slug: teams.slug });
      for (const r of rows) teamIds.set(r.slug, r.id);
    }

    const appIds = new Map<string, string>();
    for (let i = 0; i < org.applications.length; i += 500) {
      const rows = await tx
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
            isDemo: true,
          })),
        )
        .returning({ id: applications.id, slug: applications.slug });
      for (const r of rows) appIds.set(r.slug, r.id);
    }

    const depRows: (typeof dependencies.$inferInsert)[] = [];
    for (const app of org.applications) {
      const applicationId = appIds.get(app.slug);
      if (!applicationId) continue;
      for (const api of app.apis) {
        const [apiRow] = await tx
          .insert(internalApis)
          .values({ applicationId, name: api.name, currentVersion: api.version, lifecycle: api.lifecycle, isDemo: true })
          .returning({ id: internalApis.id });
        const spec = { openapi: "3.0.3", info: { title: api.name, version: api.version }, paths: Object.fromEntries(api.endpoints.map((e) => [e.path, {}])) };
        await tx.insert(apiSpecVersions).values({
          apiId: apiRow.id,
          version: api.version,
          lifecycle: api.lifecycle,
          contentHash: createHash("sha256").update(JSON.stringify(spec)).digest("hex"),
          spec,
        });
        if (api.endpoints.length) {
          await tx.insert(endpoints).values(
            api.endpoints.map((e) => ({
              applicationId,
              apiId: apiRow.id,
              method: e.method,
              pathTemplate: e.path,
              documented: true,
              deprecated: e.deprecated,
              status: e.deprecated ? ("deprecated" as const) : ("orphan" as const),
            })),
          );
        }
      }
      for (const d of app.dependencies) {
        const provider = providerBySlug.get(d.providerSlug);
        if (!provider) continue;
        const host = provider.hostPatterns.find((h) => !h.startsWith("*.")) ?? provider.hostPatterns[0].slice(2);
        depRows.push({
          applicationId,
          targetKind: "provider",
          providerId: provider.id,
          host,
          source: d.source,
          callCount: d.source === "sbom" || d.source === "catalog" ? 0 : d.callCount,
          dataClasses: d.dataClasses,
          firstSeenAt: new Date(now.getTime() - d.daysSinceFirstSeen * DAY),
          lastSeenAt: new Date(now.getTime() - d.daysSinceLastSeen * DAY),
          isDemo: true,
        });
      }
    }
    for (let i = 0; i < depRows.length; i += 1000) await tx.insert(dependencies).values(depRows.slice(i, i + 1000));
    dependencyCount = depRows.length;

    await tx
      .insert(appSettings)
      .values({ key: "demo", value: { loaded: true, scale, seededAt: now.toISOString() } })
      .onConflictDoUpdate({ target: appSettings.key, set: { value: { loaded: true, scale, seededAt: now.toISOString() }, updatedAt: now } });
    await writeAudit(tx, { label: "system:seed", role: "admin" }, {
      action: "demo.seed",
      targetType: "organisation",
      detail: { scale, teams: org.teams.length, applications: org.applications.length, dependencies: depRows.length, users: newUsers.length },
    });
  });
  return { status: "seeded", teams: org.teams.length, applications: org.applications.length, dependencies: dependencyCount };
}
