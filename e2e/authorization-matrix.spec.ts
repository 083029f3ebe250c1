// The authorisation matrix, built from the file system: every HTTP method of
// every app/**/route.ts and every app/**/page.tsx, asked by every role, without
// a session, with a forged session cookie and with API tokens of each scope,
// against the declaration in lib/domain/rbac/route-access.ts (which the
// handlers and pages enforce). A route or page missing from the declaration
// fails here too (and earlier in lib/domain/rbac/route-access.test.ts).
//
// Requests use placeholders (a random UUID, slugs that do not exist, an unknown
// ingest kind) and empty bodies, so nothing they reach can change the shared
// demo data: an allowed mutating request must come back 4xx. The tokens made
// for the matrix are revoked at the end.
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext, type APIResponse } from "@playwright/test";
import postgres from "postgres";
import { generateApiToken } from "../lib/domain/auth/api-token";
import { accessPermissions, API_ROUTE_ACCESS, isApiRoute, isPageRoute, PAGE_ACCESS, READ_ONLY_POSTS, roleMayAccess, tokenMayAccess, type Access } from "../lib/domain/rbac/route-access";
import { TOKEN_SCOPES, type TokenScope } from "../lib/domain/rbac/token-scopes";
import { pageFiles, routeFiles } from "../test/route-files";
import { DEMO_ROLES, E2E_DATABASE_URL } from "./global-setup";
import { authFile, demoUser, expectForbidden, SIGNED_OUT, unique, type DemoRole } from "./helpers";

const PLACEHOLDER_ID = randomUUID();

/** A URL for a pattern: dynamic segments get values that match nothing. */
function concrete(pattern: string): string {
  return pattern
    .replace(/\[\[\.\.\.\w+\]\]|\[\.\.\.\w+\]/g, "matrix-probe")
    .replace(/\[(\w+)\]/g, (_m, name: string) => (/id$/i.test(name) ? PLACEHOLDER_ID : `matrix-no-such-${name.toLowerCase()}`));
}

const ROUTES = routeFiles().flatMap((r) => r.methods.map((method) => ({ file: r.file, method, key: `${method} ${r.url}`, url: concrete(r.url) })));
const PAGES = pageFiles().map((p) => ({ file: p.file, key: p.url, url: concrete(p.url) }));

/** The creator of the token that holds every scope (scopes never widen a role). */
const NARROW_CREATOR: DemoRole = "developer";

type Subject = { label: string; kind: "anonymous" } | { label: string; kind: "forged" } | { label: string; kind: "role"; role: DemoRole } | { label: string; kind: "token"; creator: DemoRole; scopes: readonly TokenScope[] };

const SUBJECTS: Subject[] = [
  { label: "no session", kind: "anonymous" },
  { label: "a forged session cookie", kind: "forged" },
  ...DEMO_ROLES.map((role) => ({ label: role, kind: "role" as const, role })),
  ...TOKEN_SCOPES.map((scope) => ({ label: `admin's ${scope} token`, kind: "token" as const, creator: "admin" as DemoRole, scopes: [scope] })),
  { label: `${NARROW_CREATOR}'s token with every scope`, kind: "token", creator: NARROW_CREATOR, scopes: TOKEN_SCOPES },
];

type Outcome = "allowed" | "unauthenticated" | "forbidden";

function expectedOutcome(access: Access, subject: Subject): Outcome {
  if (access === "public") return "allowed";
  switch (subject.kind) {
    case "anonymous":
    case "forged":
      return "unauthenticated";
    case "role":
      return roleMayAccess(access, subject.role) ? "allowed" : "forbidden";
    case "token":
      return tokenMayAccess(access, subject.creator, subject.scopes) ? "allowed" : "forbidden";
  }
}

// Clients, one per subject, and the matrix's own tokens.
let anonymous: APIRequestContext;
let forged: APIRequestContext;
const asRole = new Map<DemoRole, APIRequestContext>();
const bearer = new Map<string, string>();
const createdTokenIds: string[] = [];
let insertedTokenId: string | null = null;

function headersFor(subject: Subject): Record<string, string> {
  if (subject.kind !== "token") return {};
  const token = bearer.get(subject.label);
  if (!token) throw new Error(`no token for ${subject.label}`);
  return { authorization: `Bearer ${token}` };
}

function clientFor(subject: Subject): APIRequestContext {
  if (subject.kind === "role") {
    const client = asRole.get(subject.role);
    if (!client) throw new Error(`no client for ${subject.role}`);
    return client;
  }
  return subject.kind === "forged" ? forged : anonymous;
}

