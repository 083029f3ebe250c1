import "server-only";
import { can, type Permission, type Role } from "@/lib/domain/rbac/permissions";

/** Who is acting: a signed-in user, an API token (acting for its creator), or the system (seed, CLI). */
export interface Actor {
  userId?: string;
  tokenId?: string;
  label: string;
  role: Role;
  /** For tokens: the permissions the token's scopes grant (intersected with the creator's role). */
  tokenPermissions?: readonly Permission[];
  ip?: string;
}

export const SYSTEM_ACTOR: Actor = { label: "system", role: "admin" };

export function actorCan(actor: Actor, permission: Permission): boolean {
  if (!can(actor.role, permission)) return false;
  return actor.tokenPermissions ? actor.tokenPermissions.includes(permission) : true;
}

export class ForbiddenError extends Error {
  constructor(public readonly permission: Permission) {
    super(`Forbidden: requires ${permission}`);
    this.name = "ForbiddenError";
  }
}

export function assertCan(actor: Actor, permission: Permission): void {
  if (!actorCan(actor, permission)) throw new ForbiddenError(permission);
}
