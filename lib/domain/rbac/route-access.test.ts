// The declaration of who may call what (route-access.ts) against the file
// system: every route method and page is declared, nothing stale is declared,
// and every handler and page enforces its own declaration. The running server
// is checked against the same declaration by e2e/authorization-matrix.spec.ts.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { APP_DIR, exportedMethods, pageFiles, routeFiles, urlOf } from "@/test/route-files";
import { PERMISSIONS, ROLES, can } from "./permissions";
import { accessPermissions, API_ROUTE_ACCESS, PAGE_ACCESS, READ_ONLY_POSTS, roleMayAccess, tokenMayAccess, type Access, type ApiRoute, type PageRoute } from "./route-access";
import { SCOPE_PERMISSIONS, TOKEN_SCOPES } from "./token-scopes";

const routes = routeFiles();
const pages = pageFiles();
const apiEntries = Object.entries(API_ROUTE_ACCESS) as [ApiRoute, Access][];
const pageEntries = Object.entries(PAGE_ACCESS) as [PageRoute, Access][];

const ROUTE_KEY = /"((?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS) \/[^"]*)"/g;

/** The text of one exported handler: from its `export` to the next top-level export. */
function handlerSource(source: string, method: string): string | null {
  const start = source.search(new RegExp(`export\\s+(?:async\\s+)?function\\s+${method}\\b|export\\s+const\\s+${method}\\b`));
  if (start < 0) return null;
  const next = source.slice(start + 1).search(/\nexport\s/);
  return next < 0 ? source.slice(start) : source.slice(start, start + 1 + next);
}

describe("reading the file system", () => {
  it("derives URLs without route groups and slots", () => {
    expect(urlOf("(dashboard)/findings/[id]")).toBe("/findings/[id]");
    expect(urlOf("")).toBe("/");
    expect(urlOf("(auth)/sign-in")).toBe("/sign-in");
    expect(urlOf("shop/@modal/(.)cart")).toBe("/shop/(.)cart");
    expect(urlOf("_components/x")).toBeNull();
  });

  it("reads the HTTP methods a route exports, however they are written", () => {
    expect(exportedMethods("export async function GET() {}\nexport function POST() {}")).toEqual(["GET", "POST"]);
    expect(exportedMethods("export const { GET, POST } = handlers;")).toEqual(["GET", "POST"]);
    expect(exportedMethods('export { handler as DELETE, PATCH } from "./x";')).toEqual(["PATCH", "DELETE"]);
    expect(exportedMethods("export const PUT = wrap(x);\nexport const maxDuration = 900;")).toEqual(["PUT"]);
    expect(exportedMethods("export async function GETTER() {}")).toEqual([]);
  });

  it("finds the app's routes and pages", () => {
    expect(routes.length).toBeGreaterThan(20);
    expect(pages.length).toBeGreaterThan(20);
    expect(routes.map((r) => r.url)).toContain("/api/v1/findings/[id]");
    expect(pages.map((p) => p.url)).toContain("/findings/[id]");
  });

  it("only route.ts and page.tsx files define routes (the matrix reads no other spelling)", () => {
    const others: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/^(route|page)\.(js|jsx|mjs|ts|tsx|mdx)$/.test(entry.name) && entry.name !== "route.ts" && entry.name !== "page.tsx") others.push(path.relative(APP_DIR, full));
      }
    };
    walk(APP_DIR);
    expect(others, "rename to route.ts / page.tsx so the authorisation matrix sees them").toEqual([]);
  });
});

describe("every route method is declared in API_ROUTE_ACCESS", () => {
  it.each(routes.map((r) => [r.file, r] as const))("%s", (file, route) => {
    expect(route.methods, `${file} exports no HTTP method handler that the matrix can read`).not.toEqual([]);
    for (const method of route.methods) {
      const key = `${method} ${route.url}`;
      expect(Object.hasOwn(API_ROUTE_ACCESS, key), `${file}: "${key}" is not declared in lib/domain/rbac/route-access.ts (API_ROUTE_ACCESS)`).toBe(true);
    }
  });

  it("declares nothing that no file serves", () => {
    const served = new Set(routes.flatMap((r) => r.methods.map((m) => `${m} ${r.url}`)));
    expect(apiEntries.map(([key]) => key).filter((key) => !served.has(key))).toEqual([]);
  });
});

describe("every page is declared in PAGE_ACCESS", () => {
  it.each(pages.map((p) => [p.file, p] as const))("%s", (file, page) => {
    expect(Object.hasOwn(PAGE_ACCESS, page.url), `${file}: "${page.url}" is not declared in lib/domain/rbac/route-access.ts (PAGE_ACCESS)`).toBe(true);
  });

  it("declares nothing that no file serves", () => {
    const served = new Set(pages.map((p) => p.url));
    expect(pageEntries.map(([url]) => url).filter((url) => !served.has(url))).toEqual([]);
  });
});

