// Signs each demo role in once through the real sign-in form and saves the
// session cookies to e2e/.auth/<role>.json for the spec files.
import { expect, test as setup } from "@playwright/test";
import { DEMO_ROLES } from "./global-setup";
import { authFile, demoUser, signIn } from "./helpers";

for (const role of DEMO_ROLES) {
  setup(`sign in as ${role}`, async ({ page }) => {
    const user = demoUser(role);
    await signIn(page, user.email, user.password);
    await expect(page).toHaveURL(/\/overview$/);
    await expect(page.getByTestId("current-role")).toBeVisible();
    await page.context().storageState({ path: authFile(role) });
  });
}
