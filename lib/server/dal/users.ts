import "server-only";
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { likePattern, type Page } from "@/lib/validation/list-query";
import { parseOrThrow, ValidationError } from "@/lib/validation/errors";
import type { UserListQuery } from "@/lib/validation/lists";
import { createUserSchema, setUserDisabledSchema, updateUserRoleSchema, type UserDto } from "@/lib/validation/users";
import { assertCan, type Actor } from "../actor";
import { writeAudit } from "../audit";
import { hashPassword } from "../auth/password";
import { invalidateTokenCache } from "../auth/token-cache";
import { notifyDecisionsChanged } from "../policies/notify";

const dto = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabledAt: users.disabledAt,
  lastSignInAt: users.lastSignInAt,
  createdAt: users.createdAt,
};

function toDto(row: { id: string; email: string; name: string; role: UserDto["role"]; disabledAt: Date | null; lastSignInAt: Date | null; createdAt: Date }): UserDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabledAt !== null,
    lastSignInAt: row.lastSignInAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listUsers(db: Db, actor: Actor, query: UserListQuery): Promise<Page<UserDto>> {
  assertCan(actor, "users.manage");
  const where: SQL | undefined = query.q ? or(ilike(users.name, likePattern(query.q)), ilike(users.email, likePattern(query.q))) : undefined;
  const column = { name: users.name, email: users.email, role: users.role, lastSignIn: users.lastSignInAt, created: users.createdAt }[query.sort];
  const order = query.dir === "asc" ? asc(column) : desc(column);
  const [rows, [{ total }]] = await Promise.all([
    db.select(dto).from(users).where(where).orderBy(order, asc(users.id)).limit(query.pageSize).offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(users).where(where),
  ]);
  return { rows: rows.map(toDto), total, page: query.page, pageSize: query.pageSize };
}

export async function createUser(db: Db, actor: Actor, input: unknown): Promise<UserDto> {
  assertCan(actor, "users.manage");
  const data = parseOrThrow(createUserSchema, input);
  const passwordHash = await hashPassword(data.password);
  return db.transaction(async (tx) => {
    const [clash] = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${data.email}`).limit(1);
    if (clash) throw new ValidationError({ email: ["A user with this email already exists"] });
    const [row] = await tx.insert(users).values({ email: data.email, name: data.name, role: data.role, passwordHash }).returning(dto);
    await writeAudit(tx, actor, { action: "user.create", targetType: "user", targetId: row.id, detail: { email: row.email, role: row.role } });
    return toDto(row);
  });
}

async function activeAdminCount(db: Db): Promise<number> {
  const [{ n }] = await db.select({ n: count() }).from(users).where(and(eq(users.role, "admin"), sql`${users.disabledAt} is null`));
  return n;
}

export async function updateUserRole(db: Db, actor: Actor, input: unknown): Promise<UserDto> {
  assertCan(actor, "users.manage");
  const data = parseOrThrow(updateUserRoleSchema, input);
  const result = await db.transaction(async (tx) => {
    const [before] = await tx.select(dto).from(users).where(eq(users.id, data.userId)).for("update");
    if (!before) throw new ValidationError({ userId: ["Unknown user"] });
    if (before.role === data.role) return toDto(before);
    if (before.role === "admin" && !before.disabledAt && (await activeAdminCount(tx)) <= 1) {
      throw new ValidationError({ role: ["The last active administrator cannot lose the admin role"] });
    }
    const [row] = await tx.update(users).set({ role: data.role, updatedAt: new Date() }).where(eq(users.id, data.userId)).returning(dto);
    await writeAudit(tx, actor, { action: "user.change_role", targetType: "user", targetId: row.id, detail: { email: row.email, from: before.role, to: row.role } });
    // The user's API tokens act with its role: every process's token cache reloads them when this commits.
    await notifyDecisionsChanged(tx, "tokens");
    return toDto(row);
  });
  invalidateTokenCache();
  return result;
}

export async function setUserDisabled(db: Db, actor: Actor, input: unknown): Promise<UserDto> {
  assertCan(actor, "users.manage");
  const data = parseOrThrow(setUserDisabledSchema, input);
  if (data.disabled && data.userId === actor.userId) throw new ValidationError({ userId: ["You cannot disable your own account"] });
  const result = await db.transaction(async (tx) => {
    const [before] = await tx.select(dto).from(users).where(eq(users.id, data.userId)).for("update");
    if (!before) throw new ValidationError({ userId: ["Unknown user"] });
    if (data.disabled === (before.disabledAt !== null)) return toDto(before);
    if (data.disabled && before.role === "admin" && (await activeAdminCount(tx)) <= 1) {
      throw new ValidationError({ userId: ["The last active administrator cannot be disabled"] });
    }
    const [row] = await tx
      .update(users)
      .set({ disabledAt: data.disabled ? new Date() : null, updatedAt: new Date() })
      .where(eq(users.id, data.userId))
      .returning(dto);
    await writeAudit(tx, actor, { action: data.disabled ? "user.disable" : "user.enable", targetType: "user", targetId: row.id, detail: { email: row.email } });
    // A disabled user's API tokens stop working: every process's token cache drops them when this commits.
    await notifyDecisionsChanged(tx, "tokens");
    return toDto(row);
  });
  invalidateTokenCache();
  return result;
}
