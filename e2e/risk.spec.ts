// Contextual risk as a CISO reads it: the Overview's 5 × 5 heat map whose cells
// open their dependencies, bands on the riskiest dependencies, an application's
// own heat map, and a SecOps analyst narrowing the data one dependency carries.
import { expect, test, type Page } from "@playwright/test";
import { authFile } from "./helpers";

const BANDS = ["Critical", "High", "Medium", "Low"];

async function heatCells(page: Page) {
  return page.getByTestId("risk-heat-map").getByRole("link");
}

test.describe("as the CISO", () => {
  test.use({ storageState: authFile("ciso") });

  test("the Overview's heat map is populated and each cell opens its dependencies", async ({ page }) => {
    await page.goto("/overview");
    const cells = await heatCells(page);
    expect(await cells.count()).toBeGreaterThan(3);
    // The riskiest dependencies show a spread of bands, with at least one high or critical.
    const riskiest = page.locator("#riskiest");
    const bands = await riskiest.locator("[data-risk-band]").evaluateAll((els) => els.map((e) => e.getAttribute("data-risk-band")));
    expect(bands.length).toBe(10);
    expect(bands.some((b) => b === "critical" || b === "high")).toBe(true);
    // Open the first (riskiest) cell: the list shows exactly its count, all in that cell.
    const first = cells.first();
    const label = (await first.getAttribute("aria-label")) ?? "";
    const [, count, l, i] = /^(\d+) dependenc(?:y|ies) at likelihood (\d), impact (\d)/.exec(label) ?? [];
    expect(Number(count)).toBeGreaterThan(0);
    await first.click();
    await expect(page).toHaveURL(new RegExp(`/dependencies\\?likelihood=${l}&impact=${i}`));
    await expect(page.getByRole("heading", { name: "Dependencies", level: 1 })).toBeVisible();
    const rows = page.locator("tbody tr");
    await expect(rows).toHaveCount(Number(count));
    for (const text of await rows.allTextContents()) expect(text).toContain(`L${l}×I${i}`);
  });

  test("the Dependencies page filters by band and sorts riskiest first", async ({ page }) => {
    await page.goto("/dependencies");
    const meters = page.locator("tbody [data-risk-band]");
    await expect(meters.first()).toBeVisible();
    const risks = await page.locator("tbody tr").evaluateAll((rows) => rows.map((r) => Number(r.querySelector("[data-risk-band] .tabular-nums")?.textContent ?? "0")));
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    await page.getByRole("combobox", { name: "Filter by band" }).selectOption("critical");
    await expect(page).toHaveURL(/band=critical/);
    await expect.poll(async () => new Set(await meters.evaluateAll((els) => els.map((e) => e.getAttribute("data-risk-band"))))).toEqual(new Set(["critical"]));
  });

  test("Providers open on the riskiest provider in use", async ({ page }) => {
    await page.goto("/providers");
    const risk = page.locator("tbody tr").first().locator("[data-risk-band]");
    await expect(risk).toBeVisible();
    expect(BANDS.map((b) => b.toLowerCase())).toContain(await risk.getAttribute("data-risk-band"));
  });
});

test.describe("as a SecOps analyst", () => {
  test.use({ storageState: authFile("secops") });

  test("an application's heat map filters its dependencies; narrowing declared data lowers a dependency's impact and is audited", async ({ page }) => {
    await page.goto("/applications/billing-service");
    const map = page.getByTestId("risk-heat-map");
    await expect(map).toBeVisible();
    const rows = page.getByTestId("dependency-risk-row");
    const total = await rows.count();
    expect(total).toBeGreaterThan(0);
    await map.getByRole("link").first().click();
    await expect(page).toHaveURL(/likelihood=\d&impact=\d#risk$/);
    await expect(page.getByRole("status").filter({ hasText: /^Showing the \d+/ })).toBeVisible();
    expect(await rows.count()).toBeLessThanOrEqual(total);
    await page.getByRole("link", { name: "Show all" }).click();
    await expect(rows).toHaveCount(total);

    // The application declares payment data: it counts for every provider unless narrowed.
    const row = rows.filter({ hasText: "Declared:" }).first();
    const provider = (await row.getByRole("link").first().textContent()) ?? "";
    const before = Number(/I(\d)/.exec((await row.locator("[data-risk-band]").textContent()) ?? "")?.[1]);
    await row.getByRole("button", { name: `Narrow the data sent to ${provider}` }).click();
    const dialog = page.getByRole("dialog");
    for (const box of await dialog.getByRole("checkbox").all()) await box.uncheck();
    await dialog.getByRole("checkbox", { name: /Internal/ }).check();
    await dialog.getByLabel("Justification").fill("Only settlement metadata goes to this provider, per the integration review");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    const narrowed = rows.filter({ has: page.getByRole("link", { name: provider, exact: true }) });
    await expect(narrowed).toContainText("Narrowed to:");
    await expect(narrowed.getByText(/as narrowed by an analyst/)).toBeVisible();
    const after = Number(/I(\d)/.exec((await narrowed.locator("[data-risk-band]").textContent()) ?? "")?.[1]);
    expect(after).toBeLessThanOrEqual(before);

    // Put it back, so the demo reads as before for the specs that follow.
    await narrowed.getByRole("button", { name: `Narrow the data sent to ${provider}` }).click();
    await dialog.getByRole("checkbox", { name: /Remove the narrowing/ }).check();
    await dialog.getByLabel("Justification").fill("Restored after the review: card data flows for refunds");
    await dialog.getByRole("button", { name: "Save" }).click();
    await expect(dialog).toBeHidden();
    await expect(narrowed).not.toContainText("Narrowed to:");
  });
});
