// Logging in by password and by SMS code, with and without JavaScript; following an allowed
// return_to; logging out.
import { test, expect } from "@playwright/test";
import { hydrated, registeredPerson, sinkUrl, textedCode } from "./helpers.mjs";

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("password login lands on the account page, logout ends it", async ({ page, request }) => {
      const ada = await registeredPerson(request);
      await page.goto("/login");
      if (javaScriptEnabled) await hydrated(page);

      await page.getByLabel("Email or phone").fill(ada.email);
      await page.getByLabel("Password").fill("not the password");
      await page.getByRole("button", { name: "Log in" }).click();
      await expect(page.getByRole("alert")).toContainText("wrong");
      await expect(page.getByLabel("Email or phone")).toHaveValue(ada.email);

      await page.getByLabel("Password").fill(ada.password);
      await page.getByRole("button", { name: "Log in" }).click();
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
      await expect(page.getByText(ada.email)).toBeVisible();
      // The header learns of the login too, also after a client-side navigation.
      await expect(page.locator("header").getByRole("link", { name: ada.firstName })).toBeVisible();

      await page.getByRole("button", { name: "Log out", exact: true }).click();
      await expect(page).toHaveURL(/\/login$/);
      await expect(page.locator("header").getByRole("link", { name: "Log in" })).toBeVisible();
      await page.goto("/account");
      await expect(page).toHaveURL(/\/login$/);
    });

    test("SMS code login with the code from the gateway", async ({ page, request }) => {
      const ada = await registeredPerson(request);
      await page.goto("/login/otp");
      if (javaScriptEnabled) await hydrated(page);

      await page.getByLabel("Phone").fill(ada.phone);
      await page.getByRole("button", { name: "Send code" }).click();
      await expect(page.getByRole("heading", { name: "Enter your code" })).toBeVisible();
      const code = await textedCode(ada.phone);
      if (javaScriptEnabled) await hydrated(page);

      await page.getByLabel("Code").fill(code);
      await page.getByRole("button", { name: "Log in" }).click();
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByText(`${ada.phone} (verified)`)).toBeVisible();
    });

    test("a login started with an allowed return_to ends there", async ({ page, request }) => {
      const ada = await registeredPerson(request);
      const target = `${sinkUrl}/landing?from=latch`;
      await page.goto(`/login?return_to=${encodeURIComponent(target)}`);
      if (javaScriptEnabled) await hydrated(page);

      await page.getByLabel("Email or phone").fill(ada.phone);
      await page.getByLabel("Password").fill(ada.password);
      await page.getByRole("button", { name: "Log in" }).click();
      await expect(page).toHaveURL(target);
      await expect(page.getByRole("heading", { name: "Back in the app" })).toBeVisible();
    });
  });
}
