// What every route handler method and every page requires: the single
// declaration the handlers and pages enforce (authorizeRoute / requirePageAccess
// look their permission up here by key) and the authorisation matrix tests check
// (lib/domain/rbac/route-access.test.ts against the file system, and
// e2e/authorization-matrix.spec.ts against the running server). A route or page
// that is not declared here fails both.
//
// Keys: "<METHOD> <url pattern>" for app/**/route.ts, the URL pattern for
// app/**/page.tsx, with route groups like (dashboard) left out and dynamic
// segments as in the folder names ("/findings/[id]").
import { can, type Permission, type Role } from "./permissions";
import { SCOPE_PERMISSIONS, type TokenScope } from "./token-scopes";

/**
 * - a permission: the caller's role (and, for a token, its scopes) must grant it;
 * - `{ anyOf }`: at least one of the permissions;
 * - "signed-in": any session will do (pages only);
 * - "public": no session needed (the sign-in page, next-auth's own endpoints).
 */
export type Access = Permission | { readonly anyOf: readonly Permission[] } | "signed-in" | "public";

export const API_ROUTE_ACCESS = {
  "GET /api/auth/[...nextauth]": "public",
  "POST /api/auth/[...nextauth]": "public",
  "GET /api/v1/applications": "applications.read",
  "GET /api/v1/applications/[slug]": "applications.read",
  "GET /api/v1/audit": "audit.read",
  "GET /api/v1/dependencies": "applications.read",
  "GET /api/v1/endpoints": "inventory.read",
  "POST /api/v1/endpoints/merge": "inventory.curate",
  "POST /api/v1/endpoints/split": "inventory.curate",
  "GET /api/v1/findings": "findings.read",
  "GET /api/v1/findings/[id]": "findings.read",
  "PATCH /api/v1/findings/[id]": "findings.triage",
  "POST /api/v1/findings/bulk": "findings.triage",
  "GET /api/v1/findings/decisions": "findings.read",
  "POST /api/v1/ingest/[kind]": "ingest.write",
  "GET /api/v1/ingest-runs": "inventory.read",
  // The OTLP/HTTP receiver, at the path OpenTelemetry exporters use.
  "POST /v1/traces": "ingest.write",
  "GET /api/v1/ingest-runs/[id]": "inventory.read",
  "GET /api/v1/overview": "overview.read",
  "GET /api/v1/providers": "providers.read",
  "GET /api/v1/providers/[slug]": "providers.read",
  "GET /api/v1/reputation": "providers.read",
  "GET /api/v1/policies": "policies.read",
  "POST /api/v1/policies": "policies.write",
  "PATCH /api/v1/policies/[id]": "policies.write",
  "DELETE /api/v1/policies/[id]": "policies.write",
  "POST /api/v1/policies/simulate": "policies.read",
  "POST /api/v1/policies/quarantine": "policies.write",
  "POST /api/v1/policies/settings": "policies.configure",
  "GET /api/v1/policy-exceptions": "policies.read",
  "POST /api/v1/policy-exceptions": "policies.write",
  "DELETE /api/v1/policy-exceptions/[id]": "policies.write",
  "GET /api/v1/decisions": "policies.read",
  "GET /api/v1/decisions/history": "policies.read",
  "POST /api/v1/gate": "policies.read",
  "GET /api/v1/enforcement/[kind]": "policies.read",
  "GET /api/v1/reports": "reports.read",
  "POST /api/v1/reports": "reports.generate",
  "GET /api/v1/reports/[id]": "reports.read",
  "GET /api/v1/reports/[id]/pdf": "reports.read",
  "GET /api/v1/reports/[id]/register": "reports.read",
  "GET /api/v1/reports/[id]/controls": "reports.read",
  "GET /api/v1/reports/[id]/dora": "reports.read",
  "POST /api/v1/reports/verify": "reports.read",
  "GET /api/v1/report-schedules": "reports.read",
  "POST /api/v1/report-schedules": "reports.generate",
  "DELETE /api/v1/report-schedules/[id]": "reports.generate",
  // Exists only when the server runs with SIBYL_TEST_ROUTES=1 (the browser tests); 404 otherwise.
  "POST /api/v1/test/triage-clock": "findings.triage",
  "GET /api/v1/tokens": "tokens.manage",
  "POST /api/v1/tokens": "tokens.manage",
  "DELETE /api/v1/tokens/[id]": "tokens.manage",
  "GET /api/v1/users": "users.manage",
  "POST /api/v1/users": "users.manage",
  "PATCH /api/v1/users/[id]": "users.manage",
} as const satisfies Record<string, Access>;

