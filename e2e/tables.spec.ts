// The list pages: search, filters, sorting, paging and CSV export, with their
// state in the URL so a view can be shared. Read-only, as the CISO.
//
// Other spec files share the database and may add applications, so totals are
// read from the JSON API; the demo organisation itself must have 40.
import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { authFile } from "./helpers";

test.use({ storageState: authFile("ciso") });

const APPLICATIONS_CSV_HEADER = "Slug,Name,Team,Criticality tier,Data classes,Environment,Lifecycle,Providers";
const DEMO_APPLICATIONS = 40;

function dataRows(page: Page) {
  return page.locator("tbody tr[data-row]");
}

/** The number in the "N rows" counter, once the list has loaded. */
async function reportedRows(page: Page): Promise<number> {
  const counter = page.getByTestId("row-count");
  await expect(counter).toHaveText(/^[\d,]+ rows?$/);
  return Number(((await counter.textContent()) ?? "").replace(/\D/g, ""));
}

/** The cells of the column whose header starts with `name` (found by position, so added columns do not matter). */
async function columnCells(page: Page, name: string) {
  const headers = await page.locator("thead th").allTextContents();
  const index = headers.findIndex((h) => h.trim().startsWith(name));
  expect(index, `column ${name} in ${headers.join(" | ")}`).toBeGreaterThanOrEqual(0);
  return dataRows(page).locator(`td:nth-child(${index + 1})`);
}

function rowsLabel(n: number): string {
  return `${n} ${n === 1 ? "row" : "rows"}`;
}

/** What the JSON API answers for a list query. */
async function apiList(request: APIRequestContext, path: string): Promise<{ total: number; rows: { name: string; isDemo?: boolean }[] }> {
  const response = await request.get(path);
  expect(response.status(), path).toBe(200);
  return response.json();
}

async function applicationsTotal(request: APIRequestContext): Promise<number> {
  const all = await apiList(request, "/api/v1/applications?pageSize=100");
  expect(all.rows.filter((r) => r.isDemo), "demo applications").toHaveLength(DEMO_APPLICATIONS);
  return all.total;
}

async function expectDemoBanner(page: Page) {
  await expect(page.getByRole("note").filter({ hasText: "Demo data" })).toBeVisible();
}

test.describe("applications", () => {
  test("40 demo rows, 25 to a page, and the next page", async ({ page, request }) => {
    const total = await applicationsTotal(request);
    expect(Math.ceil(total / 25)).toBe(2);

    await page.goto("/applications");
    await expectDemoBanner(page);
    await expect(page.getByTestId("row-count")).toHaveText(rowsLabel(total));
    await expect(page.getByText("Page 1 of 2")).toBeVisible();
    await expect(dataRows(page)).toHaveCount(25);
    await expect(page.getByRole("button", { name: "Previous page" })).toBeDisabled();

    await page.getByRole("button", { name: "Next page" }).click();
    await expect(page).toHaveURL(/[?&]page=2(&|$)/);
    await expect(page.getByText("Page 2 of 2")).toBeVisible();
    await expect(page.getByText(`Showing 26–${total} of ${total}`)).toBeVisible();
    await expect(dataRows(page)).toHaveCount(total - 25);
    await expect(page.getByRole("button", { name: "Next page" })).toBeDisabled();
  });

  test("searching filters the table and is kept in the URL", async ({ page, request }) => {
    const total = await applicationsTotal(request);
    const matches = await apiList(request, "/api/v1/applications?pageSize=100&q=checkout");
    expect(matches.rows.map((r) => r.name)).toContain("Checkout API");
    expect(matches.total).toBeLessThan(total);

    await page.goto("/applications");
    await expect(page.getByTestId("row-count")).toHaveText(rowsLabel(total));
    await page.getByRole("searchbox", { name: "Search applications" }).fill("checkout");
    await expect(page).toHaveURL(/[?&]q=checkout(&|$)/);
    await expect(page.getByTestId("row-count")).toHaveText(rowsLabel(matches.total));
    await expect(dataRows(page)).toHaveCount(matches.total);
    await expect(dataRows(page).getByRole("link", { name: "Checkout API" })).toBeVisible();
    await expect(page.getByRole("link", { name: "CSV" })).toHaveAttribute("href", /[?&]q=checkout(&|$)/);

    // The URL alone restores the view.
    await page.reload();
    await expect(page.getByRole("searchbox", { name: "Search applications" })).toHaveValue("checkout");
    await expect(dataRows(page)).toHaveCount(matches.total);
  });

  test("a criticality filter in the URL shows only that tier", async ({ page, request }) => {
    const tierOne = await apiList(request, "/api/v1/applications?pageSize=100&criticality=1");
    await page.goto("/applications?criticality=1");
    await expect(page.getByRole("combobox", { name: "Filter by criticality" })).toHaveValue("1");
    const total = await reportedRows(page);
    expect(total).toBe(tierOne.total);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThan(DEMO_APPLICATIONS);
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
    const providerCells = await columnCells(page, "Providers");
    const providerCounts = () => providerCells.allTextContents();
    await expect
      .poll(async () => {
        const counts = (await providerCounts()).map(Number);
        return counts.length === 25 && counts.every((n, i) => i === 0 || counts[i - 1] <= n);
      })
      .toBe(true);

    await header.getByRole("button").click();
    await expect(page).toHaveURL(/[?&]dir=desc(&|$)/);
    await expect(header).toHaveAttribute("aria-sort", "descending");
    await expect
      .poll(async () => {
        const counts = (await providerCounts()).map(Number);
        return counts.length === 25 && counts.every((n, i) => i === 0 || counts[i - 1] >= n);
      })
      .toBe(true);
  });

  test("the CSV link downloads every row", async ({ page, request }) => {
    const total = await applicationsTotal(request);
    await page.goto("/applications");
    await expect(page.getByTestId("row-count")).toHaveText(rowsLabel(total));
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "CSV" }).click()]);
    expect(download.suggestedFilename()).toBe("applications.csv");
    const csv = await readFile(await download.path(), "utf8");
    const lines = csv.split(/\r?\n/).filter((line) => line !== "");
    expect(lines[0]).toBe(APPLICATIONS_CSV_HEADER);
    // The header and one line per application: 41 for the demo organisation alone.
    expect(lines).toHaveLength(total + 1);
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
  test("opens on the providers in use; the whole catalog is one choice away", async ({ page }) => {
    await page.goto("/providers");
    await expectDemoBanner(page);
    const used = await reportedRows(page);
    expect(used).toBeGreaterThan(0);
    // Every provider listed has at least one dependent application.
    const dependents = await columnCells(page, "Dependent apps");
    await expect.poll(async () => (await dependents.allTextContents()).every((n) => Number(n) > 0)).toBe(true);
    await page.getByRole("combobox", { name: "Filter by use" }).selectOption("all");
    await expect(page).toHaveURL(/[?&]used=all(&|$)/);
    await expect.poll(() => reportedRows(page)).toBeGreaterThan(used);
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
