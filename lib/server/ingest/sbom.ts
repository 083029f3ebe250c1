import "server-only";
import { and, eq, notInArray, sql } from "drizzle-orm";
import { sbomComponents, sbomVulnerabilities } from "@/db/schema";
import { parseCycloneDx } from "@/lib/domain/ingest/cyclonedx";
import { parsePurl } from "@/lib/domain/catalog/match";
import { resolveApplication } from "./apps";
import { loadProviderIndex } from "./catalog-cache";
import { applyDependencyDeltas, emptyDelta, type DependencyDelta } from "./dependencies";
import { contentHash } from "./openapi";
import { addProblem, withIngestRun, type IngestContext, type IngestRunSummary } from "./runs";

/**
 * Ingests a CycloneDX SBOM as the application's current component list: SDKs of
 * catalog providers become `sbom` dependencies; the SBOM's own vulnerabilities
 * are kept for scoring.
 */
export async function ingestSbom(ctx: IngestContext, input: { text: string; appSlug: string; sourceName: string }): Promise<IngestRunSummary> {
  return withIngestRun(
    ctx,
    { kind: "sbom", format: "cyclonedx", sourceName: input.sourceName, contentHash: contentHash(input.text), byteSize: Buffer.byteLength(input.text), applicationSlug: input.appSlug },
    async (tx, counters) => {
      const now = ctx.now ?? new Date();
      const sbom = parseCycloneDx(input.text);
      for (const p of sbom.problems) addProblem(counters, p);
      counters.recordsRead = sbom.components.length + sbom.problems.length;
      counters.recordsRejected = sbom.problems.length;
      const app = await resolveApplication(tx, ctx.actor, input.appSlug, counters);
      const index = await loadProviderIndex(tx);

      const rows = sbom.components.map((c) => {
        const purl = c.purl ?? `pkg:generic/${encodeURIComponent(c.group ? `${c.group}/${c.name}` : c.name)}${c.version ? `@${encodeURIComponent(c.version)}` : ""}`;
        const sdk = c.purl ? index.matchPurl(c.purl) : null;
        return { applicationId: app.id, purl, name: c.name, groupName: c.group, version: c.version, ecosystem: parsePurl(purl)?.type ?? null, providerId: sdk?.providerId ?? null, lastSeenAt: now, firstSeenAt: now, sdk };
      });
      const unique = [...new Map(rows.map((r) => [r.purl, r])).values()];
      for (let i = 0; i < unique.length; i += 500) {
        await tx
          .insert(sbomComponents)
          .values(unique.slice(i, i + 500).map(({ sdk: _sdk, ...r }) => r))
          .onConflictDoUpdate({
            target: [sbomComponents.applicationId, sbomComponents.purl],
            set: { lastSeenAt: now, providerId: sql`excluded.provider_id`, name: sql`excluded.name`, version: sql`excluded.version` },
          });
      }
      // The SBOM is a snapshot: components it no longer lists are gone from the application.
      if (unique.length) await tx.delete(sbomComponents).where(and(eq(sbomComponents.applicationId, app.id), notInArray(sbomComponents.purl, unique.map((r) => r.purl))));
      counters.recordsAccepted = unique.length;

      const deltas = new Map<string, DependencyDelta>();
      for (const r of unique) {
        if (!r.sdk) continue;
        const host = index.primaryHost(r.sdk.providerId);
        const delta = deltas.get(r.sdk.providerId) ?? emptyDelta({ source: "sbom", targetKind: "provider", host, providerId: r.sdk.providerId, firstSeen: now, lastSeen: now, sdkPurl: r.purl });
        deltas.set(r.sdk.providerId, delta);
      }
      counters.newDependencies = await applyDependencyDeltas(tx, app.id, [...deltas.values()]);
      if (deltas.size) counters.notes.push(`Provider SDKs found: ${[...deltas.values()].map((d) => d.sdkPurl).join(", ")}.`);

      const byRef = new Map(sbom.components.filter((c) => c.bomRef).map((c) => [c.bomRef as string, c.purl]));
      const vulnRows = sbom.vulnerabilities.flatMap((v) =>
        (v.affects.length ? v.affects : [null]).map((ref) => ({
          applicationId: app.id,
          vulnId: v.id,
          componentPurl: ref ? (byRef.get(ref) ?? ref) : null,
          source: v.source,
          ratings: v.ratings,
          description: v.description,
          recordedAt: now,
        })),
      );
      const uniqueVulns = [...new Map(vulnRows.map((v) => [`${v.vulnId}|${v.componentPurl ?? ""}`, v])).values()];
      // Like the components, the vulnerabilities section is a snapshot of the application now.
      await tx.delete(sbomVulnerabilities).where(eq(sbomVulnerabilities.applicationId, app.id));
      for (let i = 0; i < uniqueVulns.length; i += 500) await tx.insert(sbomVulnerabilities).values(uniqueVulns.slice(i, i + 500));
      if (uniqueVulns.length) counters.notes.push(`${uniqueVulns.length} vulnerability record(s) kept from the SBOM.`);
    },
  );
}
