// Connectivity policies from the Policies page: SecOps writes a quarantine policy
// with the condition builder, watches the live simulation name the demo's tier-1
// application calling a grade-F provider (secrets-broker → PagerDuty), saves it,
// sees what it decides now and downloads the Istio egress rules that enforce it.
// A developer sees the page read-only and the API refuses the developer's write.
// The policy is deleted afterwards: other specs share the database and the demo's
// decisions (deleting it resolves the policy_violation findings it raised).
import { readFile } from "node:fs/promises";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { parseAllDocuments } from "yaml";
import { apiAs, authFile } from "./helpers";

const NAME = "Quarantine grade F providers for tier-1 applications";

async function deletePolicyNamed(api: APIRequestContext, name: string) {
  const list = (await (await api.get("/api/v1/policies")).json()) as { policies: { id: string; name: string }[] };
  for (const p of list.policies.filter((x) => x.name === name)) expect((await api.delete(`/api/v1/policies/${p.id}`)).status()).toBe(200);
}

test.describe("as SecOps", () => {
  test.use({ storageState: authFile("secops") });

  test.afterAll(async ({ playwright }) => {
    const api = await apiAs(playwright, "secops");
    await deletePolicyNamed(api, NAME);
    await api.dispose();
  });

  test("creates a quarantine policy with a live simulation, sees it match and downloads the Istio rules", async ({ page }) => {
    test.setTimeout(90_000);
    await page.goto("/policies");
    await expect(page.getByRole("heading", { name: "Policies", level: 1 })).toBeVisible();
    // The demo's three policies, in evaluation order.
    await expect(page.getByTestId("row-count")).toHaveText("3 rows");

    await page.getByRole("button", { name: "New policy" }).click();
    const dialog = page.getByRole("dialog", { name: "New policy" });
    await dialog.getByLabel("Name", { exact: true }).fill(NAME);
    await dialog.getByLabel("Priority").fill("5");
    await dialog.getByLabel("Action").selectOption("quarantine");
    await dialog.getByLabel("Mode").selectOption("enforce");
    await dialog.getByLabel("Field of condition 1").selectOption("provider.grade");
    await dialog.getByLabel("Operator of condition 1").selectOption("lte");
    await dialog.getByLabel("Value of condition 1").selectOption("F");
    await dialog.getByRole("button", { name: "Add condition", exact: true }).click();
    await dialog.getByLabel("Field of condition 2").selectOption("application.criticality");
    await dialog.getByLabel("Operator of condition 2").selectOption("eq");
    await dialog.getByLabel("Value of condition 2").fill("1");

    // The simulation runs by itself once the draft is valid.
    await expect(dialog.getByTestId("simulation-sentence")).toContainText(/This policy would quarantine [1-9]\d* dependenc(y|ies) in [1-9]\d* applications?\./);
    await expect(dialog.getByTestId("simulation-match").filter({ hasText: "secrets-broker" }).filter({ hasText: "PagerDuty" })).toBeVisible();

    await dialog.getByRole("button", { name: "Create policy" }).click();
    await expect(dialog).toBeHidden();
    const row = page.locator(`tr[data-policy="${NAME}"]`);
    await expect(row).toBeVisible();
    await expect(row.locator('[data-action="quarantine"]')).toBeVisible();
    await expect(row.getByTestId("matches-now")).toHaveText(/^[1-9]\d* dependenc(y|ies) in [1-9]\d* applications?/);
    // Evaluation order: priority 5 comes first.
    await expect(page.locator("tbody tr[data-policy]").first()).toHaveAttribute("data-policy", NAME);

    // The Istio egress rules now deny PagerDuty's API.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download Istio" }).click()]);
    const text = await readFile((await download.path()) as string, "utf8");
    const docs = parseAllDocuments(text).map((d) => d.toJSON() as { kind?: string; spec?: { action?: string; rules?: unknown } } | null);
    const deny = docs.filter((d) => d?.kind === "AuthorizationPolicy");
    expect(deny.length).toBeGreaterThan(0);
    expect(deny.some((d) => JSON.stringify(d?.spec?.rules ?? []).includes("api.pagerduty.com"))).toBe(true);
  });
});

test.describe("as a developer", () => {
  test.use({ storageState: authFile("developer") });

  test("sees the policies read-only, and the API refuses a write", async ({ page }) => {
    await page.goto("/policies");
    await expect(page.getByRole("heading", { name: "Policies", level: 1 })).toBeVisible();
    await expect(page.getByTestId("row-count")).toHaveText(/^\d+ rows?$/);
    await expect(page.locator("tbody tr[data-policy]").first()).toBeVisible();
    await expect(page.getByRole("button", { name: "New policy" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: /^(Edit|Delete|Revoke) / })).toHaveCount(0);
    await expect(page.getByRole("switch")).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Grant exception" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Change default" })).toHaveCount(0);
    // Reading and the downloads stay open to every role.
    await expect(page.getByRole("link", { name: "Download as YAML" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Download Istio" })).toBeVisible();

    const refused = await page.request.post("/api/v1/policies", {
      data: { policies: [{ name: "Developer policy", action: "alert", conditions: { all: [{ field: "provider.grade", op: "lte", value: "D" }] } }] },
    });
    expect(refused.status()).toBe(403);
  });
});
