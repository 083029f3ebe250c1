// Administering connectivity policies, as the people who do it:
// - two people edit the same policy: the second save is refused with a "changed by
//   someone else" message, the second person's input stays in the form, and the
//   first person's change is what is stored;
// - an administrator makes "alert" the default action and a dependency no policy
//   decides shows Alert on its application page (SecOps may not change it);
// - SecOps grants an exception on a quarantined dependency, sees it allowed, revokes
//   the exception from the Policies page (confirmed, by keyboard) and sees it
//   quarantined again.
// The specs share one database: each test works on demo applications no other spec
// reads (legacy-reports, kb-search) or on a policy it creates, and puts back what it
// changed (the default action, its policies, its exception) even when it fails.
import { expect, test, type APIRequestContext, type Locator, type Page } from "@playwright/test";
import { apiAs, authFile, unique } from "./helpers";

interface PolicyRow {
  id: string;
  name: string;
  description?: string;
  version: number;
}

async function policies(api: APIRequestContext): Promise<{ policies: PolicyRow[]; defaultAction: string }> {
  const res = await api.get("/api/v1/policies");
  expect(res.status()).toBe(200);
  return (await res.json()) as { policies: PolicyRow[]; defaultAction: string };
}

async function deletePolicies(api: APIRequestContext, match: (name: string) => boolean): Promise<void> {
  for (const p of (await policies(api)).policies.filter((x) => match(x.name))) expect((await api.delete(`/api/v1/policies/${p.id}`)).status()).toBe(200);
}

/** A dependency row's decision badge on its application page ("Decision: Allow" for a screen reader). */
function decisionBadge(page: Page, provider: string): Locator {
  return page.getByTestId(`dependency-${provider}`).locator("[data-slot=decision-badge]");
}

/**
 * Waits until React has hydrated `target` (its event handlers are attached). The pages are
 * server-rendered: on a loaded machine a click or a key press can land on a button before
 * hydration and do nothing.
 */
async function hydrated(target: Locator): Promise<void> {
  await expect.poll(() => target.evaluate((el) => Object.keys(el).some((k) => k.startsWith("__reactProps$"))), { timeout: 30_000 }).toBe(true);
}

/** Presses Tab until `target` has the focus (at most `max` times); fails when it never gets it. */
async function tabTo(page: Page, target: Locator, max = 10): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  await expect(target).toBeFocused();
}

test.describe("two people editing the same policy", () => {
  const NAME = unique("e2e stale edit");
  const ORIGINAL = "Created by the stale-edit test; decides nothing (disabled, and no such application).";
  const FIRST = "Changed first, by the administrator.";
  const SECOND = "Changed second, by SecOps, from a form opened before the administrator saved.";

  test.use({ storageState: authFile("secops") });

  test.beforeAll(async ({ playwright }) => {
    const api = await apiAs(playwright, "secops");
    const created = await api.post("/api/v1/policies", {
      data: { policy: { name: NAME, description: ORIGINAL, priority: 900, mode: "monitor", action: "alert", enabled: false, conditions: { all: [{ field: "application.slug", op: "eq", value: "no-such-application" }] } } },
    });
    expect(created.status()).toBe(201);
    await api.dispose();
  });

  test.afterAll(async ({ playwright }) => {
    const api = await apiAs(playwright, "secops");
    await deletePolicies(api, (n) => n === NAME);
    await api.dispose();
  });

  test("the second save is refused with a clear message, keeps what was typed and overwrites nothing", async ({ page, browser }) => {
    test.setTimeout(120_000);
    // SecOps opens the edit form first.
    await page.goto("/policies");
    const row = page.locator(`tr[data-policy="${NAME}"]`);
    await expect(row).toContainText(ORIGINAL);
    await hydrated(row.getByRole("button", { name: `Edit ${NAME}` }));
    await row.getByRole("button", { name: `Edit ${NAME}` }).click();
    const mine = page.getByRole("dialog", { name: `Edit “${NAME}”` });
    await expect(mine.getByLabel("Description")).toHaveValue(ORIGINAL);

    // Meanwhile an administrator, in another browser, edits and saves the same policy.
    const adminContext = await browser.newContext({ storageState: authFile("admin") });
    try {
      const other = await adminContext.newPage();
      await other.goto("/policies");
      const otherRow = other.locator(`tr[data-policy="${NAME}"]`);
      await hydrated(otherRow.getByRole("button", { name: `Edit ${NAME}` }));
      await otherRow.getByRole("button", { name: `Edit ${NAME}` }).click();
      const theirs = other.getByRole("dialog", { name: `Edit “${NAME}”` });
      await theirs.getByLabel("Description").fill(FIRST);
      await theirs.getByRole("button", { name: "Save changes" }).click();
      await expect(theirs).toBeHidden({ timeout: 30_000 });
      await expect(otherRow).toContainText(FIRST);
    } finally {
      await adminContext.close();
    }

    // SecOps saves the copy opened before: refused, with the reason, and the form keeps the input.
    await mine.getByLabel("Description").fill(SECOND);
    await mine.getByRole("button", { name: "Save changes" }).click();
    const refusal = mine.getByRole("alert").filter({ hasText: /changed this policy since you opened it/ });
    await expect(refusal).toBeVisible({ timeout: 30_000 });
    await expect(refusal).toContainText(/reload/i);
    await expect(mine).toBeVisible();
    await expect(mine.getByLabel("Description")).toHaveValue(SECOND);
    await expect(mine.getByRole("button", { name: "Save changes" })).toBeEnabled();

    // Nothing was overwritten: the administrator's version is stored, once.
    const stored = (await policies(page.request)).policies.find((p) => p.name === NAME);
    expect(stored?.description).toBe(FIRST);
    expect(stored?.version).toBe(2);
    // The table behind the form already shows the administrator's version; closing the form
    // puts the focus back on its Edit button, and a reload shows the administrator's version too.
    await expect(row).toContainText(FIRST);
    await mine.getByRole("button", { name: "Cancel" }).click();
    await expect(mine).toBeHidden();
    await expect(row.getByRole("button", { name: `Edit ${NAME}` })).toBeFocused();
    await page.reload();
    await expect(page.locator(`tr[data-policy="${NAME}"]`)).toContainText(FIRST);
    await expect(page.locator(`tr[data-policy="${NAME}"]`)).not.toContainText(SECOND);
  });
});

