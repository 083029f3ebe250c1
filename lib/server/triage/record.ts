import "server-only";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { findings, findingStatusHistory } from "@/db/schema";
import { findingFingerprint, type Severity } from "@/lib/domain/triage/fingerprint";
import type { FindingKind } from "@/lib/domain/triage/kinds";
import { owaspCategoryOf } from "@/lib/domain/triage/owasp";
import { slaDue } from "@/lib/domain/triage/sla";
import { ACTIVE_STATES, systemTransition, type FindingState } from "@/lib/domain/triage/states";
import { SYSTEM_ACTOR } from "../actor";
import { rowsOf } from "../db-results";
import { writeAudit } from "../audit";
import { enqueueWebhookEvents, type TriageEvent } from "../webhooks/events";
import { getSlaDays } from "./settings";

export interface DetectedFinding {
  kind: FindingKind;
  severity: Severity;
  title: string;
  fingerprintParts: (string | null)[];
  /** The observation: rule, host, values used. Stored as the finding's evidence. */
  detail: Record<string, unknown>;
  applicationId?: string | null;
  providerId?: string | null;
  endpointId?: string | null;
  /** How many observations back it (requests, components); defaults to 1. */
  sampleCount?: number;
}

/** Where the detection came from, stored as evidence. */
export interface RecordOptions {
  /** The SLA days, when the caller records in several calls within one transaction (read once, not per call). */
  slaDays?: Awaited<ReturnType<typeof getSlaDays>>;
}

export interface DetectionSource {
  ingestRunId?: string | null;
  /** e.g. "discovery", "rescore", "probe" */
  detector?: string;
}

/**
 * Records detections: new fingerprints become open findings (with their SLA due
 * date and OWASP category); known ones get last seen, evidence and sample count
 * updated; resolved ones detected again reopen with a history row that says so.
 * Analyst decisions (false positive, not affected, accepted risk) and severity
 * overrides are kept. Returns counts and the ids of new findings.
 */
