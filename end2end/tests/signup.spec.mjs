// Sign up on /signup, read the code from the SMTP sink, enter it on /verify-email, and be
// logged in: once with JavaScript (hydrated forms) and once without (plain form posts).
import { test, expect } from "@playwright/test";
import { emailedCode, hydrated, newPerson, sinkUrl } from "./helpers.mjs";

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("sign up, then verify the email with the emailed code", async ({ page }) => {
      const ada = newPerson();
      const target = `${sinkUrl}/landing?after=signup`;
      await page.goto(`/signup?return_to=${encodeURIComponent(target)}`);
      if (javaScriptEnabled) await hydrated(page);

      await page.getByLabel("First name").fill(ada.firstName);
      await page.getByLabel("Last name").fill(ada.lastName);
      await page.getByLabel("Email").fill(ada.email);
      await page.getByLabel("Phone").fill(ada.phone);
      await page.getByLabel("Password").fill(ada.password);
      await page.getByRole("button", { name: "Create account" }).click();

      await expect(page).toHaveURL(/\/verify-email\?email=/);
      await expect(page.getByLabel("Email")).toHaveValue(ada.email);
      const code = await emailedCode(ada.email);

      // A wrong code first: the error appears next to the Code field.
      await page.getByLabel("Code").fill(code === "000000" ? "111111" : "000000");
      await page.getByRole("button", { name: "Verify email" }).click();
      await expect(page.locator("#field-code-error")).toContainText("wrong or has expired");
      if (javaScriptEnabled) {
        // Hydrated: the error came back over fetch, the page did not reload.
        expect(page.url()).not.toContain("__err");
      } else {
        expect(page.url()).toContain("__err");
      }
      await expect(page.getByLabel("Email")).toHaveValue(ada.email);

      await page.getByLabel("Code").fill(code);
      await page.getByRole("button", { name: "Verify email" }).click();
      // Verified in the browser that signed up: logged in, and on to where the app asked.
      await expect(page).toHaveURL(target);
      await page.goto("/account");
      await expect(page.getByText(`${ada.email} (verified)`)).toBeVisible();
    });

    test("verifying from another browser shows the verified state", async ({ page, browser }) => {
      const ada = newPerson();
      await page.goto("/signup");
      if (javaScriptEnabled) await hydrated(page);
      await page.getByLabel("First name").fill(ada.firstName);
      await page.getByLabel("Last name").fill(ada.lastName);
      await page.getByLabel("Email").fill(ada.email);
      await page.getByLabel("Phone").fill(ada.phone);
      await page.getByLabel("Password").fill(ada.password);
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page).toHaveURL(/\/verify-email\?email=/);
      const code = await emailedCode(ada.email);

      const other = await browser.newContext({ javaScriptEnabled });
      const phone = await other.newPage();
      await phone.goto(`/verify-email?email=${encodeURIComponent(ada.email)}`);
      if (javaScriptEnabled) await hydrated(phone);
      await phone.getByLabel("Code").fill(code);
      await phone.getByRole("button", { name: "Verify email" }).click();
      await expect(phone.getByRole("heading", { name: "Your email is verified" })).toBeVisible();
      await phone.goto("/account");
      await expect(phone).toHaveURL(/\/login$/, { message: "no login without the password's browser" });
      await other.close();
    });

    test("bad input is shown next to its field and the input is kept", async ({ page }) => {
      const ada = newPerson();
      await page.goto("/signup");
      if (javaScriptEnabled) await hydrated(page);

      await page.getByLabel("First name").fill(ada.firstName);
      await page.getByLabel("Last name").fill(ada.lastName);
      await page.getByLabel("Email").fill("not-an-email");
      await page.getByLabel("Phone").fill("12345");
      await page.getByLabel("Password").fill("pass");
      await page.getByRole("button", { name: "Create account" }).click();

      await expect(page.locator("#field-email-error")).toHaveText("Must be a valid email address.");
      await expect(page.locator("#field-phone-error")).toContainText("country code");
      await expect(page.locator("#field-password-error")).toContainText("at least 8");
      await expect(page.getByLabel("First name")).toHaveValue(ada.firstName);
      await expect(page.getByLabel("Email")).toHaveValue("not-an-email");
      await expect(page.getByLabel("Phone")).toHaveValue("12345");
      await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
      expect(page.url()).not.toContain("password");
    });
  });
}
