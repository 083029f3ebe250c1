// Single sign-on end to end: the sign-in page's SSO button, a real OpenID
// Connect provider on loopback (e2e/oidc-idp.ts, started by playwright.config.ts)
// and back. Auto-provisioning is off, so only people an administrator created
// get in, only with a verified email, and always with the role Sibyl gave them:
// every IdP account claims role "admin", which Sibyl must ignore.
import { expect, test, type Browser, type Page } from "@playwright/test";
import postgres from "postgres";
import { E2E_DATABASE_URL } from "./global-setup";
import { apiAs, authFile, expectForbidden, SIGNED_OUT, unique } from "./helpers";
import { E2E_OIDC_ISSUER, E2E_OIDC_NAME, idpSubject } from "./oidc-idp";

const REFUSED = "Your single sign-on account is not allowed here. Ask an administrator to invite you.";

interface IdpIdentity {
  email: string;
  name: string;
  verified?: boolean;
}

/** From Sibyl's sign-in page through the IdP's login form; waits for the way back to Sibyl. */
async function ssoSignIn(page: Page, who: IdpIdentity): Promise<void> {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: `Continue with ${E2E_OIDC_NAME}` }).click();
  await page.waitForURL(`${E2E_OIDC_ISSUER}/interaction/**`);
  await expect(page.getByRole("heading", { name: "Example Directory" })).toBeVisible();
  await page.getByLabel("Email", { exact: true }).fill(who.email);
  await page.getByLabel("Name").fill(who.name);
  await page.getByLabel("Email verified").setChecked(who.verified ?? true);
  await page.getByRole("button", { name: "Sign in to Example Directory" }).click();
  await page.waitForURL((url) => url.origin !== E2E_OIDC_ISSUER && !url.pathname.startsWith("/api/auth/"));
}

/** A signed-out browser context of its own: no Sibyl session and no IdP session either. */
async function withFreshPage<T>(browser: Browser, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ storageState: SIGNED_OUT });
  try {
    return await run(await context.newPage());
  } finally {
    await context.close();
  }
}

async function expectRefused(page: Page): Promise<void> {
  expect(new URL(page.url()).pathname).toBe("/sign-in");
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(REFUSED);
  await page.goto("/overview");
  expect(new URL(page.url()).pathname, "no session came out of the refused sign-in").toBe("/sign-in");
}