test.beforeAll(async ({ playwright }, testInfo) => {
  const baseURL = testInfo.project.use.baseURL;
  const { hostname } = new URL(baseURL ?? "");
  anonymous = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT });
  forged = await playwright.request.newContext({
    baseURL,
    storageState: { cookies: [{ name: "authjs.session-token", value: "forged", domain: hostname, path: "/", expires: -1, httpOnly: true, secure: false, sameSite: "Lax" }], origins: [] },
  });
  for (const role of DEMO_ROLES) asRole.set(role, await playwright.request.newContext({ baseURL, storageState: authFile(role) }));

  // Tokens of one scope each, made by the administrator through the API.
  const admin = asRole.get("admin") as APIRequestContext;
  for (const subject of SUBJECTS) {
    if (subject.kind !== "token" || subject.creator !== "admin") continue;
    const res = await admin.post("/api/v1/tokens", { data: { name: unique(`matrix-${subject.scopes.join("-")}`), scopes: subject.scopes, expiresInDays: 7 } });
    expect(res.status(), `creating ${subject.label}`).toBe(201);
    const { token, id } = (await res.json()) as { token: string; id: string };
    bearer.set(subject.label, token);
    createdTokenIds.push(id);
  }

  // Only administrators may create tokens, so the token whose scopes exceed its
  // creator's role (a user whose role was lowered later) is written directly.
  const narrow = SUBJECTS.find((s) => s.kind === "token" && s.creator !== "admin");
  if (narrow?.kind === "token") {
    const sql = postgres(E2E_DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      const [user] = await sql<{ id: string }[]>`select id from users where email = ${demoUser(narrow.creator).email}`;
      const { token, prefix, hash } = generateApiToken();
      const [row] = await sql<{ id: string }[]>`
        insert into api_tokens (name, prefix, token_hash, scopes, created_by_id, expires_at)
        values (${unique("matrix-every-scope")}, ${prefix}, ${hash}, ${`{${narrow.scopes.join(",")}}`}::token_scope[], ${user.id}, now() + interval '1 day')
        returning id`;
      insertedTokenId = row.id;
      bearer.set(narrow.label, token);
    } finally {
      await sql.end({ timeout: 5 });
    }
  }
});

test.afterAll(async () => {
  const admin = asRole.get("admin");
  for (const id of createdTokenIds.splice(0)) {
    const res = await admin?.delete(`/api/v1/tokens/${id}`);
    expect(res?.status(), `revoking matrix token ${id}`).toBe(204);
  }
  if (insertedTokenId) {
    const sql = postgres(E2E_DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      await sql`update api_tokens set revoked_at = now() where id = ${insertedTokenId}`;
      insertedTokenId = null;
    } finally {
      await sql.end({ timeout: 5 });
    }
  }
  for (const client of [anonymous, forged, ...asRole.values()]) await client?.dispose();
  asRole.clear();
});

async function jsonBody(res: APIResponse): Promise<Record<string, unknown>> {
  expect(res.headers()["content-type"] ?? "", `${res.url()} content type`).toContain("application/json");
  return (await res.json()) as Record<string, unknown>;
}

test.describe("route handlers", () => {
  for (const route of ROUTES) {
    test.describe(route.key, () => {
      if (!isApiRoute(route.key)) {
        test("is declared", () => {
          throw new Error(`${route.file}: "${route.key}" is not declared in lib/domain/rbac/route-access.ts (API_ROUTE_ACCESS); declare what it requires and call authorizeRoute with it`);
        });
        return;
      }
      const access: Access = API_ROUTE_ACCESS[route.key];
      const mutating = route.method !== "GET" && route.method !== "HEAD";
      for (const subject of SUBJECTS) {
        // Bearer tokens and session cookies mean nothing to next-auth's own endpoints.
        if (access === "public" && (subject.kind === "token" || subject.kind === "forged")) continue;
        const expected = expectedOutcome(access, subject);
        test(`${subject.label}: ${expected}`, async () => {
          const res = await clientFor(subject).fetch(route.url, {
            method: route.method,
            headers: { accept: "application/json", ...headersFor(subject) },
            // An empty object: never enough to change anything.
            data: mutating && route.method !== "DELETE" ? {} : undefined,
            maxRedirects: 0,
          });
          const status = res.status();
          const what = `${route.method} ${route.url} (${route.file}) as ${subject.label}`;
          if (expected === "unauthenticated") {
            expect(status, what).toBe(401);
            expect((await jsonBody(res)).error, what).toEqual(expect.any(String));
          } else if (expected === "forbidden") {
            expect(status, what).toBe(403);
            expect(await jsonBody(res), what).toMatchObject({ error: "forbidden", required: accessPermissions(access)[0] });
          } else {
            expect([401, 403], `${what} answered ${status}`).not.toContain(status);
            expect(status, `${what}: a server error`).toBeLessThan(500);
            // The probe must have been refused on its content (placeholder id, empty body), not carried out.
            if (mutating && access !== "public") expect(status, `${what} was carried out`).toBeGreaterThanOrEqual(400);
          }
        });
      }
    });
  }
});

