import "server-only";
import { and, eq, sql } from "drizzle-orm";
import type { Account, Profile } from "next-auth";
import type { Db } from "@/db/client";
import { accounts, users } from "@/db/schema";
import type { Role } from "@/lib/domain/rbac/permissions";
import { writeAudit } from "../audit";

/**
 * Maps an OIDC identity to a Sibyl user: an existing link, else a user with the
 * same verified email, else (only when auto-provisioning is configured) a new
 * user with the configured role. Returns null to refuse the sign-in.
 */
export async function resolveOidcUser(db: Db, account: Account, profile: Profile | undefined, autoRole: Role | undefined): Promise<string | null> {
  const [linked] = await db
    .select({ userId: accounts.userId, disabledAt: users.disabledAt })
    .from(accounts)
    .innerJoin(users, eq(users.id, accounts.userId))
    .where(and(eq(accounts.provider, account.provider), eq(accounts.providerAccountId, account.providerAccountId)))
    .limit(1);
  if (linked) return linked.disabledAt ? null : linked.userId;

  const email = typeof profile?.email === "string" ? profile.email.toLowerCase() : null;
  // Some IdPs send the flag as a string.
  const unverified = profile?.email_verified === false || String(profile?.email_verified) === "false";
  if (!email || unverified) return null;

  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: users.id, role: users.role, disabledAt: users.disabledAt })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    if (existing?.disabledAt) return null;
    let user = existing;
    if (!user) {
      if (!autoRole) return null;
      const [created] = await tx
        .insert(users)
        .values({ email, name: typeof profile?.name === "string" ? profile.name : email, role: autoRole })
        .returning({ id: users.id, role: users.role, disabledAt: users.disabledAt });
      user = created;
      await writeAudit(tx, { userId: user.id, label: email, role: autoRole }, { action: "user.provision_sso", targetType: "user", targetId: user.id, detail: { role: autoRole } });
    }
    const userId = user.id;
    await tx.insert(accounts).values({ userId, type: account.type, provider: account.provider, providerAccountId: account.providerAccountId });
    await writeAudit(tx, { userId, label: email, role: user.role }, { action: "user.link_sso", targetType: "user", targetId: userId, detail: { provider: account.provider } });
    return userId;
  });
}

/** Records a single sign-on like a password sign-in: the user's last sign-in time and an auth.sign_in audit row. */
export async function recordOidcSignIn(db: Db, userId: string, provider: string, ip: string | undefined): Promise<void> {
  await db.transaction(async (tx) => {
    const [user] = await tx.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, userId)).returning({ email: users.email, role: users.role });
    if (!user) return;
    await writeAudit(tx, { userId, label: user.email, role: user.role, ip }, { action: "auth.sign_in", targetType: "user", targetId: userId, detail: { method: "oidc", provider } });
  });
}
