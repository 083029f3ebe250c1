import "server-only";
import { and, eq, sql } from "drizzle-orm";
import { applications, internalApis, teams } from "@/db/schema";
import { parseBackstageCatalog } from "@/lib/domain/ingest/backstage";
import { parseOpenApi } from "@/lib/domain/ingest/openapi";
import { IngestInputError } from "@/lib/domain/ingest/types";
import { appSlugSchema } from "@/lib/validation/ingest";
import { writeAudit } from "../audit";
import { applyDependencyDeltas, emptyDelta } from "./dependencies";
import { applySpec, contentHash } from "./openapi";
import { addProblem, withIngestRun, type IngestContext, type IngestRunSummary } from "./runs";

const LIFECYCLE: Record<string, "development" | "production" | "deprecated"> = { experimental: "development", development: "development", production: "production", deprecated: "deprecated" };
const API_LIFECYCLE: Record<string, "active" | "deprecated" | "retired"> = { experimental: "active", production: "active", deprecated: "deprecated", retired: "retired" };

function slugOf(name: string): string | null {
  const parsed = appSlugSchema.safeParse(name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, ""));
  return parsed.success ? parsed.data : null;
}

/**
 * Ingests a Backstage catalog: Groups become teams, Components applications,
 * APIs internal APIs of the components that provide them (with their embedded
 * OpenAPI definition), and consumesApis declared dependencies.
 */
export async function ingestCatalog(ctx: IngestContext, input: { text: string; sourceName: string }): Promise<IngestRunSummary> {
  return withIngestRun(ctx, { kind: "catalog", format: "backstage", sourceName: input.sourceName, contentHash: contentHash(input.text), byteSize: Buffer.byteLength(input.text) }, async (tx, counters) => {
    const now = ctx.now ?? new Date();
    const catalog = parseBackstageCatalog(input.text);
    for (const p of catalog.problems) addProblem(counters, p);
    counters.recordsRead = catalog.groups.length + catalog.components.length + catalog.apis.length + catalog.systems.length + catalog.problems.length;
    counters.recordsRejected = catalog.problems.length;

    const teamIds = new Map<string, string>();
    for (const g of catalog.groups) {
      const slug = slugOf(g.name);
      if (!slug) {
        addProblem(counters, { location: `Group ${g.name}`, reason: "name cannot be used as a team slug" });
        continue;
      }
      const [row] = await tx
        .insert(teams)
        .values({ slug, name: g.title ?? g.name, description: g.description })
        .onConflictDoUpdate({ target: teams.slug, set: { name: g.title ?? g.name, description: g.description, updatedAt: now } })
        .returning({ id: teams.id });
      teamIds.set(g.name, row.id);
      counters.recordsAccepted++;
    }
    const ownerTeam = async (owner: string | null) => {
      if (!owner) return null;
      if (teamIds.has(owner)) return teamIds.get(owner) ?? null;
      const slug = slugOf(owner);
      if (!slug) return null;
      const [row] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.slug, slug));
      return row?.id ?? null;
    };

    const appIds = new Map<string, string>();
    for (const c of catalog.components) {
      const slug = slugOf(c.name);
      if (!slug) {
        addProblem(counters, { location: `Component ${c.name}`, reason: "name cannot be used as an application slug" });
        continue;
      }
      const values = {
        name: c.title ?? c.name,
        description: c.description,
        ownerTeamId: await ownerTeam(c.owner),
        lifecycle: LIFECYCLE[c.lifecycle ?? ""] ?? "production",
        repositoryUrl: c.repositoryUrl,
      };
      const [existing] = await tx.select({ id: applications.id }).from(applications).where(eq(applications.slug, slug));
      if (existing) {
        await tx.update(applications).set({ ...values, updatedAt: now }).where(eq(applications.id, existing.id));
        appIds.set(c.name, existing.id);
      } else {
        const [row] = await tx.insert(applications).values({ slug, ...values }).returning({ id: applications.id });
        await writeAudit(tx, ctx.actor, { action: "application.create", targetType: "application", targetId: row.id, detail: { slug, reason: "Backstage catalog" } });
        appIds.set(c.name, row.id);
        counters.notes.push(`Created application ${slug}.`);
      }
      counters.recordsAccepted++;
    }

    const apiIds = new Map<string, string>();
    for (const api of catalog.apis) {
      const provider = catalog.components.find((c) => c.providesApis.includes(api.name));
      const providerSlug = provider ? slugOf(provider.name) : null;
      if (!provider || !providerSlug) {
        addProblem(counters, { location: `API ${api.name}`, reason: "no Component in this catalog provides it (providesApis); it was not stored" });
        counters.recordsRejected++;
        continue;
      }
      const lifecycle = API_LIFECYCLE[api.lifecycle ?? ""] ?? "active";
      if (api.definition && (api.type ?? "openapi") === "openapi") {
        try {
          const spec = await parseOpenApi(api.definition);
          await applySpec(tx, ctx, counters, spec, { appSlug: providerSlug, apiName: api.name, contentHash: contentHash(api.definition), lifecycle });
        } catch (error) {
          if (!(error instanceof IngestInputError)) throw error;
          for (const p of error.problems) addProblem(counters, { location: `API ${api.name} definition, ${p.location}`, reason: p.reason });
          counters.recordsRejected++;
        }
      }
      const applicationId = appIds.get(provider.name);
      if (!applicationId) continue;
      const [row] = await tx
        .insert(internalApis)
        .values({ applicationId, name: api.name, lifecycle })
        .onConflictDoUpdate({ target: [internalApis.applicationId, internalApis.name], set: { lifecycle, updatedAt: now } })
        .returning({ id: internalApis.id });
      apiIds.set(api.name, row.id);
      counters.recordsAccepted++;
    }

    for (const c of catalog.components) {
      const applicationId = appIds.get(c.name);
      if (!applicationId || !c.consumesApis.length) continue;
      const deltas = [];
      for (const apiName of c.consumesApis) {
        let apiId = apiIds.get(apiName);
        if (!apiId) {
          const [known] = await tx.select({ id: internalApis.id }).from(internalApis).where(and(eq(internalApis.name, apiName), sql`true`)).limit(1);
          apiId = known?.id;
        }
        if (!apiId) {
          addProblem(counters, { location: `Component ${c.name}`, reason: `consumesApis names ${apiName}, which is not in the inventory` });
          continue;
        }
        deltas.push(emptyDelta({ source: "catalog", targetKind: "internal_api", host: null, internalApiId: apiId, firstSeen: now, lastSeen: now }));
      }
      counters.newDependencies += await applyDependencyDeltas(tx, applicationId, deltas);
    }
  });
}
