// Automated accessibility checks (axe-core, WCAG 2.0/2.1 A and AA rules) on each
// page. Fails on "serious" and "critical" violations; lesser ones are printed.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { authFile, SIGNED_OUT } from "./helpers";

type AxeResults = Awaited<ReturnType<AxeBuilder["analyze"]>>;
type Violation = AxeResults["violations"][number];

const BLOCKING = new Set(["serious", "critical"]);

function describe(violations: Violation[]): string {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 5)
        .map((n) => `      - ${n.target.join(" ")}\n        ${n.failureSummary?.replace(/\n/g, "\n        ") ?? ""}`)
        .join("\n");
      const more = v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : "";
      return `  [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes}${more}`;
    })
    .join("\n");
}

async function checkPage(page: Page, url: string, ready: (page: Page) => Promise<void>) {
  const response = await page.goto(url);
  expect(response?.status(), `${url} status`).toBe(200);
  await ready(page);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const blocking = results.violations.filter((v) => BLOCKING.has(v.impact ?? ""));
  const minor = results.violations.filter((v) => !BLOCKING.has(v.impact ?? ""));
  if (minor.length) console.log(`axe: minor violations on ${url}:\n${describe(minor)}`);
  expect(blocking.map((v) => `${v.impact}: ${v.id}`), `serious or critical accessibility violations on ${url}:\n${describe(blocking)}`).toEqual([]);
}

/** Waits until a list page's table has loaded (no skeleton rows). */
async function tableLoaded(page: Page) {
  await expect(page.getByTestId("row-count")).toHaveText(/^[\d,]+ rows?$/);
}

test.describe("signed out", () => {
  test.use({ storageState: SIGNED_OUT });

  test("/sign-in", async ({ page }) => {
    await checkPage(page, "/sign-in", async (p) => {
      await expect(p.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
    });
  });
});

test.describe("as admin", () => {
  test.use({ storageState: authFile("admin") });

  const heading = (name: string) => async (page: Page) => {
    await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  };

  const PAGES: [string, (page: Page) => Promise<void>][] = [
    [
      "/overview",
      async (page) => {
        await heading("Overview")(page);
        // The charts draw after hydration (and after measuring); check them too.
        const charts = page.locator(".recharts-responsive-container");
        await expect(charts.first()).toBeVisible();
        await expect.poll(async () => (await page.locator(".recharts-responsive-container svg.recharts-surface").count()) === (await charts.count())).toBe(true);
      },
    ],
    ["/applications", tableLoaded],
    ["/providers", tableLoaded],
    ["/providers/stripe", heading("Stripe")],
    ["/settings/users", heading("Settings")],
    ["/settings/tokens", heading("Settings")],
    ["/settings/webhooks", heading("Settings")],
    ["/settings/triage", heading("Settings")],
    ["/findings", tableLoaded],
    ["/applications/consent-manager/findings", tableLoaded],
    ["/providers/stripe/findings", tableLoaded],
    ["/audit", tableLoaded],
    ["/reports", tableLoaded],
    ["/policies", tableLoaded],
  ];

  for (const [url, ready] of PAGES) {
    test(url, async ({ page }) => {
      await checkPage(page, url, ready);
    });
  }
});
