// First run: when no administrator exists and SIBYL_ADMIN_EMAIL/PASSWORD are
// set, create that administrator. Never changes an existing account.
import { and, count, eq, isNull } from "drizzle-orm";
import type { Db } from "../client";
import { users } from "../schema";
import { hashPassword } from "@/lib/server/auth/password";
import { writeAudit } from "@/lib/server/audit";
import { createUserSchema } from "@/lib/validation/users";

export async function ensureFirstAdmin(db: Db, email: string | undefined, password: string | undefined): Promise<"created" | "exists" | "not-configured"> {
  const [{ n }] = await db.select({ n: count() }).from(users).where(and(eq(users.role, "admin"), isNull(users.disabledAt)));
  if (n > 0) return "exists";
  if (!email || !password) return "not-configured";
  const data = createUserSchema.parse({ email, password, name: "Administrator", role: "admin" });
  const passwordHash = await hashPassword(data.password);
  await db.transaction(async (tx) => {
    const [row] = await tx.insert(users).values({ email: data.email, name: data.name, role: "admin", passwordHash }).returning({ id: users.id });
    await writeAudit(tx, { label: "system:first-run", role: "admin" }, { action: "user.create", targetType: "user", targetId: row.id, detail: { email: data.email, role: "admin", reason: "first run" } });
  });
  return "created";
}
