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
  if (!email || profile?.email_verified === false) return null;

  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ id: users.id, disabledAt: users.disabledAt })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    let userId = existing?.id;
    if (existing?.disabledAt) return null;
    if (!userId) {
      if (!autoRole) return null;
      const [created] = await tx
        .insert(users)
        .values({ email, name: typeof profile?.name === "string" ? profile.name : email, role: autoRole })
        .returning({ id: users.id });
      userId = created.id;
      await writeAudit(tx, { userId, label: email, role: autoRole }, { action: "user.provision_sso", targetType: "user", targetId: userId, detail: { role: autoRole } });
    }
    await tx.insert(accounts).values({ userId, type: account.type, provider: account.provider, providerAccountId: account.providerAccountId });
    await writeAudit(tx, { userId, label: email, role: autoRole ?? "developer" }, { action: "user.link_sso", targetType: "user", targetId: userId, detail: { provider: account.provider } });
    return userId;
  });
}
