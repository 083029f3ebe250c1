import { beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import type { Actor } from "@/lib/server/actor";
import { ForbiddenError } from "@/lib/server/actor";
import { createUser, listUsers, setUserDisabled, updateUserRole } from "@/lib/server/dal/users";
import { ValidationError } from "@/lib/validation/errors";
import { userListSchema } from "@/lib/validation/lists";
import { useTestDatabase } from "../db";

let db: Db;
let admin: Actor;
const developer: Actor = { label: "dev@example.com", role: "developer" };

async function counts() {
  const [[u], [a]] = await Promise.all([db.select({ n: count() }).from(users), db.select({ n: count() }).from(auditLog)]);
  return { users: u.n, audit: a.n };
}

beforeAll(async () => {
  db = (await useTestDatabase()).db;
  const [row] = await db.insert(users).values({ email: "root@example.com", name: "Root", role: "admin" }).returning({ id: users.id });
  admin = { userId: row.id, label: "root@example.com", role: "admin", ip: "127.0.0.1" };
});

describe("user management", () => {
  it("creates a user, hashes the password and writes the audit row in the same transaction", async () => {
    const before = await counts();
    const user = await createUser(db, admin, { email: "  Ada@Example.com ", name: "Ada", role: "secops", password: "correct horse battery" });
    expect(user).toMatchObject({ email: "ada@example.com", role: "secops", disabled: false });
    expect(user).not.toHaveProperty("passwordHash");
    const [stored] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, user.id));
    expect(stored.hash).toMatch(/^\$2[aby]\$/);
    expect(stored.hash).not.toContain("correct horse");
    const after = await counts();
    expect(after).toEqual({ users: before.users + 1, audit: before.audit + 1 });
    const [entry] = await db.select().from(auditLog).where(eq(auditLog.targetId, user.id));
    expect(entry).toMatchObject({ action: "user.create", actorUserId: admin.userId, actorLabel: "root@example.com" });
    expect(JSON.stringify(entry.detail)).not.toContain("correct horse");
  });

  it.each([
    [{ email: "not-an-email", name: "X", role: "developer", password: "long enough password" }, "email"],
    [{ email: "x@example.com", name: "", role: "developer", password: "long enough password" }, "name"],
    [{ email: "x@example.com", name: "X", role: "root", password: "long enough password" }, "role"],
    [{ email: "x@example.com", name: "X", role: "developer", password: "short" }, "password"],
    [{ email: "x@example.com", name: "X".repeat(500), role: "developer", password: "long enough password" }, "name"],
    [{ email: "ada@example.com", name: "Dup", role: "developer", password: "long enough password" }, "email"],
  ])("refuses bad input %# with a field error and changes nothing", async (input, field) => {
    const before = await counts();
    const error = await createUser(db, admin, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fieldErrors[field]?.length).toBeGreaterThan(0);
    expect(await counts()).toEqual(before);
  });

  it("refuses every user-management verb to a developer, changing nothing", async () => {
    const before = await counts();
    await expect(createUser(db, developer, { email: "y@example.com", name: "Y", role: "admin", password: "long enough password" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateUserRole(db, developer, { userId: admin.userId, role: "developer" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listUsers(db, developer, userListSchema.parse({}))).rejects.toBeInstanceOf(ForbiddenError);
    expect(await counts()).toEqual(before);
  });

  it("changes roles with an audit trail and protects the last administrator", async () => {
    const user = await createUser(db, admin, { email: "bob@example.com", name: "Bob", role: "developer", password: "long enough password" });
    const changed = await updateUserRole(db, admin, { userId: user.id, role: "auditor" });
    expect(changed.role).toBe("auditor");
    const rows = await db.select({ action: auditLog.action, detail: auditLog.detail }).from(auditLog).where(eq(auditLog.targetId, user.id));
    expect(rows.map((r) => r.action)).toEqual(["user.create", "user.change_role"]);
    expect(rows[1].detail).toMatchObject({ from: "developer", to: "auditor" });

    const before = await counts();
    await expect(updateUserRole(db, admin, { userId: admin.userId, role: "developer" })).rejects.toThrow(ValidationError);
    await expect(setUserDisabled(db, admin, { userId: admin.userId, disabled: true })).rejects.toThrow(ValidationError);
    expect(await counts()).toEqual(before);
  });

  it("disables and re-enables a user", async () => {
    const user = await createUser(db, admin, { email: "carol@example.com", name: "Carol", role: "ciso", password: "long enough password" });
    expect((await setUserDisabled(db, admin, { userId: user.id, disabled: true })).disabled).toBe(true);
    expect((await setUserDisabled(db, admin, { userId: user.id, disabled: false })).disabled).toBe(false);
    const actions = await db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetId, user.id));
    expect(actions.map((a) => a.action)).toEqual(["user.create", "user.disable", "user.enable"]);
  });

  it("lists users with search, sort and pagination, never with password hashes", async () => {
    const page = await listUsers(db, admin, userListSchema.parse({ q: "example.com", sort: "email", dir: "desc", pageSize: "10" }));
    expect(page.total).toBeGreaterThanOrEqual(4);
    const emails = page.rows.map((r) => r.email);
    expect(emails).toEqual([...emails].sort().reverse());
    expect(JSON.stringify(page)).not.toContain("$2");
    const second = await listUsers(db, admin, userListSchema.parse({ pageSize: "10", page: "2" }));
    expect(second.rows).toEqual([]);
  });
});
