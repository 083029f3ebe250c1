// Shared helpers for the end-to-end tests.
import path from "node:path";
import { expect, test, type APIRequestContext, type Page, type PlaywrightWorkerArgs } from "@playwright/test";
import { E2E_PORT, type DEMO_ROLES } from "./global-setup";

export type DemoRole = (typeof DEMO_ROLES)[number];

/** The demo accounts written by `npm run seed -- --demo` (db/seed/demo.ts). */
export function demoUser(role: DemoRole): { email: string; password: string } {
  return { email: `${role}@demo.sibyl.test`, password: `demo-${role}-password` };
}

/** Where auth.setup.ts saves each role's signed-in storage state. */
export function authFile(role: DemoRole): string {
  return path.join(__dirname, ".auth", E2E_PORT === "3100" ? "" : E2E_PORT, `${role}.json`);
}

/**
 * An empty storage state. `browser.newContext()` in a test inherits the test's
 * `storageState`, so a really signed-out context must ask for this explicitly.
 */
export const SIGNED_OUT = { cookies: [], origins: [] };

/** A unique suffix so tests (and their retries) never collide on emails or names. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Fills and submits the sign-in form (does not wait for the outcome). */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  if (!page.url().includes("/sign-in")) await page.goto("/sign-in");
  await page.locator("#email").fill(email);
  await page.locator("#password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/** Signs in through the form and waits for the overview. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/sign-in");
  await submitSignIn(page, email, password);
  await page.waitForURL("**/overview");
}

/** Navigation links in the main sidebar, in order. */
export function mainNav(page: Page) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link");
}

/** The "You do not have access" page, answered with HTTP 403. */
export async function expectForbidden(page: Page, url: string): Promise<void> {
  const response = await page.goto(url);
  expect(response?.status(), `${url} status`).toBe(403);
  await expect(page.getByRole("heading", { name: /You do not have access/ })).toBeVisible();
  await expect(page).toHaveTitle("Access denied · Sibyl");
}

/** An API client carrying a role's session cookies (for set-up and for checks made "as someone else"). */
export async function apiAs(playwright: PlaywrightWorkerArgs["playwright"], role: DemoRole): Promise<APIRequestContext> {
  return playwright.request.newContext({ baseURL: test.info().project.use.baseURL, storageState: authFile(role) });
}
