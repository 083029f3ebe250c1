// Connectivity decisions as SecOps works them: an application's dependencies
// show what the policies decide, a dependency is quarantined from its row (the
// badge and the history follow), the Overview counts it and links to the list,
// an exception lets it through again, and a developer sees no decision actions.
// The created policy and exception are removed through the API at the end so
// the specs that follow see the demo as seeded.
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { authFile } from "./helpers";

const APP = "secrets-broker";
const PROVIDER = "pagerduty";
const POLICY_NAME = `Quarantine ${PROVIDER} for ${APP}`;
const DECISIONS = /^(Allow|Alert|Require approval|Quarantine)$/;

/** Deletes what the test created (the quarantine policy, the exception), whatever state it stopped in. */
async function cleanUp(request: APIRequestContext): Promise<void> {
  const exceptions = (await (await request.get(`/api/v1/policy-exceptions?app=${APP}`)).json()) as { exceptions: { id: string; provider: string | null }[] };
  for (const e of exceptions.exceptions.filter((x) => x.provider === PROVIDER)) expect((await request.delete(`/api/v1/policy-exceptions/${e.id}`)).ok()).toBe(true);
  const policies = (await (await request.get("/api/v1/policies")).json()) as { policies: { id: string; name: string }[] };
  for (const p of policies.policies.filter((x) => x.name === POLICY_NAME)) expect((await request.delete(`/api/v1/policies/${p.id}`)).ok()).toBe(true);
}

async function asSecops<T>(browser: Browser, body: (request: APIRequestContext) => Promise<T>): Promise<T> {
  const context = await browser.newContext({ storageState: authFile("secops") });
  try {
    return await body(context.request);
  } finally {
    await context.close();
  }
}

test.describe("as SecOps", () => {
  test.use({ storageState: authFile("secops") });

  test.beforeAll(async ({ browser }) => asSecops(browser, cleanUp));
  test.afterAll(async ({ browser }) => asSecops(browser, cleanUp));

  test("quarantine a dependency from the application page, see it counted on the Overview, then grant an exception", async ({ page }) => {
    await page.goto(`/applications/${APP}`);
    await expect(page.getByTestId("decision-summary")).toContainText("Connectivity decisions:");
    const row = page.getByTestId(`dependency-${PROVIDER}`);
    const badge = row.locator("[data-slot=decision-badge]");
    await expect(badge).toHaveText(/(Allow|Alert|Require approval|Quarantine)$/);
    const before = ((await badge.textContent()) ?? "").replace("Decision: ", "");
    expect(before).toMatch(DECISIONS);
    expect(before).not.toBe("Quarantine");

    // A justification that is too short is refused in the dialog, which keeps what was typed.
    await row.getByRole("button", { name: `Quarantine PagerDuty for ${APP}` }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel("Justification").fill("too short");
    await dialog.getByRole("button", { name: "Quarantine", exact: true }).click();
    await expect(dialog.getByText("give a justification of at least 10 characters")).toBeVisible();
    await expect(dialog.getByLabel("Justification")).toHaveValue("too short");
    await dialog.getByLabel("Justification").fill("Lapsed certificate on the paging API; incident INC-4821 under review");
    await dialog.getByRole("button", { name: "Quarantine", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(row.getByRole("status")).toContainText(/^Quarantined; \d+ decisions? changed\.$/);
    await expect(badge).toHaveText(/Quarantine$/);
    await expect(row.getByRole("link", { name: POLICY_NAME })).toHaveAttribute("href", "/policies");
    await expect(page.getByTestId("decision-summary")).toContainText(/\d+ quarantined/);
    // Quarantined already: the row offers an exception instead.
    await expect(row.getByRole("button", { name: /^Quarantine / })).toHaveCount(0);

    // The history shows the change with its cause.
    await row.getByRole("button", { name: /PagerDuty: Quarantine\. Show the reason/ }).click();
    await expect(dialog.getByRole("heading", { name: "Decision history" })).toBeVisible();
    const latest = dialog.getByTestId("decision-change").first();
    await expect(latest.locator("[data-slot=decision-badge]")).toHaveText([new RegExp(`${before}$`), /Quarantine$/]);
    await expect(latest).toContainText(POLICY_NAME);
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();

    // The Overview counts it, and the count opens the quarantined dependencies.
    await page.goto("/overview");
    const tile = page.getByRole("link", { name: /^Quarantined: \d+ dependenc/ });
    await expect(tile).toBeVisible();
    const value = Number(await tile.locator(".text-2xl").textContent());
    expect(value).toBeGreaterThanOrEqual(1);
    await tile.click();
    await expect(page).toHaveURL(/\/dependencies\?decision=quarantine/);
    await expect(page.getByRole("combobox", { name: "Filter by decision" })).toHaveValue("quarantine");
    const listed = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Secrets Broker" }) }).filter({ has: page.getByRole("link", { name: "PagerDuty" }) });
    await expect(listed).toHaveCount(1);
    await expect(listed.locator("[data-slot=decision-badge]")).toHaveText(/Quarantine$/);

    // An exception lets the application keep calling it until it expires.
    await page.goto(`/applications/${APP}`);
    await row.getByRole("button", { name: `Grant ${APP} an exception for PagerDuty` }).click();
    await expect(dialog.getByLabel("Owner")).toHaveValue("secops@demo.sibyl.test");
    const expiry = await dialog.getByLabel("Expires on").inputValue();
    expect(expiry).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await dialog.getByLabel("Justification").fill("Paging must keep working while the vendor renews its certificate");
    await dialog.getByRole("button", { name: "Grant exception" }).click();
    await expect(dialog).toBeHidden();
    await expect(badge).toHaveText(/Allow$/);
    await expect(row).toContainText(`Exception until ${expiry}`);
  });

  test("the provider page offers to quarantine the provider everywhere", async ({ page }) => {
    await page.goto(`/providers/${PROVIDER}`);
    await page.getByRole("button", { name: "Quarantine PagerDuty for every application" }).click();
    const dialog = page.getByRole("dialog");
    await expect(dialog.getByRole("heading", { name: "Quarantine PagerDuty for every application" })).toBeVisible();
    // Not submitted: the quarantine for one application above is the end-to-end path.
    await dialog.getByLabel("Justification").fill("short");
    await dialog.getByRole("button", { name: "Quarantine", exact: true }).click();
    await expect(dialog.getByText("give a justification of at least 10 characters")).toBeVisible();
    await page.keyboard.press("Escape");
  });
});

test.describe("as a developer", () => {
  test.use({ storageState: authFile("developer") });

  test("decisions are visible but there is no Quarantine or exception action", async ({ page }) => {
    await page.goto(`/applications/${APP}`);
    const row = page.getByTestId(`dependency-${PROVIDER}`);
    await expect(row.locator("[data-slot=decision-badge]")).toHaveText(/(Allow|Alert|Require approval|Quarantine)$/);
    await expect(page.getByRole("button", { name: /^Quarantine / })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /an exception for/ })).toHaveCount(0);
    await page.goto(`/providers/${PROVIDER}`);
    await expect(page.getByRole("heading", { name: "PagerDuty", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: /^Quarantine / })).toHaveCount(0);
  });
});
