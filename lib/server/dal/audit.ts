import "server-only";
import { and, asc, count, desc, eq, ilike, or, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import { likePattern, type Page } from "@/lib/validation/list-query";
import type { AuditListQuery } from "@/lib/validation/lists";
import { assertCan, type Actor } from "../actor";

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  targetType: string;
  targetId: string | null;
  detail: unknown;
  ipAddress: string | null;
}

export async function listAudit(db: Db, actor: Actor, query: AuditListQuery): Promise<Page<AuditRow>> {
  assertCan(actor, "audit.read");
  const conditions: SQL[] = [];
  if (query.q) {
    const p = likePattern(query.q);
    const match = or(ilike(auditLog.actorLabel, p), ilike(auditLog.action, p), ilike(auditLog.targetType, p), ilike(auditLog.targetId, p));
    if (match) conditions.push(match);
  }
  if (query.action) conditions.push(eq(auditLog.action, query.action));
  const where = conditions.length ? and(...conditions) : undefined;
  const column = { at: auditLog.id, actor: auditLog.actorLabel, action: auditLog.action }[query.sort];
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({
        id: auditLog.id,
        at: auditLog.at,
        actor: auditLog.actorLabel,
        action: auditLog.action,
        targetType: auditLog.targetType,
        targetId: auditLog.targetId,
        detail: auditLog.detail,
        ipAddress: auditLog.ipAddress,
      })
      .from(auditLog)
      .where(where)
      .orderBy(query.dir === "asc" ? asc(column) : desc(column), desc(auditLog.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(auditLog).where(where),
  ]);
  return { rows: rows.map((r) => ({ ...r, at: r.at.toISOString() })), total, page: query.page, pageSize: query.pageSize };
}
