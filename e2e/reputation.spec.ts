// The reputation oracle in the browser: a provider's score explained factor by
// factor, an analyst's evidence rescoring it, and the forms hidden from (and
// refused to) roles that cannot write. Serial: the rescoring test counts the
// history points the earlier tests left alone.
import { expect, test, type Page } from "@playwright/test";
import { authFile } from "./helpers";

test.describe.configure({ mode: "serial" });

const PROVIDER = "/providers/stripe";
const FACTOR_NAMES = [
  "Transport security (TLS)",
  "HTTP header hygiene",
  "Authentication strength",
  "API spec hygiene",
  "SDK vulnerabilities",
  "Security incidents",
  "Compliance attestations",
  "Observed reliability",
];
// In the past on any machine running this: the attestation is recorded but has expired.
const EXPIRED_ON = "2024-01-31";

function historyRows(page: Page) {
  return page.getByTestId("score-history-table").locator("tbody tr");
}

async function computedAt(page: Page): Promise<string | null> {
  return page.getByTestId("score-card").getByTestId("score-computed-at").getAttribute("datetime");
}

function attestationDialog(page: Page) {
  return page.getByRole("dialog", { name: "Record an attestation" });
}

test.describe("as a SecOps analyst", () => {
  test.use({ storageState: authFile("secops") });

  test("a scored provider shows its factor breakdown and evidence", async ({ page }) => {
    await page.goto(PROVIDER);
    await expect(page.getByRole("heading", { name: "Stripe", level: 1 })).toBeVisible();
    const card = page.getByTestId("score-card");
    await expect(card.getByTestId("score-value")).toHaveText(/^\d{1,3}(\.\d)?\/100$/);
    await expect(card.getByRole("img", { name: /^Grade [ABCDF]$/ })).toBeVisible();
    await expect(card.getByTestId("score-confidence")).toHaveText(/^\d{1,3}%/);

    const bars = page.getByTestId("factor-bars");
    await expect(bars.locator(":scope > li")).toHaveCount(FACTOR_NAMES.length);
    for (const name of FACTOR_NAMES) await expect(bars.getByText(name, { exact: true })).toBeVisible();
    // The demo scores Stripe's TLS from recorded probe evidence; its bar carries the subscore.
    const transport = bars.locator('[data-factor="transport"]');
    await expect(transport.locator("summary")).toContainText(/weight \d+/);
    await expect(transport.locator("summary")).toContainText(/\d+ out of 100/);

    await transport.locator("summary").click();
    const evidence = page.getByTestId("evidence-transport");
    await expect(evidence).toBeVisible();
    await expect(evidence.getByText("Recorded probe evidence")).toBeVisible();
    // One time for the evidence: the demo's recorded probe was recorded when it ran, so no "(recorded …)" beside
    // it, and no second, contradicting "Probed"/"Observed" time; the absolute date is the <time>'s tooltip.
    const when = evidence.getByTestId("evidence-time");
    await expect(when).toHaveText(/^Probed \S/);
    await expect(when).not.toContainText("recorded");
    await expect(when.locator("time")).toHaveCount(1);
    await expect(when.locator("time")).toHaveAttribute("title", /\d{4}/);
    await expect(evidence.getByText(/\b(Observed|Probed)\b/)).toHaveCount(1);
    await expect(evidence.getByRole("list", { name: "Protocols offered" })).toContainText("TLS 1.2");
    await expect(evidence).toContainText("CN=api.stripe.com");

    await expect(page.getByRole("heading", { name: "What would raise this score" })).toBeVisible();
    await expect(page.getByTestId("score-history")).toBeVisible();
    await expect(page.getByRole("link", { name: "How scores are computed", exact: true })).toHaveAttribute("href", "/providers/methodology");
  });

  test("a justification that is too short shows a field error and changes nothing", async ({ page }) => {
    await page.goto(PROVIDER);
    const points = await historyRows(page).count();
    const attestations = await page.getByTestId("attestation-row").count();
    const before = await computedAt(page);

    await page.getByRole("button", { name: "Record an attestation" }).click();
    const dialog = attestationDialog(page);
    await dialog.getByLabel("Attestation", { exact: true }).selectOption("iso27001");
    await dialog.getByLabel("Expires on").fill(EXPIRED_ON);
    await dialog.getByLabel("Justification").fill("too short");
    await dialog.getByRole("button", { name: "Record attestation" }).click();

    await expect(dialog.locator("#att-justification-error")).toHaveText("Explain the reason in at least 10 characters");
    await expect(dialog.getByLabel("Justification")).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.getByRole("alert")).toHaveText("Please correct the highlighted fields.");
    // What was typed is kept for the correction.
    await expect(dialog.getByLabel("Justification")).toHaveValue("too short");
    await expect(dialog.getByLabel("Expires on")).toHaveValue(EXPIRED_ON);

    await page.reload();
    await expect(historyRows(page)).toHaveCount(points);
    await expect(page.getByTestId("attestation-row")).toHaveCount(attestations);
    expect(await computedAt(page)).toBe(before);
  });

  test("recording an expired attestation rescores the provider", async ({ page }) => {
    await page.goto(PROVIDER);
    const points = await historyRows(page).count();
    expect(points).toBeGreaterThan(0);
    const before = await computedAt(page);
    expect(before).not.toBeNull();

    await page.getByRole("button", { name: "Record an attestation" }).click();
    const dialog = attestationDialog(page);
    await dialog.getByLabel("Attestation", { exact: true }).selectOption("iso27001");
    await dialog.getByLabel("Issued on").fill("2021-02-01");
    await dialog.getByLabel("Expires on").fill(EXPIRED_ON);
    await dialog.getByLabel("Evidence URL (optional)").fill("https://stripe.com/docs/security");
    await dialog.getByLabel("Justification").fill("The ISO/IEC 27001 certificate we hold on file lapsed at the end of January 2024.");
    await dialog.getByRole("button", { name: "Record attestation" }).click();

    await expect(page.getByTestId("evidence-status")).toContainText(/^Attestation recorded\. New score \d/);
    await expect(dialog).toHaveCount(0);

    // Listed, and marked expired.
    const row = page.getByTestId("attestation-row").filter({ hasText: EXPIRED_ON });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText("ISO/IEC 27001");
    await expect(row).toContainText("Expired");

    // The score was recomputed: a new history point and a new computed time.
    await expect(historyRows(page)).toHaveCount(points + 1);
    await page.getByTestId("score-history").getByText("Show as a table").click();
    await expect(historyRows(page).first()).toBeVisible();
    await expect.poll(() => computedAt(page)).not.toBe(before);
    const after = await computedAt(page);
    expect(Date.parse(after ?? "")).toBeGreaterThan(Date.parse(before ?? ""));

    // The compliance factor's evidence lists the expired attestation, which earns nothing.
    await page.locator('[data-factor="compliance"] summary').click();
    const compliance = page.getByTestId("evidence-compliance");
    await expect(compliance).toBeVisible();
    const expired = compliance.getByRole("listitem").filter({ hasText: `expires ${EXPIRED_ON}` });
    await expect(expired).toContainText("ISO/IEC 27001");
    await expect(expired).toContainText("Expired");

    // The oracle answers with the same computation.
    const oracle = await page.request.get("/api/v1/reputation?provider=stripe");
    expect(oracle.status()).toBe(200);
    expect(((await oracle.json()) as { computedAt: string }).computedAt).toBe(after);

    // It survives a reload.
    await page.reload();
    await expect(historyRows(page)).toHaveCount(points + 1);
    await expect(page.getByTestId("attestation-row").filter({ hasText: EXPIRED_ON })).toContainText("Expired");
  });
});

test.describe("as a developer", () => {
  test.use({ storageState: authFile("developer") });

  test("the provider page shows the score without the analyst's forms", async ({ page }) => {
    await page.goto(PROVIDER);
    await expect(page.getByRole("heading", { name: "Stripe", level: 1 })).toBeVisible();
    await expect(page.getByTestId("score-card")).toBeVisible();
    await expect(page.getByTestId("factor-bars").locator(":scope > li")).toHaveCount(FACTOR_NAMES.length);
    await expect(page.getByRole("heading", { name: /^Attestations \(\d+\)$/ })).toBeVisible();
    for (const name of ["Record an attestation", "Record an incident", "Override a factor", "Record authentication methods"]) {
      await expect(page.getByRole("button", { name })).toHaveCount(0);
    }
  });
});
