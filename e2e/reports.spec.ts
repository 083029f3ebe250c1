// Compliance reports from the Reports page: a CISO generates an ISO 27001
// portfolio report, watches it finish and downloads the PDF; an auditor can
// download and verify reports but has no way to generate one, and the API
// refuses the auditor's POST with 403.
import { readFile } from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { apiAs, authFile } from "./helpers";

test.describe("as the CISO", () => {
  test.use({ storageState: authFile("ciso") });

  test("generates an ISO 27001 portfolio report, waits for it and downloads a PDF", async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto("/reports");
    await expect(page.getByRole("heading", { name: "Reports", level: 1 })).toBeVisible();
    await page.getByLabel("Framework", { exact: true }).first().selectOption("iso27001");
    await page.getByLabel("Scope", { exact: true }).first().selectOption("portfolio");
    await page.getByRole("button", { name: "Generate report" }).click();
    await expect(page.getByRole("status").filter({ hasText: "is being generated" })).toBeVisible();
    // The new report is the newest row; it becomes Ready on its own (the table polls while one is running).
    const row = page.locator("tbody tr").first();
    await expect(row).toContainText("ISO 27001");
    await expect(row.locator('[data-status="ready"]')).toBeVisible({ timeout: 90_000 });
    const [download] = await Promise.all([page.waitForEvent("download"), row.getByRole("link", { name: /Download PDF of/ }).click()]);
    const file = await download.path();
    expect(file).toBeTruthy();
    const bytes = await readFile(file as string);
    expect(bytes.subarray(0, 4).toString("latin1")).toBe("%PDF");
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  });
});

test.describe("as the auditor", () => {
  test.use({ storageState: authFile("auditor") });

  test("downloads and verifies a report but cannot generate one", async ({ page, playwright }, testInfo) => {
    test.setTimeout(90_000);
    await page.goto("/reports");
    await expect(page.getByRole("heading", { name: "Reports", level: 1 })).toBeVisible();
    await expect(page.getByRole("button", { name: "Generate report" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Add schedule" })).toHaveCount(0);
    // The demo's reports are listed; download the newest ready one.
    const ready = page.locator("tbody tr").filter({ has: page.locator('[data-status="ready"]') }).first();
    const [download] = await Promise.all([page.waitForEvent("download"), ready.getByRole("link", { name: /Download PDF of/ }).click()]);
    const file = testInfo.outputPath("report.pdf");
    await download.saveAs(file);
    // Verify the copy: genuine and unchanged.
    await page.getByLabel("Report PDF").setInputFiles(file);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.locator('[data-outcome="genuine"]')).toContainText("Genuine and unchanged");
    // A modified copy is refused.
    const bytes = await readFile(file);
    const tampered = Buffer.from(bytes);
    tampered[Math.floor(tampered.length / 2)] ^= 0x20;
    await page.getByLabel("Report PDF").setInputFiles({ name: "tampered.pdf", mimeType: "application/pdf", buffer: tampered });
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.locator('[data-outcome="modified"]')).toContainText("Modified");
    // The API refuses the auditor's request to generate.
    const api = await apiAs(playwright, "auditor");
    const res = await api.post("/api/v1/reports", { data: { framework: "iso27001", scope: "portfolio" } });
    expect(res.status()).toBe(403);
    await api.dispose();
  });
});

test.describe("as a developer", () => {
  test.use({ storageState: authFile("developer") });

  test("has no Reports page and no report API", async ({ page, playwright }) => {
    const response = await page.goto("/reports");
    expect(response?.status()).toBe(403);
    const api = await apiAs(playwright, "developer");
    expect((await api.get("/api/v1/reports")).status()).toBe(403);
    await api.dispose();
  });
});
