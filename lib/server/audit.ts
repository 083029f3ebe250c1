import "server-only";
import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";
import type { Actor } from "./actor";

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  detail?: Record<string, unknown>;
}

/** Writes one audit row. Call it with the transaction that makes the change. */
export async function writeAudit(tx: Db, actor: Actor, entry: AuditEntry): Promise<void> {
  await writeAuditMany(tx, actor, [entry]);
}

/** Writes many audit rows at once (bulk triage), in the caller's transaction. */
export async function writeAuditMany(tx: Db, actor: Actor, entries: AuditEntry[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 2000) {
    await tx.insert(auditLog).values(
      entries.slice(i, i + 2000).map((entry) => ({
        actorUserId: actor.userId ?? null,
        actorTokenId: actor.tokenId ?? null,
        actorLabel: actor.label,
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId ?? null,
        detail: entry.detail ?? {},
        ipAddress: actor.ip ?? null,
      })),
    );
  }
}
