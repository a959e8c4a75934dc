// Logging in by password and by SMS code, with and without JavaScript; following an allowed
// return_to; logging out.
import { test, expect } from "@playwright/test";
import { emailedLink, emailedCode, hydrated, registeredPerson, sinkUrl, textedCode } from "./helpers.mjs";

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

    test("email code login, by typing the code or by the link in the asking browser", async ({ page, browser, request }) => {
      const ada = await registeredPerson(request);
      await page.goto("/login");
      await page.getByRole("link", { name: "Email me a code instead" }).click();
      await expect(page).toHaveURL(/\/login\/email$/);
      if (javaScriptEnabled) await hydrated(page);
      await page.getByLabel("Email").fill(ada.email);
      await page.getByRole("button", { name: "Email me a code" }).click();
      await expect(page.getByRole("heading", { name: "Enter your code" })).toBeVisible();
      await expect(page.getByText(ada.email)).toBeVisible();
      const link = await emailedLink(ada.email, 2);

      // Opened in another browser (a mail scanner, a stranger): it only says where to type
      // the code, and spends nothing.
      const elsewhere = await browser.newContext({ javaScriptEnabled });
      const stranger = await elsewhere.newPage();
      for (let i = 0; i < 3; i++) {
        await stranger.goto(link);
        await expect(stranger.getByRole("heading", { name: "Use the code where you asked for it" })).toBeVisible();
        await expect(stranger.getByLabel("Code")).toHaveCount(0);
      }
      await elsewhere.close();

      // In the asking browser the link fills the code in; Continue logs in.
      await page.goto(link);
      if (javaScriptEnabled) await hydrated(page);
      const code = await emailedCode(ada.email, 2);
      await expect(page.getByLabel("Code")).toHaveValue(code);
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByText(ada.email)).toBeVisible();
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