describe("handlers and pages enforce their own declaration", () => {
  const guarded = routes.flatMap((r) => r.methods.map((m) => [`${m} ${r.url}`, r, m] as const)).filter(([key]) => API_ROUTE_ACCESS[key as ApiRoute] !== "public");

  it.each(guarded)("%s calls authorizeRoute with its own key", (key, route, method) => {
    const body = handlerSource(route.source, method);
    expect(body, `${route.file}: no \`export async function ${method}\``).not.toBeNull();
    expect(body, `${route.file}: ${method} must call authorizeRoute(request, "${key}")`).toContain(`authorizeRoute(request, "${key}")`);
  });

  it.each(routes.map((r) => [r.file, r] as const))("%s names no other route's key and skips no check", (file, route) => {
    const own = new Set(route.methods.map((m) => `${m} ${route.url}`));
    const named = [...route.source.matchAll(ROUTE_KEY)].map((m) => m[1]);
    expect(named.filter((key) => !own.has(key)), `${file} uses another route's permission`).toEqual([]);
    expect(route.source, `${file}: use authorizeRoute (the declared permission), not authenticateApi`).not.toMatch(/authenticateApi\(/);
  });

  it.each(pages.filter((p) => PAGE_ACCESS[p.url as PageRoute] !== "public").map((p) => [p.file, p] as const))("%s calls requirePageAccess with its own URL", (file, page) => {
    expect(page.source, `${file} must call requirePageAccess("${page.url}")`).toContain(`requirePageAccess("${page.url}")`);
    expect(page.source, `${file}: use requirePageAccess (the declared permission), not requirePageActor`).not.toMatch(/requirePageActor\(/);
    const others = [...page.source.matchAll(/requirePageAccess\("([^"]*)"\)/g)].map((m) => m[1]).filter((url) => url !== page.url);
    expect(others, `${file} asks for another page's access`).toEqual([]);
  });
});

describe("the declaration itself", () => {
  it("leaves only the sign-in page and next-auth's own endpoints public", () => {
    expect(apiEntries.filter(([, a]) => a === "public").map(([key]) => key)).toEqual(["GET /api/auth/[...nextauth]", "POST /api/auth/[...nextauth]"]);
    expect(pageEntries.filter(([, a]) => a === "public").map(([url]) => url)).toEqual(["/sign-in"]);
  });

  it("names only known permissions, and every API route but next-auth's needs one", () => {
    for (const [key, access] of [...apiEntries, ...pageEntries]) {
      for (const p of accessPermissions(access)) expect(PERMISSIONS, key).toContain(p);
    }
    for (const [key, access] of apiEntries) {
      if (!key.startsWith("GET /api/auth/") && !key.startsWith("POST /api/auth/")) expect(accessPermissions(access), key).toHaveLength(1);
    }
  });

  it("lets only the administrator manage users and tokens", () => {
    for (const [key, access] of [...apiEntries, ...pageEntries]) {
      if (accessPermissions(access).every((p) => p === "users.manage" || p === "tokens.manage") && accessPermissions(access).length) {
        expect(ROLES.filter((role) => roleMayAccess(access, role)), key).toEqual(["admin"]);
      }
    }
  });

  it("follows the permission table for every role", () => {
    expect(roleMayAccess(API_ROUTE_ACCESS["PATCH /api/v1/findings/[id]"], "secops")).toBe(true);
    expect(roleMayAccess(API_ROUTE_ACCESS["PATCH /api/v1/findings/[id]"], "developer")).toBe(false);
    expect(roleMayAccess(PAGE_ACCESS["/settings"], "admin")).toBe(true);
    expect(ROLES.filter((r) => roleMayAccess(PAGE_ACCESS["/settings"], r))).toEqual(["admin"]);
    expect(ROLES.every((r) => roleMayAccess(PAGE_ACCESS["/"], r))).toBe(true);
    for (const [key, access] of apiEntries) {
      const [permission] = accessPermissions(access);
      if (permission) for (const role of ROLES) expect(roleMayAccess(access, role), `${key} as ${role}`).toBe(can(role, permission));
    }
  });
});

describe("token scopes", () => {
  const nonGet = apiEntries.filter(([key, access]) => !key.startsWith("GET ") && access !== "public" && !(READ_ONLY_POSTS as readonly string[]).includes(key));

  it("read grants reading only", () => {
    for (const p of SCOPE_PERMISSIONS.read) expect(p).toMatch(/\.read$/);
    expect(nonGet.length).toBeGreaterThan(5);
    for (const [key, access] of nonGet) expect(tokenMayAccess(access, "admin", ["read"]), key).toBe(false);
  });

  it("ingest reaches the ingest routes (uploads and the OTLP receiver) and nothing else (no users, no reads)", () => {
    expect(tokenMayAccess(API_ROUTE_ACCESS["GET /api/v1/users"], "admin", ["ingest"])).toBe(false);
    const reachable = apiEntries.filter(([, access]) => access !== "public" && tokenMayAccess(access, "admin", ["ingest"])).map(([key]) => key);
    expect(reachable).toEqual(["POST /api/v1/ingest/[kind]", "POST /v1/traces"]);
  });

  it("triage reads and triages findings, nothing else", () => {
    const reachable = apiEntries.filter(([, access]) => access !== "public" && tokenMayAccess(access, "admin", ["triage"])).map(([key]) => key);
    expect(reachable.length).toBeGreaterThan(0);
    for (const key of reachable) expect(["findings.read", "findings.triage"]).toContain(API_ROUTE_ACCESS[key]);
    expect(reachable).toContain("PATCH /api/v1/findings/[id]");
    expect(reachable).toContain("POST /api/v1/findings/bulk");
  });

  it("no scope ever manages users or tokens, or reads the audit log", () => {
    for (const scope of TOKEN_SCOPES) for (const p of ["users.manage", "tokens.manage", "audit.read"] as const) expect(SCOPE_PERMISSIONS[scope]).not.toContain(p);
  });

  it("only narrow the creator's role", () => {
    expect(tokenMayAccess(API_ROUTE_ACCESS["PATCH /api/v1/findings/[id]"], "developer", ["triage"])).toBe(false);
    expect(tokenMayAccess(API_ROUTE_ACCESS["PATCH /api/v1/findings/[id]"], "secops", ["triage"])).toBe(true);
    for (const role of ROLES) {
      for (const [key, access] of apiEntries) {
        if (access !== "public") expect(!tokenMayAccess(access, role, TOKEN_SCOPES) || roleMayAccess(access, role), `${key}: ${role}`).toBe(true);
      }
    }
  });
});
