// The Application page's "Own hosts": declared hosts make traffic without a spec read as the
// application's own API. Edited with the keyboard only, validated, audited; read-only for roles
// that may not change applications.
import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { apiAs, authFile, SIGNED_OUT, unique } from "./helpers";

const APP = "/applications/billing-service";

/** Serious or critical axe (WCAG 2.x A/AA) violations inside `selector`, as "impact: rule" strings. */
async function axeBlocking(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(selector).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.impact}: ${v.id} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

test.describe("as a SecOps analyst", () => {
  test.use({ storageState: authFile("secops") });

  test("declares the application's own hosts with the keyboard; a bad host is refused with its name; the change is audited", async ({ page, playwright }) => {
    await page.goto(APP);
    const section = page.getByRole("region", { name: "Own hosts" });
    await expect(section).toBeVisible();
    const declared = section.getByTestId("declared-hosts");

    // Keyboard only: focus the button, open the dialog, type, submit.
    const edit = section.getByRole("button", { name: "Edit own hosts" });
    await edit.focus();
    await page.keyboard.press("Enter");
    const dialog = page.getByRole("dialog", { name: "Own hosts of this application" });
    await expect(dialog).toBeVisible();
    const field = dialog.getByLabel("Declared hosts");
    await expect(field).toBeFocused();
    await field.fill("");
    await page.keyboard.type("billing.acme.test\nhttps://billing.acme.test/v1");
    await page.keyboard.press("Tab");
    await expect(dialog.getByRole("button", { name: "Save hosts" })).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(dialog.getByText(/"https:\/\/billing\.acme\.test\/v1": Use a host name/)).toBeVisible();
    await expect(field).toHaveAttribute("aria-invalid", "true");
    // what was typed is kept
    await expect(field).toHaveValue("billing.acme.test\nhttps://billing.acme.test/v1");
    expect(await axeBlocking(page, '[role="dialog"]')).toEqual([]);

    await field.fill("Billing.ACME.test:443\n*.payments.acme.test");
    await field.press("Tab");
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    await expect(section.getByRole("status")).toContainText("Saved 2 declared hosts");
    await expect(declared.getByRole("listitem")).toHaveText(["*.payments.acme.test", "billing.acme.test"]);
    expect(await axeBlocking(page, 'section[aria-labelledby="own-hosts-heading"]')).toEqual([]);

    const admin = await apiAs(playwright, "admin");
    const audit = await admin.get("/api/v1/audit?action=application.hosts_declared");
    expect(audit.ok()).toBe(true);
    const rows = ((await audit.json()) as { rows: { action: string; detail: unknown }[] }).rows;
    expect(JSON.stringify(rows[0]?.detail)).toContain('"after":["*.payments.acme.test","billing.acme.test"]');

    // Put it back, so the demo reads as before for the specs that follow.
    await edit.click();
    await dialog.getByLabel("Declared hosts").fill("");
    await dialog.getByRole("button", { name: "Save hosts" }).click();
    await expect(dialog).toBeHidden();
    await expect(section.getByText("None declared")).toBeVisible();
    await admin.dispose();
  });
});

test.describe("as a developer", () => {
  test.use({ storageState: authFile("developer") });

  test("sees the own hosts but cannot edit them", async ({ page }) => {
    await page.goto(APP);
    const section = page.getByRole("region", { name: "Own hosts" });
    await expect(section).toBeVisible();
    await expect(section.getByRole("button", { name: "Edit own hosts" })).toHaveCount(0);
  });
});

test.describe("through the ingest API", () => {
  test.use({ storageState: authFile("admin") });

  test("?host= declares the application's hosts with a traffic-only HAR; a bad or misplaced host is refused", async ({ request, playwright }) => {
    const created = await request.post("/api/v1/tokens", { data: { name: unique("e2e-hosts"), scopes: ["ingest"], expiresInDays: 7 } });
    expect(created.status()).toBe(201);
    const token = ((await created.json()) as { token: string }).token;
    const api = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL, storageState: SIGNED_OUT, extraHTTPHeaders: { authorization: `Bearer ${token}` } });
    const slug = unique("e2e-acme").slice(0, 60);
    const har = fs.readFileSync("test/fixtures/ingest/acme-customers.har");

    const bad = await api.post(`/api/v1/ingest/traffic?app=${slug}&host=api.acme.test&host=${encodeURIComponent("https://x.test/")}`, { data: har });
    expect(bad.status()).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain("https://x.test/");
    expect((await api.post(`/api/v1/ingest/sbom?app=${slug}&host=api.acme.test`, { data: "{}" })).status()).toBe(400);

    const ok = await api.post(`/api/v1/ingest/traffic?app=${slug}&host=api.acme.test&name=acme-customers.har`, { data: har });
    expect(ok.status()).toBe(200);
    expect(await ok.json()).toMatchObject({ status: "succeeded", recordsAccepted: 11, newEndpoints: 5, newDependencies: 3 });

    const page = await request.get(`/applications/${slug}`);
    expect(page.ok()).toBe(true);
    expect(await page.text()).toContain("api.acme.test");
    await api.dispose();
  });
});
