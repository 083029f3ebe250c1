// The SecOps queue end to end: filter to one application's shadow endpoints,
// accept the risk of one until a date, watch it leave the active view, move the
// triage clock past the expiry (test-only route) and see it open again. Then the
// auditor: the finding and its history, no actions, and a PATCH refused (403).
import { expect, test, type Page } from "@playwright/test";
import { authFile } from "./helpers";

test.describe.configure({ mode: "serial" });

const APP = "consent-manager";
const DAY = 86_400_000;
let findingPath = "";
let findingTitle = "";

function rows(page: Page) {
  return page.locator("tbody tr[data-row]");
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

test.describe("as a SecOps analyst", () => {
  test.use({ storageState: authFile("secops") });

  test("filters the queue to one application's shadow endpoints and accepts the risk of one until a date", async ({ page }) => {
    await page.goto("/findings");
    await expect(page.getByRole("heading", { name: "Findings", level: 1 })).toBeVisible();
    await page.getByLabel("Filter by kind").selectOption("shadow_endpoint");
    await page.getByLabel("Filter by application").selectOption(APP);
    await expect(page).toHaveURL(/kind=shadow_endpoint/);
    await expect(page).toHaveURL(new RegExp(`app=${APP}`));
    // Once the filtered page has loaded, every row is a shadow endpoint of this application.
    await expect(rows(page).filter({ hasNotText: "Shadow endpoint" })).toHaveCount(0);
    // …and of this application (the kind filter alone already gives shadow endpoints of every application).
    await expect(rows(page).filter({ hasNotText: "Consent Manager" })).toHaveCount(0);
    await expect(rows(page).first()).toBeVisible();

    // Open the first one.
    const link = rows(page).first().getByRole("link").first();
    findingTitle = (await link.textContent())?.trim() ?? "";
    expect(findingTitle).toMatch(/^Shadow endpoint /);
    await link.click();
    await page.waitForURL(/\/findings\/[0-9a-f-]{36}$/);
    findingPath = new URL(page.url()).pathname;
    await expect(page.getByRole("heading", { name: findingTitle, level: 1 })).toBeVisible();

    // Accept the risk until three days from now.
    const expires = isoDay(Date.now() + 3 * DAY);
    await page.getByLabel("Target state").selectOption("risk_accepted");
    await page.getByLabel("Risk owner").fill("Chris CISO");
    await page.getByLabel("Decision").fill("Consent service is retired next sprint; endpoint kept for one partner");
    await page.getByLabel("Compensating controls").fill("Gateway rate limit and alerting");
    await page.getByLabel("Expires on").fill(expires);
    await page.getByRole("button", { name: "Apply state change" }).click();
    await expect(page.locator('[data-slot="finding-state-badge"][data-state="risk_accepted"]').first()).toBeVisible();
    const history = page.getByRole("heading", { name: "History", level: 2 }).locator("xpath=ancestor::*[@data-slot='card'][1]");
    await expect(history).toContainText("Chris CISO");

    // The active view no longer lists it.
    await page.goto(`/findings?kind=shadow_endpoint&app=${APP}`);
    await expect(page.getByTestId("row-count")).not.toHaveText("Loading…");
    await expect(page.getByRole("link", { name: findingTitle, exact: true })).toHaveCount(0);
    // It is under "Risk accepted".
    await page.goto(`/findings?kind=shadow_endpoint&app=${APP}&state=risk_accepted`);
    await expect(page.getByRole("link", { name: findingTitle, exact: true })).toBeVisible();
  });

  test("the finding opens again once the clock passes the acceptance's expiry", async ({ page }) => {
    expect(findingPath, "the previous test opened a finding").not.toBe("");
    // Before the expiry nothing changes.
    const early = await page.request.post("/api/v1/test/triage-clock", { data: { now: new Date(Date.now() + 1 * DAY).toISOString() } });
    expect(early.status()).toBe(200);
    await page.goto(findingPath);
    await expect(page.locator('[data-slot="finding-state-badge"][data-state="risk_accepted"]').first()).toBeVisible();

    const late = await page.request.post("/api/v1/test/triage-clock", { data: { now: new Date(Date.now() + 4 * DAY).toISOString() } });
    expect(late.status()).toBe(200);
    expect((await late.json()).reopened).toBeGreaterThanOrEqual(1);
    await page.reload();
    await expect(page.locator('[data-slot="finding-state-badge"][data-state="open"]').first()).toBeVisible();
    await expect(page.getByText(/risk acceptance expired/).first()).toBeVisible();

    await page.goto(`/findings?kind=shadow_endpoint&app=${APP}`);
    await expect(page.getByRole("link", { name: findingTitle, exact: true })).toBeVisible();
  });
});

test.describe("as an auditor", () => {
  test.use({ storageState: authFile("auditor") });

  test("sees the finding and its history but no actions, and a direct PATCH is refused", async ({ page }) => {
    expect(findingPath).not.toBe("");
    await page.goto(findingPath);
    await expect(page.getByRole("heading", { name: findingTitle, level: 1 })).toBeVisible();
    await expect(page.getByRole("heading", { name: "History", level: 2 })).toBeVisible();
    await expect(page.getByText(/risk acceptance expired/).first()).toBeVisible();
    await expect(page.getByRole("heading", { name: "Actions", level: 2 })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Apply state change" })).toHaveCount(0);
    await expect(page.getByLabel("Target state")).toHaveCount(0);

    const id = findingPath.split("/").pop();
    const patch = await page.request.patch(`/api/v1/findings/${id}`, { data: { state: { to: "in_triage" } } });
    expect(patch.status()).toBe(403);
    expect(await patch.json()).toMatchObject({ error: "forbidden", required: "findings.triage" });
    const bulk = await page.request.post("/api/v1/findings/bulk", { data: { ids: [id], action: { type: "state", change: { to: "resolved" } } } });
    expect(bulk.status()).toBe(403);
    // Reading is allowed, and the state did not change.
    const read = await page.request.get(`/api/v1/findings/${id}`);
    expect(read.status()).toBe(200);
    expect(await read.json()).toMatchObject({ status: "open", allowed: { triage: false, transitions: [] } });
    // The decision log for the period holds the analyst's acceptance and the clock's reopening.
    const log = await page.request.get(`/api/v1/findings/decisions?from=${isoDay(Date.now() - DAY)}&to=${isoDay(Date.now() + 5 * DAY)}&format=json`);
    expect(log.status()).toBe(200);
    const decisions = (await log.json()).decisions as { findingId: string; from: string; to: string; by: string }[];
    const mine = decisions.filter((d) => d.findingId === id);
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: "open", to: "risk_accepted", by: "secops@demo.sibyl.test" }),
        expect.objectContaining({ from: "risk_accepted", to: "open", by: "system" }),
      ]),
    );
    // The same log as CSV from the queue's "Decision log" form.
    await page.goto("/findings");
    await page.getByText("Decision log", { exact: true }).click();
    await page.getByLabel("To").fill(isoDay(Date.now() + 5 * DAY));
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download decision log" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^decision-log-.*\.csv$/);

    // The auditor's queue has no selection checkboxes or bulk actions.
    await page.goto(`/findings?kind=shadow_endpoint&app=${APP}`);
    await expect(rows(page).first()).toBeVisible();
    await expect(page.getByRole("checkbox")).toHaveCount(0);
  });
});
