import "server-only";
import { isNotNull, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { epssScores, kevEntries, sbomComponents, vulnAdvisories } from "@/db/schema";
import type { Advisory } from "@/lib/domain/vulns/advisory";
import type { EpssScores } from "@/lib/domain/vulns/epss";
import type { KevCatalog } from "@/lib/domain/vulns/kev";
import type { Actor } from "../actor";
import { writeAudit } from "../audit";
import { rescoreProviders } from "../scoring/rescore";
import { reevaluateAfterRescore } from "../policies/reevaluate";

/** Rescores the providers whose SDKs appear in an SBOM (vulnerability data affects only them). */
async function rescoreSdkProviders(db: Db): Promise<number> {
  const rows = await db.selectDistinct({ id: sbomComponents.providerId }).from(sbomComponents).where(isNotNull(sbomComponents.providerId));
  const ids = rows.map((r) => r.id).filter((id): id is string => Boolean(id));
  if (ids.length) {
    await rescoreProviders(db, { providerIds: ids });
    await reevaluateAfterRescore(db, ids);
  }
  return ids.length;
}

export async function importKev(db: Db, actor: Actor, catalog: KevCatalog, source: string) {
  const rows = [...catalog.cves.entries()].map(([cveId, e]) => ({ cveId, dateAdded: e.dateAdded, vendorProject: e.vendorProject, product: e.product, knownRansomwareCampaignUse: e.knownRansomwareCampaignUse }));
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 1000) {
      await tx
        .insert(kevEntries)
        .values(rows.slice(i, i + 1000))
        .onConflictDoUpdate({ target: kevEntries.cveId, set: { dateAdded: sql`excluded.date_added`, vendorProject: sql`excluded.vendor_project`, product: sql`excluded.product`, knownRansomwareCampaignUse: sql`excluded.known_ransomware_campaign_use`, importedAt: sql`now()` } });
    }
    await writeAudit(tx, actor, { action: "vulns.import_kev", targetType: "kev", detail: { source, entries: rows.length, catalogVersion: catalog.catalogVersion } });
  });
  return { imported: rows.length, rescored: await rescoreSdkProviders(db) };
}

export async function importEpss(db: Db, actor: Actor, scores: EpssScores, source: string) {
  const rows = [...scores.scores.entries()].map(([cveId, s]) => ({ cveId, epss: s.epss, percentile: s.percentile, scoreDate: scores.scoreDate }));
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += 5000) {
      await tx
        .insert(epssScores)
        .values(rows.slice(i, i + 5000))
        .onConflictDoUpdate({ target: epssScores.cveId, set: { epss: sql`excluded.epss`, percentile: sql`excluded.percentile`, scoreDate: sql`excluded.score_date`, importedAt: sql`now()` } });
    }
    await writeAudit(tx, actor, { action: "vulns.import_epss", targetType: "epss", detail: { source, scores: rows.length, scoreDate: scores.scoreDate, modelVersion: scores.modelVersion } });
  });
  return { imported: rows.length, rescored: await rescoreSdkProviders(db) };
}

export async function importAdvisories(db: Db, actor: Actor, advisories: Advisory[], source: string, kind: "osv" | "npm") {
  const rows = advisories.map((a) => ({
    id: a.id,
    source: a.source,
    ecosystem: a.ecosystem,
    packageName: a.packageName,
    vulnerableRange: a.vulnerableRange,
    patchedRange: a.patchedRange,
    aliases: a.aliases,
    cvssVector: a.cvss?.vector ?? null,
    cvssScore: a.cvss?.score ?? null,
    severity: a.severity,
    title: a.title.slice(0, 500),
    published: a.published,
  }));
  const unique = [...new Map(rows.map((r) => [`${r.source}|${r.id}|${r.ecosystem}|${r.packageName}|${r.vulnerableRange}`, r])).values()];
  await db.transaction(async (tx) => {
    for (let i = 0; i < unique.length; i += 500) {
      await tx
        .insert(vulnAdvisories)
        .values(unique.slice(i, i + 500))
        .onConflictDoUpdate({
          target: [vulnAdvisories.source, vulnAdvisories.id, vulnAdvisories.ecosystem, vulnAdvisories.packageName, vulnAdvisories.vulnerableRange],
          set: { patchedRange: sql`excluded.patched_range`, aliases: sql`excluded.aliases`, cvssVector: sql`excluded.cvss_vector`, cvssScore: sql`excluded.cvss_score`, severity: sql`excluded.severity`, title: sql`excluded.title`, importedAt: sql`now()` },
        });
    }
    await writeAudit(tx, actor, { action: `vulns.import_${kind}`, targetType: "advisories", detail: { source, advisories: unique.length } });
  });
  return { imported: unique.length, rescored: await rescoreSdkProviders(db) };
}