export async function recordFindings(tx: Db, detected: DetectedFinding[], now: Date, source: DetectionSource = {}, options: RecordOptions = {}): Promise<{ created: number; updated: number; reopened: number }> {
  let created = 0;
  let updated = 0;
  let reopened = 0;
  if (!detected.length) return { created, updated, reopened };
  const slaDays = options.slaDays ?? (await getSlaDays(tx));
  const events: TriageEvent[] = [];
  const unique = new Map<string, DetectedFinding & { fingerprint: string }>();
  for (const d of detected) {
    const fingerprint = findingFingerprint(d.kind, ...d.fingerprintParts);
    unique.set(fingerprint, { ...d, fingerprint });
  }
  const all = [...unique.values()];
  for (let i = 0; i < all.length; i += 1000) {
    const chunk = all.slice(i, i + 1000);
    // Raw read, the fingerprints (hex) as one array parameter: a thousand bound parameters and the query
    // builder's row mapping cost more than the read.
    const existing = rowsOf<{ id: string; fingerprint: string; status: FindingState; severity_reason: string | null; sla_started_at: string | Date; severity: Severity }>(
      await tx.execute(sql`
        select id, fingerprint, status::text as status, severity_reason, sla_started_at, severity::text as severity from findings
        where fingerprint = any(${`{${chunk.map((c) => c.fingerprint).join(",")}}`}::text[])`),
    ).map((r) => ({ id: r.id, fingerprint: r.fingerprint, status: r.status, severityReason: r.severity_reason, slaStartedAt: new Date(r.sla_started_at), severity: r.severity }));
    const byFingerprint = new Map(existing.map((e) => [e.fingerprint, e]));
    const fresh = chunk.filter((c) => !byFingerprint.has(c.fingerprint));
    if (fresh.length) {
      // One statement per chunk (rows as one JSON document; the history rows from the insert's RETURNING):
      // thousands of parameterised rows through the query builder cost more than the database work.
      const payload = fresh.map((d) => ({
        kind: d.kind,
        severity: d.severity,
        fingerprint: d.fingerprint,
        title: d.title,
        detail: { ...d.detail, detector: source.detector ?? null },
        owasp_category: owaspCategoryOf(d.kind),
        sample_count: Math.max(1, Math.round(d.sampleCount ?? 1)),
        application_id: d.applicationId ?? null,
        provider_id: d.providerId ?? null,
        endpoint_id: d.endpointId ?? null,
        due_at: slaDue(d.severity, now, slaDays)?.toISOString() ?? null,
      }));
      const at = now.toISOString();
      const inserted = rowsOf<{ id: string; severity: Severity; title: string; kind: FindingKind }>(
        await tx.execute(sql`
          with x as (
            select * from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
              as x(kind text, severity text, fingerprint text, title text, detail jsonb, owasp_category text, sample_count int, application_id uuid, provider_id uuid, endpoint_id uuid, due_at timestamptz)
          ),
          ins as (
            insert into findings (kind, severity, detected_severity, status, fingerprint, title, detail, owasp_category, sample_count, last_ingest_run_id, application_id, provider_id, endpoint_id, first_seen_at, last_seen_at, sla_started_at, due_at)
            select kind::finding_kind, severity::severity, severity::severity, 'open', fingerprint, title, detail, owasp_category, sample_count, ${source.ingestRunId ?? null}::uuid, application_id, provider_id, endpoint_id, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz, due_at
            from x
            on conflict do nothing
            returning id, severity, title, kind
          ),
          history as (
            insert into finding_status_history (finding_id, event, from_status, to_status, justification, changed_by_label, changed_at)
            select id, 'detected', null, 'open', ${`Detected by ${source.detector ?? "discovery"}`}, 'system', ${at}::timestamptz from ins
          )
          select id, severity::text as severity, title, kind::text as kind from ins`),
      );
      if (inserted.length) {
        await writeAudit(tx, SYSTEM_ACTOR, { action: "finding.detected", targetType: "finding", targetId: inserted.length === 1 ? inserted[0].id : null, detail: { count: inserted.length, ids: inserted.slice(0, 50).map((f) => f.id), detector: source.detector ?? null, ingestRunId: source.ingestRunId ?? null } });
        for (const f of inserted) if (f.severity === "critical" || f.severity === "high") events.push({ type: "finding.created", key: `${f.id}:created`, findingId: f.id, at: now });
      }
      created += inserted.length;
    }
    const known = chunk.filter((c) => byFingerprint.has(c.fingerprint));
    if (!known.length) continue;
    const payload = known.flatMap((c) => {
      const k = byFingerprint.get(c.fingerprint);
      if (!k) return [];
      const reopen = systemTransition(k.status as FindingState, { kind: "redetected" }, { now });
      // A detection may change severity unless an analyst overrode it.
      const severity = k.severityReason ? k.severity : c.severity;
      const slaStart = reopen ? now : k.slaStartedAt;
      return [{
        id: k.id,
        title: c.title,
        detail: { ...c.detail, detector: source.detector ?? null },
        endpoint_id: c.endpointId ?? null,
        sample_count: Math.max(1, Math.round(c.sampleCount ?? 1)),
        detected_severity: c.severity,
        severity,
        status: reopen ? reopen.to : k.status,
        sla_started_at: slaStart.toISOString(),
        due_at: slaDue(severity, slaStart, slaDays)?.toISOString() ?? null,
        reopen: Boolean(reopen),
        from: k.status,
        justification: reopen?.justification ?? null,
      }];
    });
    await tx.execute(sql`
      update findings as f set
        title = x.title, detail = x.detail, endpoint_id = coalesce(x.endpoint_id, f.endpoint_id), sample_count = x.sample_count,
        detected_severity = x.detected_severity::severity, severity = x.severity::severity, status = x.status::finding_status,
        sla_started_at = x.sla_started_at, due_at = x.due_at,
        resolved_at = case when x.reopen then null else f.resolved_at end,
        closed_at = case when x.reopen then null else f.closed_at end,
        version = f.version + case when x.reopen or f.severity::text <> x.severity then 1 else 0 end,
        last_seen_at = ${now.toISOString()}::timestamptz, updated_at = ${now.toISOString()}::timestamptz,
        last_ingest_run_id = coalesce(${source.ingestRunId ?? null}::uuid, f.last_ingest_run_id)
      from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(id uuid, title text, detail jsonb, endpoint_id uuid, sample_count int, detected_severity text, severity text, status text, sla_started_at timestamptz, due_at timestamptz, reopen boolean)
      where f.id = x.id`);
    const reopenedRows = payload.filter((p) => p.reopen);
    if (reopenedRows.length) {
      await tx.insert(findingStatusHistory).values(
        reopenedRows.map((p) => ({ findingId: p.id, event: "reopened", fromStatus: p.from as FindingState, toStatus: "open" as const, justification: p.justification, changedByLabel: "system", changedAt: now })),
      );
      for (const p of reopenedRows) {
        await writeAudit(tx, SYSTEM_ACTOR, { action: "finding.reopened", targetType: "finding", targetId: p.id, detail: { from: p.from, to: "open", reason: p.justification } });
        events.push({ type: "finding.reopened", key: `${p.id}:reopened:${now.toISOString()}`, findingId: p.id, at: now });
      }
    }
    reopened += reopenedRows.length;
    updated += payload.length - reopenedRows.length;
  }
  if (events.length) await enqueueWebhookEvents(tx, events);
  return { created, updated, reopened };
}

/** Resolves active findings of the given kinds (for one application, or one provider) whose fingerprints were not detected this time. */
export async function resolveUndetected(
  tx: Db,
  scope: { applicationId?: string; providerId?: string },
  kinds: FindingKind[],
  stillDetected: Set<string>,
  reason: string,
  now: Date,
): Promise<number> {
  const scopeCondition = scope.applicationId ? eq(findings.applicationId, scope.applicationId) : scope.providerId ? eq(findings.providerId, scope.providerId) : undefined;
  const open = await tx
    .select({ id: findings.id, fingerprint: findings.fingerprint, status: findings.status })
    .from(findings)
    .where(and(scopeCondition, inArray(findings.kind, kinds), inArray(findings.status, [...ACTIVE_STATES])));
  const gone = open.filter((f) => !stillDetected.has(f.fingerprint));
  if (!gone.length) return 0;
  for (let i = 0; i < gone.length; i += 5000) {
    const ids = gone.slice(i, i + 5000).map((g) => g.id);
    await tx.update(findings).set({ status: "resolved", resolvedAt: now, closedAt: now, updatedAt: now, version: sql`${findings.version} + 1` }).where(inArray(findings.id, ids));
  }
  await tx.insert(findingStatusHistory).values(gone.map((g) => ({ findingId: g.id, event: "state", fromStatus: g.status, toStatus: "resolved" as const, justification: reason, changedByLabel: "system", changedAt: now })));
  await writeAudit(tx, SYSTEM_ACTOR, { action: "finding.auto_resolved", targetType: "finding", targetId: gone.length === 1 ? gone[0].id : null, detail: { count: gone.length, ids: gone.slice(0, 50).map((g) => g.id), reason } });
  return gone.length;
}
