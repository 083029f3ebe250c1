import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { appSettings, applications, endpoints, internalApis } from "@/db/schema";
import { classifyEndpoint } from "@/lib/domain/ingest/classify";
import type { Severity } from "@/lib/domain/triage/fingerprint";
import { findingFingerprint } from "@/lib/domain/triage/fingerprint";
import { recordFindings, resolveUndetected, type DetectedFinding, type DetectionSource } from "../triage/record";

export interface DiscoveryThresholds {
  orphanAfterDays: number;
}

export const DEFAULT_THRESHOLDS: DiscoveryThresholds = { orphanAfterDays: 30 };

export async function discoveryThresholds(db: Db): Promise<DiscoveryThresholds> {
  const [row] = await db.select({ value: appSettings.value }).from(appSettings).where(eq(appSettings.key, "discovery"));
  const value = (row?.value ?? {}) as Partial<DiscoveryThresholds>;
  return { ...DEFAULT_THRESHOLDS, ...value };
}

const ENDPOINT_FINDING: Record<string, { kind: "shadow_endpoint" | "zombie_endpoint" | "orphan_endpoint"; severity: (tier: number) => Severity; noun: string }> = {
  shadow: { kind: "shadow_endpoint", severity: (t) => (t <= 2 ? "high" : "medium"), noun: "Shadow endpoint" },
  zombie: { kind: "zombie_endpoint", severity: (t) => (t <= 2 ? "high" : "medium"), noun: "Zombie endpoint" },
  orphan: { kind: "orphan_endpoint", severity: () => "low", noun: "Orphan endpoint" },
};

/**
 * Recomputes the status of every endpoint of one application from its spec
 * flags and traffic, then brings its shadow/zombie/orphan findings in line:
 * new ones open, gone ones resolve. Returns counts per status.
 */
export async function reclassifyApplication(tx: Db, applicationId: string, now: Date, thresholds?: DiscoveryThresholds, source: DetectionSource = {}): Promise<Record<string, number>> {
  const limits = thresholds ?? (await discoveryThresholds(tx));
  const [app] = await tx.select({ slug: applications.slug, name: applications.name, criticality: applications.criticality }).from(applications).where(eq(applications.id, applicationId));
  if (!app) return {};
  const rows = await tx
    .select({
      id: endpoints.id,
      method: endpoints.method,
      pathTemplate: endpoints.pathTemplate,
      apiId: endpoints.apiId,
      apiName: internalApis.name,
      apiLifecycle: internalApis.lifecycle,
      documented: endpoints.documented,
      pathDocumented: endpoints.pathDocumented,
      deprecated: endpoints.deprecated,
      removed: endpoints.removed,
      lastSeenAt: endpoints.lastSeenAt,
      callCount: endpoints.callCount,
      status: endpoints.status,
      statusRule: endpoints.statusRule,
      specVersion: endpoints.specVersion,
    })
    .from(endpoints)
    .leftJoin(internalApis, eq(internalApis.id, endpoints.apiId))
    .where(eq(endpoints.applicationId, applicationId));

  const counts: Record<string, number> = { documented: 0, orphan: 0, shadow: 0, zombie: 0, deprecated: 0 };
  const changes: { id: string; status: string; rule: string }[] = [];
  const detected: DetectedFinding[] = [];
  for (const row of rows) {
    const { status, rule } = classifyEndpoint(
      {
        inCurrentSpec: row.documented,
        inAnySpec: row.documented || row.removed || row.pathDocumented,
        methodDocumented: row.documented || row.removed,
        deprecated: row.deprecated,
        removed: row.removed,
        apiRetired: row.apiLifecycle === "retired",
        lastSeenAt: row.lastSeenAt,
        callCount: row.callCount,
      },
      now,
      limits,
    );
    counts[status] = (counts[status] ?? 0) + 1;
    if (status !== row.status || rule !== row.statusRule) changes.push({ id: row.id, status, rule });
    const finding = ENDPOINT_FINDING[status];
    if (finding) {
      detected.push({
        kind: finding.kind,
        severity: finding.severity(app.criticality),
        title: `${finding.noun} ${row.method} ${row.pathTemplate} in ${app.name}`,
        fingerprintParts: [applicationId, row.method, row.pathTemplate],
        detail: { method: row.method, path: row.pathTemplate, api: row.apiName, rule, calls: row.callCount, lastSeenAt: row.lastSeenAt?.toISOString() ?? null, specVersion: row.specVersion },
        applicationId,
        endpointId: row.id,
        sampleCount: row.callCount,
      });
    }
  }
  for (let i = 0; i < changes.length; i += 1000) {
    const values = sql.join(
      changes.slice(i, i + 1000).map((c) => sql`(${c.id}::uuid, ${c.status}::endpoint_status, ${c.rule})`),
      sql`, `,
    );
    await tx.execute(sql`update endpoints as e set status = v.status, status_rule = v.rule, updated_at = now() from (values ${values}) as v(id, status, rule) where e.id = v.id`);
  }
  await recordFindings(tx, detected, now, { detector: "discovery", ...source });
  const still = new Set(detected.map((d) => findingFingerprint(d.kind, ...d.fingerprintParts)));
  await resolveUndetected(tx, { applicationId }, ["shadow_endpoint", "zombie_endpoint", "orphan_endpoint"], still, "No longer detected by discovery", now);
  return counts;
}
