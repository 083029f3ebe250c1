import "server-only";
import { and, asc, count, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { reports } from "@/db/schema";
import { likePattern, type Page } from "@/lib/validation/list-query";
import type { ReportListQuery } from "@/lib/validation/lists";
import { assertCan, type Actor } from "../actor";

export interface ReportRow {
  id: string;
  title: string;
  framework: string;
  scope: string;
  scopeName: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  status: "queued" | "running" | "ready" | "failed";
  progress: number;
  stage: string | null;
  error: string | null;
  requestedBy: string | null;
  requestedAt: string;
  completedAt: string | null;
  byteSize: number | null;
  pages: number | null;
  contentHash: string | null;
  fileHash: string | null;
  scheduled: boolean;
}

const columns = {
  id: reports.id,
  title: reports.title,
  framework: reports.kind,
  scope: reports.scope,
  scopeName: reports.scopeName,
  periodFrom: reports.periodFrom,
  periodTo: reports.periodTo,
  status: reports.status,
  progress: reports.progress,
  stage: reports.stage,
  error: reports.error,
  requestedBy: reports.requestedByLabel,
  requestedAt: reports.requestedAt,
  completedAt: reports.completedAt,
  byteSize: reports.byteSize,
  pages: reports.pages,
  contentHash: reports.contentHash,
  fileHash: reports.fileHash,
  scheduleId: reports.scheduleId,
};

type Raw = Omit<ReportRow, "requestedAt" | "completedAt" | "scheduled"> & { requestedAt: Date; completedAt: Date | null; scheduleId: string | null };
const toRow = ({ scheduleId, ...r }: Raw): ReportRow => ({ ...r, requestedAt: r.requestedAt.toISOString(), completedAt: r.completedAt?.toISOString() ?? null, scheduled: scheduleId != null });

export async function listReports(db: Db, actor: Actor, query: ReportListQuery): Promise<Page<ReportRow>> {
  assertCan(actor, "reports.read");
  const conditions: SQL[] = [];
  if (query.framework) conditions.push(eq(reports.kind, query.framework));
  if (query.status) conditions.push(eq(reports.status, query.status));
  if (query.q) {
    const match = or(ilike(reports.title, likePattern(query.q)), ilike(reports.scopeName, likePattern(query.q)), ilike(reports.requestedByLabel, likePattern(query.q)));
    if (match) conditions.push(match);
  }
  const where = conditions.length ? and(...conditions) : undefined;
  const column = { requested: reports.requestedAt, framework: reports.kind, status: reports.status, scope: reports.scopeName }[query.sort];
  const [rows, [{ n }]] = await Promise.all([
    db
      .select(columns)
      .from(reports)
      .where(where)
      .orderBy(query.dir === "asc" ? asc(column) : desc(column), desc(reports.requestedAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ n: count() }).from(reports).where(where),
  ]);
  return { rows: rows.map(toRow), total: n, page: query.page, pageSize: query.pageSize };
}

export async function getReport(db: Db, actor: Actor, id: string): Promise<ReportRow | null> {
  assertCan(actor, "reports.read");
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.select(columns).from(reports).where(eq(reports.id, id));
  return row ? toRow(row) : null;
}

export async function getReportPdf(db: Db, actor: Actor, id: string): Promise<{ title: string; pdf: Buffer } | null> {
  assertCan(actor, "reports.read");
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.select({ title: reports.title, pdf: reports.pdf, status: reports.status }).from(reports).where(eq(reports.id, id));
  return row?.status === "ready" && row.pdf ? { title: row.title, pdf: row.pdf } : null;
}

/** The control table and register stored with a finished report (exports read these, never live data). */
export async function getReportContent(db: Db, actor: Actor, id: string) {
  assertCan(actor, "reports.read");
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await db.select({ title: reports.title, content: reports.content, status: reports.status, framework: reports.kind }).from(reports).where(eq(reports.id, id));
  return row?.status === "ready" && row.content ? row : null;
}
