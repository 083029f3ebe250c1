// Signing in and out through the real form, including the per-account
// throttle (SIBYL_SIGNIN_MAX_FAILURES_PER_ACCOUNT, default 5).
import { expect, test, type Page } from "@playwright/test";
import { apiAs, demoUser, SIGNED_OUT, submitSignIn, unique } from "./helpers";

const INVALID = "Invalid email or password.";

/** The form's own alert (Next's route announcer is an alert too, so scope to the form). */
function formAlert(page: Page) {
  return page.locator("form").getByRole("alert");
}

async function expectRefused(page: Page, email: string, password: string, message: string | RegExp) {
  await page.goto("/sign-in");
  await submitSignIn(page, email, password);
  await expect(formAlert(page)).toHaveText(message);
  expect(new URL(page.url()).pathname).toBe("/sign-in");
}

test("a wrong password and an unknown email get the same answer", async ({ page }) => {
  await expectRefused(page, demoUser("secops").email, "not-the-password", INVALID);
  await expectRefused(page, `${unique("nobody")}@demo.sibyl.test`, "whatever-password", INVALID);
  // No session came out of either attempt.
  await page.goto("/overview");
  expect(new URL(page.url()).pathname).toBe("/sign-in");
});

test("an empty form is answered without a round trip to the credentials check", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(formAlert(page)).toHaveText("Enter your email and password.");
});

test("after 5 failures the account is locked, even with the right password", async ({ page, browser, playwright }) => {
  const email = `${unique("lockout")}@example.test`;
  const password = "the-right-password-1";
  const admin = await apiAs(playwright, "admin");
  try {
    const created = await admin.post("/api/v1/users", { data: { email, name: "Lockout Target", role: "developer", password } });
    expect(created.status(), await created.text()).toBe(201);
  } finally {
    await admin.dispose();
  }

  // Control: the password is right, so the refusal below comes from the limiter.
  const control = await browser.newContext({ storageState: SIGNED_OUT });
  try {
    const controlPage = await control.newPage();
    await controlPage.goto("/sign-in");
    await submitSignIn(controlPage, email, password);
    await controlPage.waitForURL("**/overview");
  } finally {
    await control.close();
  }

  for (let attempt = 1; attempt <= 5; attempt++) await expectRefused(page, email, `wrong-password-${attempt}`, INVALID);
  await expectRefused(page, email, password, /^Too many failed attempts/);
  await page.goto("/overview");
  expect(new URL(page.url()).pathname).toBe("/sign-in");
});

test("sign out ends the session", async ({ page }) => {
  const { email, password } = demoUser("auditor");
  await page.goto("/sign-in");
  await submitSignIn(page, email, password);
  await page.waitForURL("**/overview");
  await expect(page.getByTestId("current-role")).toHaveText("(Auditor)");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL("**/sign-in");
  await expect(page.getByRole("heading", { name: "Sign in to Sibyl" })).toBeVisible();
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain("authjs.session-token");

  await page.goto("/audit");
  expect(new URL(page.url()).pathname).toBe("/sign-in");
});