test.describe("the default action", () => {
  // legacy-reports → Datadog: no demo policy matches it, so the default action decides it.
  const APP = "legacy-reports";
  const PROVIDER = "datadog";

  /** Puts "allow" back whatever state a failed run left. */
  async function restoreDefault(playwright: Parameters<typeof apiAs>[0]): Promise<void> {
    const api = await apiAs(playwright, "admin");
    try {
      if ((await policies(api)).defaultAction !== "allow") expect((await api.post("/api/v1/policies/settings", { data: { defaultAction: "allow" } })).status()).toBe(200);
    } finally {
      await api.dispose();
    }
  }

  test.describe("as an administrator", () => {
    test.use({ storageState: authFile("admin") });
    test.beforeAll(async ({ playwright }) => restoreDefault(playwright));
    test.afterAll(async ({ playwright }) => restoreDefault(playwright));

    test("changing allow to alert re-decides a dependency no policy matches, and changing it back restores it", async ({ page }) => {
      test.setTimeout(120_000);
      await page.goto(`/applications/${APP}`);
      await expect(decisionBadge(page, PROVIDER)).toHaveText(/Allow$/);
      await expect(page.getByTestId(`dependency-${PROVIDER}`)).toContainText("default");

      await page.goto("/policies");
      const setting = page.getByTestId("default-action");
      await expect(setting).toContainText("When no policy matches: Allow");
      await hydrated(setting.getByLabel("Default action"));
      await setting.getByLabel("Default action").selectOption("alert");
      await setting.getByRole("button", { name: "Change default" }).click();
      const confirm = page.getByRole("dialog", { name: "Make “Alert” the default action?" });
      await expect(confirm).toContainText("re-decided at once");
      await confirm.getByRole("button", { name: "Change default action" }).click();
      await expect(confirm).toBeHidden({ timeout: 30_000 });
      await expect(setting).toContainText("When no policy matches: Alert");

      await page.goto(`/applications/${APP}`);
      await expect(decisionBadge(page, PROVIDER)).toHaveText(/Alert$/);
      await expect(page.getByTestId(`dependency-${PROVIDER}`)).toContainText("default");
      await hydrated(page.getByRole("button", { name: /^Datadog: Alert\. Show the reason/ }));
      await page.getByRole("button", { name: /^Datadog: Alert\. Show the reason/ }).click();
      const why = page.getByRole("dialog", { name: "Decision for Datadog" });
      await expect(why).toContainText("No policy matched: the default action (alert) applies");
      await page.keyboard.press("Escape");
      await expect(why).toBeHidden();

      // Back to allow, through the page.
      await page.goto("/policies");
      await hydrated(setting.getByLabel("Default action"));
      await setting.getByLabel("Default action").selectOption("allow");
      await setting.getByRole("button", { name: "Change default" }).click();
      await page.getByRole("dialog", { name: "Make “Allow” the default action?" }).getByRole("button", { name: "Change default action" }).click();
      await expect(setting).toContainText("When no policy matches: Allow", { timeout: 30_000 });
      await page.goto(`/applications/${APP}`);
      await expect(decisionBadge(page, PROVIDER)).toHaveText(/Allow$/);
    });
  });

  test.describe("as SecOps", () => {
    test.use({ storageState: authFile("secops") });

    test("sees the default action but cannot change it, and the server refuses", async ({ page }) => {
      await page.goto("/policies");
      const setting = page.getByTestId("default-action");
      await expect(setting).toContainText("When no policy matches: Allow");
      await expect(setting.getByLabel("Default action")).toHaveCount(0);
      await expect(page.getByRole("button", { name: "Change default" })).toHaveCount(0);

      const refused = await page.request.post("/api/v1/policies/settings", { data: { defaultAction: "alert" } });
      expect(refused.status()).toBe(403);
      await page.reload();
      await expect(page.getByTestId("default-action")).toContainText("When no policy matches: Allow");
      await page.goto(`/applications/${APP}`);
      await expect(decisionBadge(page, PROVIDER)).toHaveText(/Allow$/);
    });
  });
});

