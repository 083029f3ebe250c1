// Who can reach what: without a session nothing is served; with one, the
// navigation and the server agree with the role's permissions.
import { expect, test } from "@playwright/test";
import { NAV_ITEMS } from "../components/layout/nav-items";
import { can } from "../lib/domain/rbac/permissions";
import { DEMO_ROLES } from "./global-setup";
import { apiAs, authFile, expectForbidden, mainNav, unique, type DemoRole } from "./helpers";

const PAGES = ["/overview", "/applications", "/applications/checkout-api", "/providers", "/providers/stripe", "/findings", "/settings/users", "/settings/tokens", "/settings/webhooks", "/settings/triage", "/audit"];
const API_ROUTES = [
  "/api/v1/overview",
  "/api/v1/applications",
  "/api/v1/applications/checkout-api",
  "/api/v1/providers",
  "/api/v1/providers/stripe",
  "/api/v1/audit",
  "/api/v1/users",
  "/api/v1/tokens",
  "/api/v1/findings",
  "/api/v1/findings/decisions?from=2026-01-01&to=2026-01-31",
];

test.describe("without a session", () => {
  for (const url of PAGES) {
    test(`page ${url} redirects to sign-in`, async ({ page }) => {
      await page.goto(url);
      const landed = new URL(page.url());
      expect(landed.pathname).toBe("/sign-in");
      expect(landed.searchParams.get("from")).toBe(url);
      await expect(page.getByRole("heading", { name: "Sign in to Sibyl" })).toBeVisible();
    });
  }

  test("every JSON route answers 401", async ({ request }) => {
    for (const url of API_ROUTES) {
      const response = await request.get(url);
      expect(response.status(), url).toBe(401);
      expect(response.headers()["content-type"], url).toContain("application/json");
    }
  });

  test("the favicon is served", async ({ request }) => {
    const response = await request.get("/favicon.ico");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/icon/);
  });

  test("a malformed or unknown bearer token answers 401", async ({ request }) => {
    const unknownToken = `sib_${"A".repeat(43)}`;
    for (const authorization of ["Bearer not-a-token", "Bearer", "Basic YWRtaW46YWRtaW4=", `Bearer ${unknownToken}`]) {
      for (const url of ["/api/v1/applications", "/api/v1/users"]) {
        const response = await request.get(url, { headers: { authorization } });
        expect(response.status(), `${authorization} on ${url}`).toBe(401);
      }
    }
  });

  test("a forged session cookie is not a session", async ({ page, context, baseURL }) => {
    const { hostname } = new URL(baseURL ?? "");
    await context.addCookies([{ name: "authjs.session-token", value: "forged", domain: hostname, path: "/" }]);
    await page.goto("/settings/users");
    expect(new URL(page.url()).pathname).toBe("/sign-in");
    const response = await page.request.get("/api/v1/users");
    expect(response.status()).toBe(401);
  });
});

/** What the navigation must show a role: every item whose permissions the role has (the same RBAC table the server uses). */
function expectedNav(role: DemoRole): string[] {
  return NAV_ITEMS.filter((item) => item.anyOf.some((p) => can(role, p))).map((item) => item.label);
}

const CORE = ["Overview", "Applications", "Providers"];

for (const role of DEMO_ROLES) {
  test.describe(`as ${role}`, () => {
    test.use({ storageState: authFile(role) });

    test("the navigation shows what the role may open", async ({ page }) => {
      await page.goto("/overview");
      await expect(mainNav(page)).toHaveText(expectedNav(role));
      // The fixed points, whatever else the navigation grows: every role reads
      // the core views; only the administrator gets Settings; only the
      // administrator and the auditor get the audit log.
      const labels = await mainNav(page).allTextContents();
      expect(labels).toEqual(expect.arrayContaining(CORE));
      expect(labels.includes("Settings"), "Settings link").toBe(role === "admin");
      expect(labels.includes("Audit log"), "Audit log link").toBe(role === "admin" || role === "auditor");
    });

    if (role === "developer" || role === "ciso" || role === "secops") {
      test("settings and the audit log are refused by the server", async ({ page }) => {
        for (const url of ["/settings", "/settings/users", "/settings/tokens", "/settings/webhooks", "/settings/triage", "/audit"]) await expectForbidden(page, url);
      });
    }

    if (role === "auditor") {
      test("the audit log opens but settings are refused", async ({ page }) => {
        const response = await page.goto("/audit");
        expect(response?.status()).toBe(200);
        await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
        for (const url of ["/settings", "/settings/users", "/settings/tokens", "/settings/webhooks", "/settings/triage"]) await expectForbidden(page, url);
      });
    }
  });
}

test.describe("the developer's cookies on admin-only JSON routes", () => {
  test.use({ storageState: authFile("developer") });

  test("are refused with 403 and change nothing", async ({ request, playwright }) => {
    expect((await request.get("/api/v1/audit")).status()).toBe(403);
    expect((await request.get("/api/v1/users")).status()).toBe(403);
    expect((await request.get("/api/v1/tokens")).status()).toBe(403);

    const email = `${unique("escalation")}@example.test`;
    const created = await request.post("/api/v1/users", { data: { email, name: "Should Not Exist", role: "admin", password: "a-long-enough-password" } });
    expect(created.status()).toBe(403);
    expect(await created.json()).toMatchObject({ error: "forbidden", required: "users.manage" });

    const admin = await apiAs(playwright, "admin");
    try {
      const list = await admin.get(`/api/v1/users?q=${encodeURIComponent(email)}`);
      expect(list.status()).toBe(200);
      expect(await list.json()).toMatchObject({ total: 0, rows: [] });
    } finally {
      await admin.dispose();
    }
  });
});
