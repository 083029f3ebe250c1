import "server-only";
import { desc, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { apiTokens, users } from "@/db/schema";
import { generateApiToken } from "@/lib/domain/auth/api-token";
import { parseOrThrow, ValidationError } from "@/lib/validation/errors";
import { createTokenSchema, revokeTokenSchema, type TokenScope } from "@/lib/validation/tokens";
import { assertCan, type Actor } from "../actor";
import { writeAudit } from "../audit";
import { invalidateTokenCache } from "../auth/token-cache";
import { notifyDecisionsChanged } from "../policies/notify";

export interface ApiTokenDto {
  id: string;
  name: string;
  prefix: string;
  scopes: TokenScope[];
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  expired: boolean;
}

export async function listApiTokens(db: Db, actor: Actor): Promise<ApiTokenDto[]> {
  assertCan(actor, "tokens.manage");
  const rows = await db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      scopes: apiTokens.scopes,
      createdBy: users.email,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.createdById))
    .orderBy(desc(apiTokens.createdAt))
    .limit(500);
  const now = Date.now();
  return rows.map((r) => ({
    ...r,
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
    expired: r.expiresAt !== null && r.expiresAt.getTime() <= now,
  }));
}

/** Creates a token and returns its secret value once; only its hash is stored. */
export async function createApiToken(db: Db, actor: Actor, input: unknown): Promise<{ token: string; id: string; prefix: string }> {
  assertCan(actor, "tokens.manage");
  if (!actor.userId) throw new ValidationError({ _form: ["Tokens must belong to a user"] });
  const data = parseOrThrow(createTokenSchema, input);
  const { token, prefix, hash } = generateApiToken();
  const expiresAt = data.expiresInDays ? new Date(Date.now() + data.expiresInDays * 86_400_000) : null;
  const scopes = [...new Set(data.scopes)];
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({ name: data.name, prefix, tokenHash: hash, scopes, createdById: actor.userId as string, expiresAt })
      .returning({ id: apiTokens.id });
    await writeAudit(tx, actor, { action: "token.create", targetType: "api_token", targetId: row.id, detail: { name: data.name, scopes, prefix, expiresAt: expiresAt?.toISOString() ?? null } });
    return { token, id: row.id, prefix };
  });
}

export async function revokeApiToken(db: Db, actor: Actor, input: unknown): Promise<void> {
  assertCan(actor, "tokens.manage");
  const data = parseOrThrow(revokeTokenSchema, input);
  await db.transaction(async (tx) => {
    const [row] = await tx.select({ id: apiTokens.id, name: apiTokens.name, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, data.tokenId)).for("update");
    if (!row) throw new ValidationError({ tokenId: ["Unknown token"] });
    if (row.revokedAt) return;
    await tx.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.id, row.id));
    await writeAudit(tx, actor, { action: "token.revoke", targetType: "api_token", targetId: row.id, detail: { name: row.name } });
    // Every process's token cache drops the token when this commits.
    await notifyDecisionsChanged(tx, "tokens");
  });
  invalidateTokenCache();
}
