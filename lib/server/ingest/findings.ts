import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { findings, findingStatusHistory } from "@/db/schema";
import { findingFingerprint, slaDueDate, STICKY_STATUSES, type Severity } from "@/lib/domain/triage/fingerprint";

type FindingKind = (typeof findings.$inferInsert)["kind"];

export interface DetectedFinding {
  kind: FindingKind;
  severity: Severity;
  title: string;
  fingerprintParts: (string | null)[];
  detail: Record<string, unknown>;
  applicationId?: string | null;
  providerId?: string | null;
  endpointId?: string | null;
}

/**
 * Records detections: new fingerprints become open findings; known ones get
 * last_seen updated; ones resolved automatically are reopened. Analyst decisions
 * (accepted risk, false positive, not affected) are kept. Returns counts.
 */
export async function recordFindings(tx: Db, detected: DetectedFinding[], now: Date): Promise<{ created: number; updated: number; reopened: number }> {
  let created = 0;
  let updated = 0;
  let reopened = 0;
  for (let i = 0; i < detected.length; i += 500) {
    const chunk = detected.slice(i, i + 500).map((d) => ({ ...d, fingerprint: findingFingerprint(d.kind, ...d.fingerprintParts) }));
    const existing = await tx
      .select({ id: findings.id, fingerprint: findings.fingerprint, status: findings.status })
      .from(findings)
      .where(inArray(findings.fingerprint, chunk.map((c) => c.fingerprint)));
    const byFingerprint = new Map(existing.map((e) => [e.fingerprint, e]));
    const fresh = chunk.filter((c) => !byFingerprint.has(c.fingerprint));
    if (fresh.length) {
      const inserted = await tx
        .insert(findings)
        .values(
          fresh.map((d) => ({
            kind: d.kind,
            severity: d.severity,
            status: "open" as const,
            fingerprint: d.fingerprint,
            title: d.title,
            detail: d.detail,
            applicationId: d.applicationId ?? null,
            providerId: d.providerId ?? null,
            endpointId: d.endpointId ?? null,
            firstSeenAt: now,
            lastSeenAt: now,
            dueAt: slaDueDate(d.severity, now),
          })),
        )
        .onConflictDoNothing()
        .returning({ id: findings.id });
      if (inserted.length) {
        await tx.insert(findingStatusHistory).values(inserted.map((f) => ({ findingId: f.id, fromStatus: null, toStatus: "open" as const, justification: "Detected by discovery" })));
      }
      created += inserted.length;
    }
    for (const c of chunk) {
      const known = byFingerprint.get(c.fingerprint);
      if (!known) continue;
      const reopen = known.status === "resolved";
      await tx
        .update(findings)
        .set({
          lastSeenAt: now,
          detail: c.detail,
          title: c.title,
          endpointId: c.endpointId ?? null,
          updatedAt: now,
          ...(reopen ? { status: "open" as const, resolvedAt: null } : {}),
        })
        .where(eq(findings.id, known.id));
      if (reopen) {
        reopened++;
        await tx.insert(findingStatusHistory).values({ findingId: known.id, fromStatus: "resolved", toStatus: "open", justification: "Detected again" });
      } else if (!STICKY_STATUSES.has(known.status)) {
        updated++;
      }
    }
  }
  return { created, updated, reopened };
}

/** Resolves open findings of the given kinds for an application whose fingerprints were not detected this time. */
export async function resolveUndetected(tx: Db, applicationId: string, kinds: FindingKind[], stillDetected: Set<string>, reason: string, now: Date): Promise<number> {
  const open = await tx
    .select({ id: findings.id, fingerprint: findings.fingerprint, status: findings.status })
    .from(findings)
    .where(and(eq(findings.applicationId, applicationId), inArray(findings.kind, kinds), sql`${findings.status} in ('open', 'in_triage', 'confirmed')`));
  const gone = open.filter((f) => !stillDetected.has(f.fingerprint));
  if (!gone.length) return 0;
  await tx.update(findings).set({ status: "resolved", resolvedAt: now, updatedAt: now }).where(inArray(findings.id, gone.map((g) => g.id)));
  await tx.insert(findingStatusHistory).values(gone.map((g) => ({ findingId: g.id, fromStatus: g.status, toStatus: "resolved" as const, justification: reason })));
  return gone.length;
}

export { findingFingerprint };