test.describe("pages", () => {
  for (const page of PAGES) {
    test.describe(page.key, () => {
      if (!isPageRoute(page.key)) {
        test("is declared", () => {
          throw new Error(`${page.file}: "${page.key}" is not declared in lib/domain/rbac/route-access.ts (PAGE_ACCESS); declare what it requires and call requirePageAccess with it`);
        });
        return;
      }
      const access: Access = PAGE_ACCESS[page.key];
      for (const subject of SUBJECTS) {
        if (subject.kind === "token") continue; // pages take session cookies only
        const expected = expectedOutcome(access, subject);
        test(`${subject.label}: ${expected}`, async () => {
          const client = clientFor(subject);
          const what = `${page.url} (${page.file}) as ${subject.label}`;
          if (expected === "unauthenticated") {
            const res = await client.get(page.url, { headers: { accept: "text/html" }, maxRedirects: 0 });
            expect([302, 303, 307, 308], `${what} answered ${res.status()}`).toContain(res.status());
            const location = new URL(res.headers()["location"] ?? "", "http://placeholder");
            expect(location.pathname, what).toBe("/sign-in");
            // Without any cookie the proxy answers and remembers where the user was going.
            if (subject.kind === "anonymous" && page.url !== "/") expect(location.searchParams.get("from"), what).toBe(page.url);
            return;
          }
          const res = await client.get(page.url, { headers: { accept: "text/html" } });
          if (expected === "forbidden") {
            // The 403 page (app/forbidden.tsx) is drawn in the browser from the flight data; its rendering is checked below.
            expect(res.status(), what).toBe(403);
            expect(await res.text(), what).toContain("You do not have access to this page");
          } else {
            expect([401, 403], `${what} answered ${res.status()}`).not.toContain(res.status());
            expect(res.status(), `${what}: a server error`).toBeLessThan(500);
            // Only a placeholder id or slug may end in 404.
            if (!page.key.includes("[")) expect(res.status(), what).toBe(200);
            if (access !== "public") expect(new URL(res.url()).pathname, `${what} ended on the sign-in page`).not.toBe("/sign-in");
          }
        });
      }
    });
  }
});

test.describe("the 403 page in a browser", () => {
  for (const role of DEMO_ROLES) {
    const refused = PAGES.filter((p) => isPageRoute(p.key) && p.key === p.url && !roleMayAccess(PAGE_ACCESS[p.key], role));
    if (!refused.length) continue; // the administrator may open every page
    test.describe(role, () => {
      test.use({ storageState: authFile(role) });
      test(`${refused[0].url} shows "Access denied"`, async ({ page }) => {
        await expectForbidden(page, refused[0].url);
      });
    });
  }
});

// The issue's sentences about scopes, stated on their own (the matrix above
// derives the same from SCOPE_PERMISSIONS; these do not).
test.describe("token scopes, stated plainly", () => {
  const declared = ROUTES.filter((r) => isApiRoute(r.key) && API_ROUTE_ACCESS[r.key] !== "public");

  async function ask(scope: TokenScope, route: (typeof ROUTES)[number]): Promise<number> {
    const token = bearer.get(`admin's ${scope} token`);
    if (!token) throw new Error(`no ${scope} token`);
    const res = await anonymous.fetch(route.url, { method: route.method, headers: { accept: "application/json", authorization: `Bearer ${token}` }, data: route.method === "GET" || route.method === "DELETE" ? undefined : {}, maxRedirects: 0 });
    return res.status();
  }

  test("a read token cannot write: 403 on every route that is not a GET (but for the read-only POSTs)", async () => {
    const writes = declared.filter((r) => r.method !== "GET" && !(READ_ONLY_POSTS as readonly string[]).includes(r.key));
    expect(writes.length).toBeGreaterThan(5);
    for (const route of writes) expect(await ask("read", route), route.key).toBe(403);
  });

  test("an ingest token cannot read users, and reaches the ingest routes only", async () => {
    const users = declared.find((r) => r.key === "GET /api/v1/users");
    expect(users).toBeDefined();
    if (users) expect(await ask("ingest", users)).toBe(403);
    for (const route of declared) {
      const status = await ask("ingest", route);
      if (route.key === "POST /api/v1/ingest/[kind]") expect(status, route.key).toBe(404); // the placeholder kind: past the permission check
      else if (route.key === "POST /v1/traces") expect(status, route.key).toBe(400); // an empty export: past the permission check
      else expect(status, route.key).toBe(403);
    }
  });

  test("a triage token reads and triages findings, and nothing else", async () => {
    for (const route of declared) {
      const status = await ask("triage", route);
      if (route.key.includes(" /api/v1/findings") || route.key === "POST /api/v1/test/triage-clock") expect([401, 403], `${route.key} answered ${status}`).not.toContain(status);
      else expect(status, route.key).toBe(403);
    }
  });
});
