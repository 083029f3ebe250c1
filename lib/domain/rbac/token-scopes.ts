// What each API token scope lets a token do, always within its creator's role
// (lib/server/auth/api.ts intersects the two).
import type { Permission } from "./permissions";

export const TOKEN_SCOPES = ["ingest", "read", "triage"] as const;
export type TokenScope = (typeof TOKEN_SCOPES)[number];

export const SCOPE_PERMISSIONS: Record<TokenScope, readonly Permission[]> = {
  read: ["overview.read", "applications.read", "providers.read", "inventory.read", "findings.read", "policies.read", "reports.read"],
  ingest: ["ingest.write"],
  triage: ["findings.read", "findings.triage"],
};
