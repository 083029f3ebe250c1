// Ingest through the UI: a SecOps analyst uploads an OpenAPI spec and a HAR for a
// new application, reads each run's summary, and finds the documented and the
// shadow endpoint in the inventory. Other roles see only what they may do.
import { readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { authFile, expectForbidden, unique } from "./helpers";

const FIXTURES = path.join(__dirname, "fixtures");
const SPEC = { name: "shop-openapi.yaml", mimeType: "application/yaml", buffer: readFileSync(path.join(FIXTURES, "shop-openapi.yaml")) };

/** The HAR fixture with its entries moved to the last minutes, so "seen recently" holds whenever the test runs. */
function recentHar(): { name: string; mimeType: string; buffer: Buffer } {
  const har = JSON.parse(readFileSync(path.join(FIXTURES, "shop-traffic.har"), "utf8")) as { log: { entries: { startedDateTime: string }[] } };
  const count = har.log.entries.length;
  har.log.entries.forEach((entry, i) => {
    entry.startedDateTime = new Date(Date.now() - (count - i) * 60_000).toISOString();
  });
  return { name: "shop-traffic.har", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(har)) };
}

async function tableLoaded(page: Page) {
  await expect(page.getByTestId("row-count")).toHaveText(/^[\d,]+ rows?$/);
}

function endpointRow(page: Page, path: string) {
  return page.getByRole("row").filter({ has: page.getByText(path, { exact: true }) });
}

async function expectNoSeriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(blocking.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test.describe("as secops", () => {
  test.use({ storageState: authFile("secops") });

  test("uploads a spec and a HAR for a new application and finds documented and shadow endpoints", async ({ page }) => {
    const slug = unique("e2e-shop");
    await page.goto("/ingest");
    await expect(page.getByRole("heading", { name: "Ingest", level: 1 })).toBeVisible();

    await page.getByLabel("Application slug").fill(slug);
    await expect(page.getByText(`No application has the slug ${slug} yet: the first upload creates it.`)).toBeVisible();
    await page.getByLabel("Files to ingest").setInputFiles([SPEC, recentHar()]);

    // The kind is guessed from the name and content.
    await expect(page.getByLabel("Kind of shop-openapi.yaml")).toHaveValue("openapi");
    await expect(page.getByLabel("Kind of shop-traffic.har")).toHaveValue("traffic");
    await expect(page.getByLabel("Traffic format of shop-traffic.har")).toHaveValue("har");
    await expect(page.getByTestId("cli-commands")).toContainText(`npm run sibyl -- ingest traffic shop-traffic.har --app ${slug} --format har`);
    await expectNoSeriousViolations(page);

    await page.getByRole("button", { name: "Upload 2 files" }).click();
    const summaries = page.getByTestId("run-summary");
    await expect(summaries).toHaveCount(2, { timeout: 30_000 });
    const spec = page.getByTestId("upload-item").filter({ hasText: "shop-openapi.yaml" });
    const har = page.getByTestId("upload-item").filter({ hasText: "shop-traffic.har" });
    await expect(spec.getByRole("progressbar")).toHaveAttribute("aria-valuenow", "100");
    await expect(spec.locator("[data-slot=run-status-badge]")).toHaveText("Succeeded");
    await expect(spec.getByText(`Created application ${slug} (it did not exist).`)).toBeVisible();
    await expect(har.locator("[data-slot=run-status-badge]")).toHaveText("Succeeded");
    await expect(har.getByText("New dependencies")).toBeVisible();
    await expect(har.locator("dd").last()).toHaveText("1");

    // The run has its own page.
    await har.getByRole("link", { name: "View run" }).click();
    await expect(page.getByRole("heading", { name: "shop-traffic.har", level: 1 })).toBeVisible();
    await expect(page.getByRole("link", { name: "Open its inventory" })).toHaveAttribute("href", `/inventory?app=${slug}`);

    // The runs list shows both.
    await page.goto(`/ingest/runs?app=${slug}`);
    await tableLoaded(page);
    await expect(page.getByTestId("row-count")).toHaveText("2 rows");

    await page.goto(`/inventory?app=${slug}`);
    await tableLoaded(page);
    const shadow = endpointRow(page, "/api/internal/debug");
    await expect(shadow.locator("[data-slot=endpoint-status-badge]")).toHaveText("Shadow");
    await shadow.getByText("Why shadow?").click();
    await expect(shadow.getByText(/not in any spec/)).toBeVisible();
    const documented = endpointRow(page, "/orders/{orderId}");
    await expect(documented.locator("[data-slot=endpoint-status-badge]")).toHaveText("Documented");
    await expect(page.getByRole("button", { name: /Merge selected/ })).toBeVisible();

    // Every number is a door: the shadow count filters the table.
    await page.getByRole("group", { name: "Filter by status" }).getByRole("button", { name: /^Shadow/ }).click();
    await expect(page).toHaveURL(/status=shadow/);
    await expect(page.getByTestId("row-count")).toHaveText("1 row");
    await expectNoSeriousViolations(page);
  });
});

test.describe("as developer", () => {
  test.use({ storageState: authFile("developer") });

  test("sees the inventory without merge or split actions", async ({ page }) => {
    await page.goto("/inventory");
    await tableLoaded(page);
    await expect(page.getByRole("heading", { name: "Inventory", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: /Merge selected/ })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^Split/ })).toHaveCount(0);
    await expect(page.getByRole("checkbox", { name: /^Select / })).toHaveCount(0);
  });
});

test.describe("as auditor", () => {
  test.use({ storageState: authFile("auditor") });

  test("cannot open the upload page but can read the runs", async ({ page }) => {
    await expectForbidden(page, "/ingest");
    const response = await page.goto("/ingest/runs");
    expect(response?.status()).toBe(200);
    await tableLoaded(page);
  });
});
