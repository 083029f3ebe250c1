import "server-only";
import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { signInAttempts, users } from "@/db/schema";
import { decideSignIn, normaliseEmail, windowStart, type RateLimitPolicy } from "@/lib/domain/auth/rate-limit";
import { isRole, type Role } from "@/lib/domain/rbac/permissions";
import { signInSchema } from "@/lib/validation/users";
import { writeAudit } from "../audit";
import { dummyPasswordHash, verifyPassword } from "./password";

export type CredentialsOutcome =
  | { ok: true; user: { id: string; email: string; name: string; role: Role } }
  | { ok: false; reason: "invalid" | "rate_limited" };

/**
 * Checks an email and password. Every attempt is recorded; failures are counted
 * per account and per address within the window, and the answer to the caller
 * never says which part was wrong.
 */
export async function verifyCredentials(
  db: Db,
  input: unknown,
  ipAddress: string,
  policy: RateLimitPolicy,
  now = new Date(),
): Promise<CredentialsOutcome> {
  const parsed = signInSchema.safeParse(input);
  if (!parsed.success) return { ok: false, reason: "invalid" };
  const email = normaliseEmail(parsed.data.email);
  const since = windowStart(now, policy);

  const [counts] = await db
    .select({
      account: sql<number>`count(*) filter (where ${signInAttempts.email} = ${email})`.mapWith(Number),
      address: sql<number>`count(*) filter (where ${signInAttempts.ipAddress} = ${ipAddress})`.mapWith(Number),
    })
    .from(signInAttempts)
    .where(and(gte(signInAttempts.attemptedAt, since), eq(signInAttempts.succeeded, false)));

  const decision = decideSignIn(policy, counts ?? { account: 0, address: 0 });
  if (!decision.allowed) {
    await db.insert(signInAttempts).values({ email, ipAddress, succeeded: false, attemptedAt: now });
    return { ok: false, reason: "rate_limited" };
  }

  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);

  const hash = user?.passwordHash ?? (await dummyPasswordHash());
  const passwordOk = await verifyPassword(parsed.data.password, hash);
  const ok = Boolean(user && user.passwordHash && !user.disabledAt && passwordOk && isRole(user.role));

  if (!ok || !user) {
    await db.insert(signInAttempts).values({ email, ipAddress, succeeded: false, attemptedAt: now });
    return { ok: false, reason: "invalid" };
  }

  await db.transaction(async (tx) => {
    await tx.insert(signInAttempts).values({ email, ipAddress, succeeded: true, attemptedAt: now });
    await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id));
    await writeAudit(tx, { userId: user.id, label: user.email, role: user.role, ip: ipAddress }, {
      action: "auth.sign_in",
      targetType: "user",
      targetId: user.id,
      detail: { method: "password" },
    });
  });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role } };
}
