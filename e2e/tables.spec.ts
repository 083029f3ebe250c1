// The list pages: search, filters, sorting, paging and CSV export, with their
// state in the URL so a view can be shared. Read-only, as the CISO.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { authFile } from "./helpers";

test.use({ storageState: authFile("ciso") });

const APPLICATIONS_CSV_HEADER = "Slug,Name,Team,Criticality tier,Data classes,Environment,Lifecycle,Providers";

function dataRows(page: Page) {
  return page.locator("tbody tr[data-row]");
}

/** The number in the "N rows" counter, once the list has loaded. */
async function reportedRows(page: Page): Promise<number> {
  const counter = page.getByTestId("row-count");
  await expect(counter).toHaveText(/^[\d,]+ rows?$/);
  return Number(((await counter.textContent()) ?? "").replace(/\D/g, ""));
}

async function expectDemoBanner(page: Page) {
  await expect(page.getByRole("note").filter({ hasText: "Demo data" })).toBeVisible();
}

test.describe("applications", () => {
  test("40 rows, 25 to a page, and the next page", async ({ page }) => {
    await page.goto("/applications");
    await expectDemoBanner(page);
    await expect(page.getByTestId("row-count")).toHaveText("40 rows");
    await expect(page.getByText("Page 1 of 2")).toBeVisible();
    await expect(dataRows(page)).toHaveCount(25);
    await expect(page.getByRole("button", { name: "Previous page" })).toBeDisabled();

    await page.getByRole("button", { name: "Next page" }).click();
    await expect(page).toHaveURL(/[?&]page=2(&|$)/);
    await expect(page.getByText("Page 2 of 2")).toBeVisible();
    await expect(page.getByText("Showing 26–40 of 40")).toBeVisible();
    await expect(dataRows(page)).toHaveCount(15);
    await expect(page.getByRole("button", { name: "Next page" })).toBeDisabled();
  });

  test("searching filters the table and is kept in the URL", async ({ page }) => {
    await page.goto("/applications");
    await expect(page.getByTestId("row-count")).toHaveText("40 rows");
    await page.getByRole("searchbox", { name: "Search applications" }).fill("checkout");
    await expect(page).toHaveURL(/[?&]q=checkout(&|$)/);
    await expect(page.getByTestId("row-count")).toHaveText("1 row");
    await expect(dataRows(page)).toHaveCount(1);
    await expect(dataRows(page).getByRole("link", { name: "Checkout API" })).toBeVisible();
    await expect(page.getByRole("link", { name: "CSV" })).toHaveAttribute("href", /[?&]q=checkout(&|$)/);

    // The URL alone restores the view.
    await page.reload();
    await expect(page.getByRole("searchbox", { name: "Search applications" })).toHaveValue("checkout");
    await expect(dataRows(page)).toHaveCount(1);
  });

  test("a criticality filter in the URL shows only that tier", async ({ page }) => {
    await page.goto("/applications?criticality=1");
    await expect(page.getByRole("combobox", { name: "Filter by criticality" })).toHaveValue("1");
    const total = await reportedRows(page);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(40);
    await expect(dataRows(page)).toHaveCount(Math.min(total, 25));
    const tiers = await dataRows(page).locator("[data-slot=criticality-badge]").evaluateAll((els) => els.map((e) => e.getAttribute("data-tier")));
    expect(new Set(tiers)).toEqual(new Set(["1"]));
  });

  test("clicking a column header sorts by it", async ({ page }) => {
    await page.goto("/applications");
    await expect(dataRows(page)).toHaveCount(25);
    const header = page.getByRole("columnheader", { name: /^Providers/ });
    await header.getByRole("button").click();
    await expect(page).toHaveURL(/[?&]sort=providers(&|$)/);
    await expect(header).toHaveAttribute("aria-sort", "ascending");
    const providerCounts = () => dataRows(page).locator("td:nth-child(5)").allTextContents();
    await expect.poll(async () => {
      const counts = (await providerCounts()).map(Number);
      return counts.length === 25 && counts.every((n, i) => i === 0 || counts[i - 1] <= n);
    }).toBe(true);

    await header.getByRole("button").click();
    await expect(page).toHaveURL(/[?&]dir=desc(&|$)/);
    await expect(header).toHaveAttribute("aria-sort", "descending");
    await expect.poll(async () => {
      const counts = (await providerCounts()).map(Number);
      return counts.length === 25 && counts.every((n, i) => i === 0 || counts[i - 1] >= n);
    }).toBe(true);
  });

  test("the CSV link downloads every row", async ({ page }) => {
    await page.goto("/applications");
    await expect(page.getByTestId("row-count")).toHaveText("40 rows");
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV" }).click()]);
    expect(download.suggestedFilename()).toBe("applications.csv");
    const csv = await readFile(await download.path(), "utf8");
    const lines = csv.split(/\r?\n/).filter((line) => line !== "");
    expect(lines[0]).toBe(APPLICATIONS_CSV_HEADER);
    expect(lines).toHaveLength(41);
    expect(lines.some((line) => line.startsWith("checkout-api,Checkout API,"))).toBe(true);
  });

  test("an application's page opens from the list", async ({ page }) => {
    await page.goto("/applications?q=checkout");
    await dataRows(page).getByRole("link", { name: "Checkout API" }).click();
    await expect(page).toHaveURL(/\/applications\/checkout-api$/);
    await expect(page.getByRole("heading", { name: "Checkout API", level: 1 })).toBeVisible();
    await expectDemoBanner(page);
  });
});

test.describe("providers", () => {
  test("filtering to providers in use reduces the list", async ({ page }) => {
    await page.goto("/providers");
    await expectDemoBanner(page);
    const all = await reportedRows(page);
    await page.getByRole("combobox", { name: "Filter by use" }).selectOption("used");
    await expect(page).toHaveURL(/[?&]used=used(&|$)/);
    await expect.poll(() => reportedRows(page)).toBeLessThan(all);
    const used = await reportedRows(page);
    expect(used).toBeGreaterThan(0);
    // Every provider left has at least one dependent application.
    await expect.poll(async () => (await dataRows(page).locator("td:nth-child(4)").allTextContents()).every((n) => Number(n) > 0)).toBe(true);
  });

  test("a provider's page lists the applications that depend on it", async ({ page }) => {
    await page.goto("/providers/stripe");
    await expectDemoBanner(page);
    await expect(page.getByRole("heading", { name: "Stripe", level: 1 })).toBeVisible();
    const heading = page.getByRole("heading", { name: /^Dependent applications \(\d+\)$/ });
    await expect(heading).toBeVisible();
    const count = Number(/\((\d+)\)/.exec((await heading.textContent()) ?? "")?.[1]);
    expect(count).toBeGreaterThan(0);
    const section = page.getByRole("region", { name: /^Dependent applications/ });
    await expect(section.locator("tbody tr")).toHaveCount(count);
    await expect(section.locator("tbody tr").first().getByRole("link")).toHaveAttribute("href", /^\/applications\/[a-z0-9-]+$/);
  });
});

test("the overview shows the demo banner", async ({ page }) => {
  await page.goto("/overview");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectDemoBanner(page);
});
