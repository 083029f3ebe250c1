// Who can reach what, beyond the generated matrix of every route and page ×
// every role (authorization-matrix.spec.ts): malformed tokens and forged
// cookies, the favicon, and the navigation agreeing with the role's permissions.
import { expect, test } from "@playwright/test";
import { NAV_ITEMS } from "../components/layout/nav-items";
import { can } from "../lib/domain/rbac/permissions";
import { DEMO_ROLES } from "./global-setup";
import { apiAs, authFile, mainNav, unique, type DemoRole } from "./helpers";

test.describe("without a session", () => {
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

    if (role === "auditor") {
      test("the audit log opens", async ({ page }) => {
        const response = await page.goto("/audit");
        expect(response?.status()).toBe(200);
        await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
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