/** Sibyl's links to the IdP for this email's subject (read straight from the e2e database). */
async function linksOf(email: string): Promise<{ email: string; provider: string }[]> {
  const sql = postgres(E2E_DATABASE_URL, { max: 1, onnotice: () => {} });
  try {
    return await sql<{ email: string; provider: string }[]>`
      select u.email, a.provider from accounts a join users u on u.id = a.user_id where a.provider_account_id = ${idpSubject(email)}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

interface UserRow {
  id: string;
  email: string;
  role: string;
  lastSignInAt: string | null;
}

async function findUsers(playwright: Parameters<typeof apiAs>[0], email: string): Promise<UserRow[]> {
  const admin = await apiAs(playwright, "admin");
  try {
    const response = await admin.get(`/api/v1/users?q=${encodeURIComponent(email)}`);
    expect(response.status()).toBe(200);
    return ((await response.json()) as { rows: UserRow[] }).rows;
  } finally {
    await admin.dispose();
  }
}

async function createUserByApi(playwright: Parameters<typeof apiAs>[0], user: { email: string; name: string; role: string }): Promise<UserRow> {
  const admin = await apiAs(playwright, "admin");
  try {
    const response = await admin.post("/api/v1/users", { data: { ...user, password: "a-password-nobody-uses-1" } });
    expect(response.status(), await response.text()).toBe(201);
    return (await response.json()) as UserRow;
  } finally {
    await admin.dispose();
  }
}

/** The audit page filtered to one action: the rows that mention `text`. */
async function auditRows(page: Page, action: string, text: string) {
  await page.goto(`/audit?action=${action}&q=${encodeURIComponent(text)}`);
  await expect(page.getByTestId("row-count")).toHaveText(/^[\d,]+ rows?$/);
  return page.locator("tbody tr[data-row]").filter({ hasText: text });
}

test.describe("single sign-on", () => {
  test.use({ storageState: authFile("admin") });

  test("a user an administrator created signs in through the IdP with Sibyl's role, not the IdP's", async ({ page, browser, playwright }) => {
    const person = { name: "Casey Auditor", email: `${unique("casey")}@example.test` };

    // The administrator adds Casey as an auditor, through Settings.
    await page.goto("/settings/users");
    const form = page.getByRole("region", { name: "Add a user" });
    await form.getByLabel("Name").fill(person.name);
    await form.getByLabel("Email").fill(person.email);
    await form.getByLabel("Role").selectOption("auditor");
    await form.getByLabel("Initial password").fill("casey-initial-password");
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(form.getByRole("status")).toHaveText(`User created. (${person.email})`);
    expect(await linksOf(person.email)).toEqual([]);

    // Casey signs in at the IdP, which says role "admin" and calls her something else.
    await withFreshPage(browser, async (casey) => {
      await ssoSignIn(casey, { email: person.email.toUpperCase(), name: "Casey (IdP name)" });
      expect(new URL(casey.url()).pathname).toBe("/overview");
      await expect(casey.getByTestId("current-role")).toHaveText("(Auditor)");
      await expect(casey.getByRole("banner")).toContainText(person.name);
      await expectForbidden(casey, "/settings/users");
      expect((await casey.request.get("/api/v1/users")).status(), "the session cannot manage users").toBe(403);
      // An auditor reads the audit trail.
      const response = await casey.goto("/audit");
      expect(response?.status()).toBe(200);
    });

    // Sibyl linked the IdP subject to Casey's user, recorded the sign-in and kept the role.
    expect(await linksOf(person.email)).toEqual([{ email: person.email, provider: "oidc" }]);
    const [row] = await findUsers(playwright, person.email);
    expect(row).toMatchObject({ email: person.email, role: "auditor" });
    expect(row.lastSignInAt, "the single sign-on counts as a sign-in").not.toBeNull();
    await expect(await auditRows(page, "user.link_sso", person.email)).toHaveCount(1);
    await expect(await auditRows(page, "auth.sign_in", person.email)).toHaveCount(1);

    // Next time the link is used (the email no longer matters): same user, no second link.
    await withFreshPage(browser, async (casey) => {
      await ssoSignIn(casey, { email: person.email, name: "Casey (IdP name)" });
      expect(new URL(casey.url()).pathname).toBe("/overview");
      await expect(casey.getByTestId("current-role")).toHaveText("(Auditor)");
    });
    expect(await linksOf(person.email)).toHaveLength(1);
    await expect(await auditRows(page, "auth.sign_in", person.email)).toHaveCount(2);
  });

  test("an email Sibyl does not know is refused and no user is created", async ({ page, browser, playwright }) => {
    const email = `${unique("stranger")}@example.test`;
    await withFreshPage(browser, async (stranger) => {
      await ssoSignIn(stranger, { email, name: "Stranger Danger" });
      await expectRefused(stranger);
    });
    expect(await findUsers(playwright, email)).toEqual([]);
    expect(await linksOf(email)).toEqual([]);
    await expect(await auditRows(page, "user.provision_sso", email)).toHaveCount(0);
    await expect(await auditRows(page, "auth.sign_in", email)).toHaveCount(0);
  });

  test("an unverified email is refused even when it matches a user", async ({ page, browser, playwright }) => {
    const person = { name: "Uma Unverified", email: `${unique("uma")}@example.test`, role: "developer" };
    await createUserByApi(playwright, person);

    await withFreshPage(browser, async (uma) => {
      await ssoSignIn(uma, { email: person.email, name: person.name, verified: false });
      await expectRefused(uma);
    });
    expect(await linksOf(person.email)).toEqual([]);
    expect((await findUsers(playwright, person.email))[0].lastSignInAt).toBeNull();
    await expect(await auditRows(page, "user.link_sso", person.email)).toHaveCount(0);

    // Control: the same person with the email verified gets in (as Sibyl's developer).
    await withFreshPage(browser, async (uma) => {
      await ssoSignIn(uma, { email: person.email, name: person.name, verified: true });
      expect(new URL(uma.url()).pathname).toBe("/overview");
      await expect(uma.getByTestId("current-role")).toHaveText("(Developer)");
    });
  });

  test("a disabled user is refused, and their single sign-on session ends", async ({ browser, playwright }) => {
    const person = { name: "Dana Departed", email: `${unique("dana")}@example.test`, role: "secops" };
    const user = await createUserByApi(playwright, person);

    const context = await browser.newContext({ storageState: SIGNED_OUT });
    try {
      const dana = await context.newPage();
      await ssoSignIn(dana, { email: person.email, name: person.name });
      await expect(dana.getByTestId("current-role")).toHaveText("(SecOps analyst)");

      const admin = await apiAs(playwright, "admin");
      try {
        expect((await admin.patch(`/api/v1/users/${user.id}`, { data: { disabled: true } })).status()).toBe(200);
      } finally {
        await admin.dispose();
      }
      await dana.goto("/overview");
      expect(new URL(dana.url()).pathname, "the session stopped working").toBe("/sign-in");
    } finally {
      await context.close();
    }

    // Signing in again (the link exists now) is refused.
    await withFreshPage(browser, async (dana) => {
      await ssoSignIn(dana, { email: person.email, name: person.name });
      await expectRefused(dana);
    });
  });
});