test.describe("revoking an exception", () => {
  // kb-search → Zendesk, quarantined for this test only.
  const APP = "kb-search";
  const PROVIDER = "zendesk";
  const PROVIDER_NAME = "Zendesk";
  const POLICY = `Quarantine ${PROVIDER} for ${APP}`;

  async function cleanUp(api: APIRequestContext): Promise<void> {
    const list = (await (await api.get(`/api/v1/policy-exceptions?app=${APP}`)).json()) as { exceptions: { id: string; provider: string | null }[] };
    for (const e of list.exceptions.filter((x) => x.provider === PROVIDER)) expect((await api.delete(`/api/v1/policy-exceptions/${e.id}`)).ok()).toBe(true);
    await deletePolicies(api, (n) => n === POLICY);
  }

  test.use({ storageState: authFile("secops") });

  test.beforeAll(async ({ playwright }) => {
    const api = await apiAs(playwright, "secops");
    await cleanUp(api);
    const created = await api.post("/api/v1/policies/quarantine", { data: { provider: PROVIDER, application: APP, justification: "e2e: a quarantined dependency for the exception revoke test" } });
    expect(created.status()).toBe(201);
    await api.dispose();
  });

  test.afterAll(async ({ playwright }) => {
    const api = await apiAs(playwright, "secops");
    await cleanUp(api);
    await api.dispose();
  });

  test("grant on the application page, revoke from the Policies page with a confirmation, by keyboard", async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto(`/applications/${APP}`);
    const row = page.getByTestId(`dependency-${PROVIDER}`);
    await expect(decisionBadge(page, PROVIDER)).toHaveText(/Quarantine$/);
    await expect(row.getByRole("link", { name: POLICY })).toBeVisible();

    await hydrated(row.getByRole("button", { name: `Grant ${APP} an exception for ${PROVIDER_NAME}` }));
    await row.getByRole("button", { name: `Grant ${APP} an exception for ${PROVIDER_NAME}` }).click();
    const grant = page.getByRole("dialog");
    const justification = "Support search must keep answering while the vendor review runs";
    await grant.getByLabel("Justification").fill(justification);
    await grant.getByRole("button", { name: "Grant exception" }).click();
    await expect(grant).toBeHidden({ timeout: 30_000 });
    await expect(decisionBadge(page, PROVIDER)).toHaveText(/Allow$/);
    await expect(row).toContainText("Exception until");

    // The exceptions list on the Policies page.
    await page.goto("/policies");
    const exception = page.locator("tr[data-exception]").filter({ hasText: justification });
    await expect(exception).toHaveCount(1);
    await expect(exception).toContainText(`${APP} → ${PROVIDER_NAME}`);
    await expect(exception.locator("[data-status]")).toHaveText("active");
    const revoke = exception.getByRole("button", { name: `Revoke the exception for ${APP} → ${PROVIDER_NAME}` });

    // The confirmation opens from the keyboard, and Escape cancels it: nothing is revoked.
    await hydrated(revoke);
    await revoke.focus();
    await page.keyboard.press("Enter");
    const confirm = page.getByRole("dialog", { name: "Revoke this exception?" });
    await expect(confirm).toBeVisible();
    await expect(confirm).toContainText(`${APP} → ${PROVIDER_NAME} is decided by the policies again at once.`);
    await page.keyboard.press("Escape");
    await expect(confirm).toBeHidden();
    await expect(revoke).toBeFocused();
    await expect(exception.locator("[data-status]")).toHaveText("active");

    // Enter again, Tab to the confirm button, Enter: revoked.
    await page.keyboard.press("Enter");
    await expect(confirm).toBeVisible();
    await tabTo(page, confirm.getByRole("button", { name: "Revoke exception" }));
    await page.keyboard.press("Enter");
    await expect(confirm).toBeHidden({ timeout: 30_000 });
    await expect(exception.locator("[data-status]")).toHaveText("revoked");
    await expect(revoke).toHaveCount(0);

    // The policy decides again: quarantined.
    await page.goto(`/applications/${APP}`);
    await expect(decisionBadge(page, PROVIDER)).toHaveText(/Quarantine$/);
    await expect(row).not.toContainText("Exception until");
    await expect(row.getByRole("link", { name: POLICY })).toBeVisible();
  });
});
