import "server-only";
import { and, asc, count, desc, eq, gte, ilike, inArray, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "@/db/client";
import { applications, endpoints, findingComments, findings, findingStatusHistory, ingestRuns, providers, riskAcceptances, teams, users } from "@/db/schema";
import type { Severity } from "@/lib/domain/triage/fingerprint";
import type { FindingKind } from "@/lib/domain/triage/kinds";
import { slaState, type SlaState } from "@/lib/domain/triage/sla";
import { ACTIVE_STATES, FINDING_STATES, TRANSITIONS, type FindingState } from "@/lib/domain/triage/states";
import type { FindingFilter, FindingListQuery } from "@/lib/validation/findings";
import { likePattern, type Page } from "@/lib/validation/list-query";
import { NotFoundError } from "@/lib/validation/errors";
import { actorCan, assertCan, type Actor } from "../actor";

export interface FindingRow {
  id: string;
  kind: FindingKind;
  title: string;
  severity: Severity;
  severityOverridden: boolean;
  status: FindingState;
  owasp: string | null;
  app: { slug: string; name: string } | null;
  provider: { slug: string; name: string } | null;
  endpoint: { id: string; method: string; path: string } | null;
  assignee: { id: string; name: string } | null;
  sampleCount: number;
  firstSeen: string;
  lastSeen: string;
  sla: SlaState;
  version: number;
}

const ACTIVE = inArray(findings.status, [...ACTIVE_STATES]);

/** WHERE conditions for a queue filter; `withState` false gives the base for the per-state counts. */
function conditions(db: Db, actor: Actor, filter: FindingFilter, now: Date, withState = true): SQL | undefined {
  const c: SQL[] = [];
  if (filter.q) c.push(ilike(findings.title, likePattern(filter.q)));
  if (filter.kind) c.push(eq(findings.kind, filter.kind));
  if (filter.severity) c.push(eq(findings.severity, filter.severity));
  const state = filter.state;
  if (withState && state === "active") c.push(ACTIVE);
  else if (withState && state !== "all" && state !== "active") c.push(eq(findings.status, state));
  if (filter.app) c.push(inArray(findings.applicationId, db.select({ id: applications.id }).from(applications).where(eq(applications.slug, filter.app))));
  if (filter.provider) c.push(inArray(findings.providerId, db.select({ id: providers.id }).from(providers).where(eq(providers.slug, filter.provider))));
  if (filter.team) {
    c.push(
      inArray(
        findings.applicationId,
        db.select({ id: applications.id }).from(applications).innerJoin(teams, eq(teams.id, applications.ownerTeamId)).where(eq(teams.slug, filter.team)),
      ),
    );
  }
  if (filter.assignee === "none") c.push(isNull(findings.assigneeId));
  else if (filter.assignee === "me") c.push(actor.userId ? eq(findings.assigneeId, actor.userId) : sql`false`);
  else if (filter.assignee) c.push(eq(findings.assigneeId, filter.assignee));
  if (filter.pastSla) c.push(and(ACTIVE, lt(findings.dueAt, now)) as SQL);
  if (filter.owasp) c.push(eq(findings.owaspCategory, filter.owasp));
  return c.length ? and(...c) : undefined;
}

const assignees = alias(users, "assignees");

function rowQuery(db: Db) {
  return db
    .select({
      id: findings.id,
      kind: findings.kind,
      title: findings.title,
      severity: findings.severity,
      severityReason: findings.severityReason,
      status: findings.status,
      owasp: findings.owaspCategory,
      appSlug: applications.slug,
      appName: applications.name,
      providerSlug: providers.slug,
      providerName: providers.name,
      endpointId: endpoints.id,
      endpointMethod: endpoints.method,
      endpointPath: endpoints.pathTemplate,
      assigneeId: assignees.id,
      assigneeName: assignees.name,
      sampleCount: findings.sampleCount,
      firstSeen: findings.firstSeenAt,
      lastSeen: findings.lastSeenAt,
      dueAt: findings.dueAt,
      version: findings.version,
    })
    .from(findings)
    .leftJoin(applications, eq(applications.id, findings.applicationId))
    .leftJoin(providers, eq(providers.id, findings.providerId))
    .leftJoin(endpoints, eq(endpoints.id, findings.endpointId))
    .leftJoin(assignees, eq(assignees.id, findings.assigneeId));
}

type RawRow = Awaited<ReturnType<ReturnType<typeof rowQuery>["execute"]>>[number];

function toRow(r: RawRow, now: Date): FindingRow {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    severity: r.severity,
    severityOverridden: Boolean(r.severityReason),
    status: r.status,
    owasp: r.owasp,
    app: r.appSlug && r.appName ? { slug: r.appSlug, name: r.appName } : null,
    provider: r.providerSlug && r.providerName ? { slug: r.providerSlug, name: r.providerName } : null,
    endpoint: r.endpointId && r.endpointMethod && r.endpointPath ? { id: r.endpointId, method: r.endpointMethod, path: r.endpointPath } : null,
    assignee: r.assigneeId && r.assigneeName ? { id: r.assigneeId, name: r.assigneeName } : null,
    sampleCount: r.sampleCount,
    firstSeen: r.firstSeen.toISOString(),
    lastSeen: r.lastSeen.toISOString(),
    sla: slaState(r.status, r.dueAt, now),
    version: r.version,
  };
}

