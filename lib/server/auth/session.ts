import "server-only";
import { cache } from "react";
import { eq } from "drizzle-orm";
import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { users } from "@/db/schema";
import { clientAddress } from "@/lib/domain/auth/rate-limit";
import type { Permission } from "@/lib/domain/rbac/permissions";
import { accessPermissions, PAGE_ACCESS, type GuardedPage } from "@/lib/domain/rbac/route-access";
import { actorCan, type Actor } from "../actor";
import { getDb } from "../db";
import { auth } from "./index";

export interface SessionActor extends Actor {
  userId: string;
  name: string;
  email: string;
}

/** The signed-in user, re-read from the database on every request so a disabled user or a changed role takes effect at once. */
export const getSessionActor = cache(async (): Promise<SessionActor | null> => {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  const db = await getDb();
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, disabledAt: users.disabledAt })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  if (!user || user.disabledAt) return null;
  return { userId: user.id, label: user.email, email: user.email, name: user.name, role: user.role, ip: clientAddress(await headers()) };
});

/** For pages and server actions: redirects to sign-in without a session, answers 403 without the permission. */
export async function requirePageActor(permission?: Permission): Promise<SessionActor> {
  const actor = await getSessionActor();
  if (!actor) redirect("/sign-in");
  if (permission && !actorCan(actor, permission)) forbidden();
  return actor;
}

/**
 * For pages: requirePageActor with what PAGE_ACCESS declares for this page
 * ("/findings/[id]"), so the declaration the authorisation matrix tests check
 * is the one the page enforces.
 */
export async function requirePageAccess(page: GuardedPage): Promise<SessionActor> {
  const access = PAGE_ACCESS[page];
  const actor = await requirePageActor();
  const anyOf = accessPermissions(access);
  if (anyOf.length && !anyOf.some((p) => actorCan(actor, p))) forbidden();
  return actor;
}