/**
 * Routes that use POST only because their input is a file, and change nothing but the audit
 * log: a `read` token may call them (the token-scope test holds every other non-GET route
 * out of its reach).
 */
export const READ_ONLY_POSTS: readonly ApiRoute[] = ["POST /api/v1/reports/verify", "POST /api/v1/policies/simulate", "POST /api/v1/gate"];

export const PAGE_ACCESS = {
  "/": "signed-in",
  "/sign-in": "public",
  "/overview": "overview.read",
  "/applications": "applications.read",
  "/applications/[slug]": "applications.read",
  "/applications/[slug]/findings": "findings.read",
  "/audit": "audit.read",
  "/dependencies": "applications.read",
  "/discovery-rules": "inventory.read",
  "/findings": "findings.read",
  "/findings/[id]": "findings.read",
  "/ingest": "ingest.write",
  "/ingest/runs": "inventory.read",
  "/ingest/runs/[id]": "inventory.read",
  "/inventory": "inventory.read",
  "/policies": "policies.read",
  "/providers": "providers.read",
  "/providers/[slug]": "providers.read",
  "/providers/[slug]/findings": "findings.read",
  "/providers/methodology": "providers.read",
  "/reports": "reports.read",
  // Redirects to the first settings page the caller may open.
  "/settings": { anyOf: ["users.manage", "tokens.manage"] },
  "/settings/scoring": "scoring.write",
  "/settings/sources": "sources.manage",
  "/settings/tokens": "tokens.manage",
  "/settings/triage": "triage.configure",
  "/settings/users": "users.manage",
  "/settings/webhooks": "webhooks.manage",
} as const satisfies Record<string, Access>;

export type ApiRoute = keyof typeof API_ROUTE_ACCESS;
export type PageRoute = keyof typeof PAGE_ACCESS;

/** Route methods guarded by one permission (every API route but next-auth's own). */
export type GuardedApiRoute = { [K in ApiRoute]: (typeof API_ROUTE_ACCESS)[K] extends Permission ? K : never }[ApiRoute];
/** Pages that need a session (every page but the sign-in page). */
export type GuardedPage = { [K in PageRoute]: (typeof PAGE_ACCESS)[K] extends "public" ? never : K }[PageRoute];

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export function isApiRoute(key: string): key is ApiRoute {
  return Object.hasOwn(API_ROUTE_ACCESS, key);
}

export function isPageRoute(key: string): key is PageRoute {
  return Object.hasOwn(PAGE_ACCESS, key);
}

/** The permissions an access rule accepts (empty for "signed-in" and "public"). */
export function accessPermissions(access: Access): readonly Permission[] {
  if (typeof access === "object") return access.anyOf;
  return access === "public" || access === "signed-in" ? [] : [access];
}

/** Whether a signed-in user of `role` passes the rule. */
export function roleMayAccess(access: Access, role: Role): boolean {
  if (access === "public" || access === "signed-in") return true;
  return accessPermissions(access).some((p) => can(role, p));
}

/** Whether an API token with `scopes`, created by a user of `role`, passes the rule (scopes only ever narrow the role). */
export function tokenMayAccess(access: Access, role: Role, scopes: readonly TokenScope[]): boolean {
  if (access === "public") return true;
  if (access === "signed-in") return false;
  const granted = new Set(scopes.flatMap((s) => SCOPE_PERMISSIONS[s]));
  return accessPermissions(access).some((p) => can(role, p) && granted.has(p));
}