export type StateCounts = Record<FindingState, number> & { active: number; all: number; pastSla: number };

/** The queue: one page of findings for a filter, with counts per state (for the quick filters) under the other filters. */
export async function listFindings(db: Db, actor: Actor, query: FindingListQuery, now = new Date(), ids?: string[]): Promise<Page<FindingRow> & { stateCounts: StateCounts }> {
  assertCan(actor, "findings.read");
  const where = and(conditions(db, actor, query, now), ids ? inArray(findings.id, ids.length ? ids : ["00000000-0000-0000-0000-000000000000"]) : undefined);
  const column = {
    severity: findings.severity,
    due: findings.dueAt,
    lastSeen: findings.lastSeenAt,
    firstSeen: findings.firstSeenAt,
    state: findings.status,
    kind: findings.kind,
    title: findings.title,
    app: applications.slug,
  }[query.sort];
  const order = query.dir === "asc" ? sql`${column} asc nulls last` : sql`${column} desc nulls last`;
  // Ties break on due date then id so pages never overlap.
  const [rows, counts, idTotal] = await Promise.all([
    rowQuery(db)
      .where(where)
      .orderBy(order, asc(findings.dueAt), asc(findings.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    stateCounts(db, conditions(db, actor, query, now, false), now),
    // The per-state counts cover the same filter minus the state, so they give the
    // total too; only a list restricted to ids needs its own count.
    ids ? db.select({ n: count() }).from(findings).where(where) : undefined,
  ]);
  const total = idTotal ? idTotal[0].n : query.state === "all" ? counts.all : counts[query.state];
  return { rows: rows.map((r) => toRow(r, now)), total, page: query.page, pageSize: query.pageSize, stateCounts: counts };
}

async function stateCounts(db: Db, where: SQL | undefined, now: Date): Promise<StateCounts> {
  const [rows, [past]] = await Promise.all([
    db.select({ status: findings.status, n: count() }).from(findings).where(where).groupBy(findings.status),
    // Only active findings can be past SLA: counted apart, from the active findings' due-date index.
    db
      .select({ n: count() })
      .from(findings)
      .where(and(where, ACTIVE, sql`${findings.dueAt} < ${now.toISOString()}::timestamptz`)),
  ]);
  const out = Object.fromEntries(FINDING_STATES.map((s) => [s, 0])) as StateCounts;
  out.active = 0;
  out.all = 0;
  out.pastSla = past.n;
  for (const r of rows) {
    out[r.status] = r.n;
    out.all += r.n;
    if (ACTIVE_STATES.includes(r.status)) out.active += r.n;
  }
  return out;
}

/** Ids of findings matching a filter (bulk actions on "the whole current filter"), at most `limit`. */
export async function findingIdsMatching(db: Db, actor: Actor, filter: FindingFilter, limit: number, now = new Date()): Promise<string[]> {
  assertCan(actor, "findings.read");
  const rows = await db.select({ id: findings.id }).from(findings).where(conditions(db, actor, filter, now)).limit(limit);
  return rows.map((r) => r.id);
}

/** Cursor pages for the REST API, newest detection first; the cursor is opaque and stable under inserts. */
export async function listFindingsByCursor(db: Db, actor: Actor, filter: FindingFilter, options: { cursor?: string; limit: number }, now = new Date()): Promise<{ rows: FindingRow[]; nextCursor: string | null }> {
  assertCan(actor, "findings.read");
  const after = decodeCursor(options.cursor);
  const where = and(
    conditions(db, actor, filter, now),
    after ? or(lt(findings.firstSeenAt, after.at), and(eq(findings.firstSeenAt, after.at), lt(findings.id, after.id))) : undefined,
  );
  const rows = await rowQuery(db)
    .where(where)
    .orderBy(desc(findings.firstSeenAt), desc(findings.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return { rows: page.map((r) => toRow(r, now)), nextCursor: rows.length > options.limit && last ? encodeCursor(last.firstSeen, last.id) : null };
}

function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString("base64url");
}

function decodeCursor(cursor: string | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const date = new Date(at);
    if (Number.isNaN(date.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error("bad cursor");
    return { at: date, id };
  } catch {
    throw new NotFoundError("Unknown cursor; start again without one");
  }
}

export interface FindingHistoryEntry {
  id: string;
  event: string;
  fromStatus: FindingState | null;
  toStatus: FindingState;
  fromValue: string | null;
  toValue: string | null;
  justification: string | null;
  by: string;
  at: string;
}

export interface FindingDetail extends FindingRow {
  detectedSeverity: Severity | null;
  severityReason: string | null;
  justification: string | null;
  acceptedUntil: string | null;
  resolvedAt: string | null;
  detail: Record<string, unknown>;
  ingestRun: { id: string; sourceName: string; startedAt: string } | null;
  history: FindingHistoryEntry[];
  comments: { id: string; author: string; body: string; at: string }[];
  acceptances: { id: string; owner: string; decision: string; compensatingControls: string; expiresAt: string; endedAt: string | null; endReason: string | null; by: string | null; at: string }[];
  /** What this actor may do: the server decides, the UI only hides. */
  allowed: { triage: boolean; transitions: FindingState[] };
}

export async function getFinding(db: Db, actor: Actor, id: string, now = new Date()): Promise<FindingDetail> {
  assertCan(actor, "findings.read");
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw new NotFoundError("No such finding");
  const [row] = await rowQuery(db).where(eq(findings.id, id));
  if (!row) throw new NotFoundError("No such finding");
  const [extra] = await db
    .select({ detectedSeverity: findings.detectedSeverity, severityReason: findings.severityReason, justification: findings.justification, acceptedUntil: findings.acceptedUntil, resolvedAt: findings.resolvedAt, detail: findings.detail, runId: findings.lastIngestRunId })
    .from(findings)
    .where(eq(findings.id, id));
  const [history, comments, acceptances, runs] = await Promise.all([
    db
      .select({ h: findingStatusHistory, email: users.email })
      .from(findingStatusHistory)
      .leftJoin(users, eq(users.id, findingStatusHistory.changedById))
      .where(eq(findingStatusHistory.findingId, id))
      .orderBy(desc(findingStatusHistory.seq))
      .limit(500),
    db.select().from(findingComments).where(eq(findingComments.findingId, id)).orderBy(asc(findingComments.createdAt)).limit(500),
    db.select().from(riskAcceptances).where(eq(riskAcceptances.findingId, id)).orderBy(desc(riskAcceptances.createdAt)).limit(50),
    extra.runId ? db.select({ id: ingestRuns.id, sourceName: ingestRuns.sourceName, startedAt: ingestRuns.startedAt }).from(ingestRuns).where(eq(ingestRuns.id, extra.runId)) : Promise.resolve([]),
  ]);
  const base = toRow(row, now);
  const triage = actorCan(actor, "findings.triage");
  return {
    ...base,
    detectedSeverity: extra.detectedSeverity,
    severityReason: extra.severityReason,
    justification: extra.justification,
    acceptedUntil: extra.acceptedUntil?.toISOString() ?? null,
    resolvedAt: extra.resolvedAt?.toISOString() ?? null,
    detail: (extra.detail ?? {}) as Record<string, unknown>,
    ingestRun: runs[0] ? { id: runs[0].id, sourceName: runs[0].sourceName, startedAt: runs[0].startedAt.toISOString() } : null,
    history: history.map(({ h, email }) => ({
      id: h.id,
      event: h.event,
      fromStatus: h.fromStatus,
      toStatus: h.toStatus,
      fromValue: h.fromValue,
      toValue: h.toValue,
      justification: h.justification,
      by: h.changedByLabel ?? email ?? "system",
      at: h.changedAt.toISOString(),
    })),
    comments: comments.map((c) => ({ id: c.id, author: c.authorLabel ?? "unknown", body: c.body, at: c.createdAt.toISOString() })),
    acceptances: acceptances.map((a) => ({
      id: a.id,
      owner: a.owner,
      decision: a.decision,
      compensatingControls: a.compensatingControls,
      expiresAt: a.expiresAt.toISOString(),
      endedAt: a.endedAt?.toISOString() ?? null,
      endReason: a.endReason,
      by: a.createdByLabel,
      at: a.createdAt.toISOString(),
    })),
    allowed: { triage, transitions: triage ? [...TRANSITIONS[base.status]] : [] },
  };
}

/** Users a finding can be assigned to (enabled users whose role may triage). */
export async function listAssignableUsers(db: Db, actor: Actor): Promise<{ id: string; name: string; email: string }[]> {
  assertCan(actor, "findings.read");
  return db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(isNull(users.disabledAt), inArray(users.role, ["admin", "secops"])))
    .orderBy(asc(users.name))
    .limit(500);
}

export interface FindingsOverview {
  openBySeverity: Record<Severity, number>;
  pastSla: number;
  /** Mean days from first detection to resolution, per severity, over findings resolved in the last 90 days. */
  mttrDays: Record<Severity, number | null>;
  /** Active findings at the end of each of the last 90 days. */
  trend: { day: string; open: number }[];
}

/** The Overview's findings figures, each answered by one aggregate query. */
export async function findingsOverview(db: Db, actor: Actor, now = new Date()): Promise<FindingsOverview> {
  assertCan(actor, "findings.read");
  const since = new Date(now.getTime() - 90 * 86_400_000);
  // Days are grouped as timestamps and formatted once per day, not once per finding.
  const firstSeenDay = sql`date_trunc('day', ${findings.firstSeenAt} at time zone 'UTC')`;
  const closedDay = sql`date_trunc('day', ${findings.closedAt} at time zone 'UTC')`;
  const [bySeverity, mttr, opened, closed, [stillOpen], [closedLater]] = await Promise.all([
    db
      .select({ severity: findings.severity, n: count(), pastSla: sql<number>`count(*) filter (where ${findings.dueAt} < ${now.toISOString()}::timestamptz)`.mapWith(Number) })
      .from(findings)
      .where(ACTIVE)
      .groupBy(findings.severity),
    db
      .select({ severity: findings.severity, days: sql<number>`avg(extract(epoch from (${findings.resolvedAt} - ${findings.firstSeenAt})) / 86400)`.mapWith(Number) })
      .from(findings)
      .where(and(eq(findings.status, "resolved"), gte(findings.resolvedAt, since), lte(findings.resolvedAt, now)))
      .groupBy(findings.severity),
    db
      .select({ day: sql<string>`to_char(${firstSeenDay}, 'YYYY-MM-DD')`, n: count() })
      .from(findings)
      .where(and(gte(findings.firstSeenAt, since), lte(findings.firstSeenAt, now)))
      .groupBy(firstSeenDay),
    db
      .select({ day: sql<string>`to_char(${closedDay}, 'YYYY-MM-DD')`, n: count() })
      .from(findings)
      .where(and(gte(findings.closedAt, since), lte(findings.closedAt, now)))
      .groupBy(closedDay),
    // Open at the start of the window: detected before it and not closed before it
    // (still open, or closed later), counted as two ranges of the closed_at index.
    db
      .select({ n: count() })
      .from(findings)
      .where(and(isNull(findings.closedAt), lt(findings.firstSeenAt, since))),
    db
      .select({ n: count() })
      .from(findings)
      .where(and(gte(findings.closedAt, since), lt(findings.firstSeenAt, since))),
  ]);
  const openBySeverity = { critical: 0, high: 0, medium: 0, low: 0, info: 0 } as Record<Severity, number>;
  let pastSla = 0;
  for (const r of bySeverity) {
    openBySeverity[r.severity] = r.n;
    pastSla += r.pastSla;
  }
  const mttrDays = { critical: null, high: null, medium: null, low: null, info: null } as Record<Severity, number | null>;
  for (const r of mttr) mttrDays[r.severity] = Math.round(r.days * 10) / 10;
  const openedBy = new Map(opened.map((o) => [o.day, o.n]));
  const closedBy = new Map(closed.map((c) => [c.day, c.n]));
  const trend: { day: string; open: number }[] = [];
  let open = stillOpen.n + closedLater.n;
  for (let d = 89; d >= 0; d--) {
    const day = new Date(now.getTime() - d * 86_400_000).toISOString().slice(0, 10);
    open += (openedBy.get(day) ?? 0) - (closedBy.get(day) ?? 0);
    trend.push({ day, open });
  }
  return { openBySeverity, pastSla, mttrDays, trend };
}

export interface DecisionLogEntry {
  at: string;
  findingId: string;
  title: string;
  kind: FindingKind;
  application: string | null;
  from: FindingState | null;
  to: FindingState;
  event: string;
  by: string;
  justification: string | null;
}

/** Every state change in a period (who, when, from, to, justification), oldest first, for auditors. */
export async function decisionLog(db: Db, actor: Actor, period: { from: Date; to: Date }, limit = 100_000): Promise<DecisionLogEntry[]> {
  assertCan(actor, "findings.read");
  const rows = await db
    .select({
      at: findingStatusHistory.changedAt,
      findingId: findingStatusHistory.findingId,
      title: findings.title,
      kind: findings.kind,
      application: applications.slug,
      from: findingStatusHistory.fromStatus,
      to: findingStatusHistory.toStatus,
      event: findingStatusHistory.event,
      by: findingStatusHistory.changedByLabel,
      justification: findingStatusHistory.justification,
    })
    .from(findingStatusHistory)
    .innerJoin(findings, eq(findings.id, findingStatusHistory.findingId))
    .leftJoin(applications, eq(applications.id, findings.applicationId))
    .where(
      and(
        gte(findingStatusHistory.changedAt, period.from),
        lte(findingStatusHistory.changedAt, period.to),
        sql`${findingStatusHistory.fromStatus} is distinct from ${findingStatusHistory.toStatus}`,
      ),
    )
    .orderBy(asc(findingStatusHistory.changedAt), asc(findingStatusHistory.seq))
    .limit(limit);
  return rows.map((r) => ({ ...r, at: r.at.toISOString(), by: r.by ?? "system" }));
}

/** Findings still needing work for one application or provider (the count on its Findings tab). */
export async function countActiveFindings(db: Db, actor: Actor, scope: { applicationId?: string; providerId?: string }): Promise<number> {
  assertCan(actor, "findings.read");
  const [row] = await db
    .select({ n: count() })
    .from(findings)
    .where(and(ACTIVE, scope.applicationId ? eq(findings.applicationId, scope.applicationId) : undefined, scope.providerId ? eq(findings.providerId, scope.providerId) : undefined));
  return row.n;
}
