// The administrator's settings: users and roles, API tokens, and the audit
// trail those changes leave. Serial: later steps use what earlier ones made.
import { expect, test, type Page } from "@playwright/test";
import { authFile, demoUser, SIGNED_OUT, submitSignIn, unique } from "./helpers";

test.describe.configure({ mode: "serial" });
test.use({ storageState: authFile("admin") });

const newUser = { name: "Erin Example", email: `${unique("erin")}@example.test`, password: "erin-initial-password" };
const tokenName = unique("ci-read");

async function userCount(page: Page): Promise<number> {
  const heading = page.getByRole("heading", { name: /^Users \(\d+\)$/ });
  await expect(heading).toBeVisible();
  return Number(/\((\d+)\)/.exec((await heading.textContent()) ?? "")?.[1]);
}

function addUserForm(page: Page) {
  return page.getByRole("region", { name: "Add a user" });
}

test.describe("users and roles", () => {
  test("bad input shows field errors and creates nothing", async ({ page }) => {
    await page.goto("/settings/users");
    const before = await userCount(page);
    const form = addUserForm(page);
    await form.getByLabel("Name").fill("   ");
    await form.getByLabel("Email").fill("not-an-email");
    await form.getByLabel("Initial password").fill("short");
    await form.getByRole("button", { name: "Add user" }).click();

    await expect(form.getByRole("alert")).toHaveText("Please correct the highlighted fields.");
    await expect(page.locator("#new-name-error")).toHaveText("Enter a name");
    await expect(page.locator("#new-email-error")).toHaveText("Enter a valid email address");
    await expect(page.locator("#new-password-error")).toHaveText("Use at least 12 characters");
    await expect(form.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

    await page.reload();
    expect(await userCount(page)).toBe(before);
  });

  test("valid input creates a user who can then sign in", async ({ page, browser }) => {
    await page.goto("/settings/users");
    const before = await userCount(page);
    const form = addUserForm(page);
    await form.getByLabel("Name").fill(newUser.name);
    await form.getByLabel("Email").fill(newUser.email);
    await form.getByLabel("Role").selectOption("developer");
    await form.getByLabel("Initial password").fill(newUser.password);
    await form.getByRole("button", { name: "Add user" }).click();
    await expect(form.getByRole("status")).toHaveText(`User created. (${newUser.email})`);

    await page.reload();
    expect(await userCount(page)).toBe(before + 1);
    await expect(page.getByTestId(`user-row-${newUser.email}`)).toContainText(newUser.name);

    const fresh = await browser.newContext({ storageState: SIGNED_OUT });
    try {
      const freshPage = await fresh.newPage();
      await freshPage.goto("/sign-in");
      await submitSignIn(freshPage, newUser.email, newUser.password);
      await freshPage.waitForURL("**/overview");
      await expect(freshPage.getByTestId("current-role")).toHaveText("(Developer)");
    } finally {
      await fresh.close();
    }
  });

  test("a role change through the row's select persists", async ({ page }) => {
    await page.goto("/settings/users");
    const row = page.getByTestId(`user-row-${newUser.email}`);
    const select = row.getByLabel(`Role of ${newUser.email}`);
    await expect(select).toHaveValue("developer");
    await select.selectOption("auditor");
    await expect(row.getByRole("status")).toHaveText("Role changed.");

    await page.reload();
    await expect(page.getByTestId(`user-row-${newUser.email}`).getByLabel(`Role of ${newUser.email}`)).toHaveValue("auditor");
  });

  test("the last administrator cannot be demoted", async ({ page, request }) => {
    const admins = await request.get("/api/v1/users?pageSize=100");
    const adminCount = ((await admins.json()) as { rows: { role: string; disabled: boolean }[] }).rows.filter((u) => u.role === "admin" && !u.disabled).length;
    test.skip(adminCount !== 1, `expects exactly one active administrator, found ${adminCount}`);

    const { email } = demoUser("admin");
    await page.goto("/settings/users");
    const row = page.getByTestId(`user-row-${email}`);
    await row.getByLabel(`Role of ${email}`).selectOption("ciso");
    await expect(row.getByRole("alert")).toHaveText("The last active administrator cannot lose the admin role");
    await expect(row.getByLabel(`Role of ${email}`)).toHaveValue("admin");

    await page.reload();
    await expect(page.getByTestId(`user-row-${email}`).getByLabel(`Role of ${email}`)).toHaveValue("admin");
    await expect(page.getByTestId("current-role")).toHaveText("(Administrator)");
  });
});

test.describe("API tokens", () => {
  function createTokenForm(page: Page) {
    return page.getByRole("region", { name: "Create a token" });
  }

  test("a token needs at least one scope", async ({ page }) => {
    await page.goto("/settings/tokens");
    const form = createTokenForm(page);
    await form.getByLabel("Name").fill(unique("no-scopes"));
    await form.getByRole("checkbox", { name: /^ingest/ }).uncheck();
    await form.getByRole("checkbox", { name: /^read/ }).uncheck();
    await form.getByRole("button", { name: "Create token" }).click();
    await expect(page.locator("#token-scopes-error")).toHaveText("Choose at least one scope");
    await expect(page.getByTestId("new-token")).toHaveCount(0);
  });

  test("a read token is shown once, reads but cannot administer, and stops working when revoked", async ({ page, playwright, baseURL }) => {
    await page.goto("/settings/tokens");
    const form = createTokenForm(page);
    await form.getByLabel("Name").fill(tokenName);
    await form.getByRole("checkbox", { name: /^ingest/ }).uncheck();
    await form.getByRole("checkbox", { name: /^read/ }).check();
    await form.getByRole("button", { name: "Create token" }).click();

    const shown = page.getByTestId("new-token");
    await expect(shown).toHaveText(/^sib_[A-Za-z0-9_-]{43}$/);
    const token = ((await shown.textContent()) ?? "").trim();
    const prefix = token.slice(0, 12);

    // After a reload only the prefix is left.
    await page.reload();
    const row = page.getByTestId(`token-row-${tokenName}`);
    await expect(row).toContainText(`${prefix}…`);
    await expect(row).toContainText("read");
    await expect(page.getByTestId("new-token")).toHaveCount(0);
    expect(await page.content()).not.toContain(token);

    // A clean client: only the bearer token, no cookies.
    const api = await playwright.request.newContext({ baseURL, storageState: SIGNED_OUT, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    try {
      expect((await api.get("/api/v1/applications")).status()).toBe(200);
      expect((await api.get("/api/v1/users")).status()).toBe(403);
      const escalate = await api.post("/api/v1/users", { data: { email: `${unique("via-token")}@example.test`, name: "Via Token", role: "admin", password: "a-long-enough-password" } });
      expect(escalate.status()).toBe(403);

      await row.getByRole("button", { name: "Revoke" }).click();
      const dialog = page.getByRole("dialog", { name: `Revoke “${tokenName}”?` });
      await expect(dialog).toBeVisible();
      await dialog.getByRole("button", { name: "Revoke token" }).click();
      await expect(dialog).toBeHidden();
      await expect(row).toContainText("Revoked");

      expect((await api.get("/api/v1/applications")).status()).toBe(401);
    } finally {
      await api.dispose();
    }
  });
});

test.describe("audit log", () => {
  test("lists the changes made above", async ({ page }) => {
    for (const action of ["user.create", "user.change_role", "token.create", "token.revoke"]) {
      await page.goto(`/audit?action=${action}`);
      const rows = page.locator("tbody tr[data-row]");
      await expect(rows.first()).toBeVisible();
      await expect(rows.getByRole("cell", { name: action, exact: true }).first()).toBeVisible();
      await expect(page.getByTestId("row-count")).not.toHaveText("0 rows");
    }
    await page.goto("/audit?action=user.create");
    await expect(page.locator("tbody tr[data-row]").filter({ hasText: newUser.email })).toHaveCount(1);
    await page.goto("/audit?action=token.create");
    await expect(page.locator("tbody tr[data-row]").filter({ hasText: tokenName })).toHaveCount(1);
  });
});
