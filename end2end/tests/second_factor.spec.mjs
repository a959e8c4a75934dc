// Two-step login with an authenticator app: adding it from the account page (QR code and key),
// the recovery codes, a login that asks for the code, and one with a recovery code — with and
// without JavaScript.
import { test, expect } from "@playwright/test";
import { hydrated, registeredPerson } from "./helpers.mjs";
import { totp } from "./totp.mjs";

async function passwordStep(page, person, javaScriptEnabled) {
  await page.goto("/login");
  if (javaScriptEnabled) await hydrated(page);
  await page.getByLabel("Email or phone").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Log in" }).click();
}

async function logOut(page, javaScriptEnabled) {
  if (javaScriptEnabled) await hydrated(page);
  await page.getByRole("button", { name: "Log out", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("add an authenticator app, then log in with its code and with a recovery code", async ({ page, request }) => {
      const ada = await registeredPerson(request);
      await passwordStep(page, ada, javaScriptEnabled);
      await expect(page).toHaveURL(/\/account$/);
      await page.goto("/account/security");
      if (javaScriptEnabled) await hydrated(page);

      const twoStep = page.getByRole("region", { name: "Two-step login" });
      await expect(twoStep).toContainText("Off.");
      await twoStep.getByRole("button", { name: "Set up an authenticator app" }).click();
      await expect(twoStep.locator(".qr svg")).toBeVisible();
      const secret = (await twoStep.locator("code.secret").textContent()).trim();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      if (javaScriptEnabled) await hydrated(page);

      // A wrong code is refused beside the field; the app's code turns it on.
      await twoStep.getByLabel("Code from the app").fill(totp(secret, 0) === "000000" ? "111111" : "000000");
      await twoStep.getByRole("button", { name: "Turn on two-step login" }).click();
      await expect(page.locator("#field-totp-confirm-code-error")).toContainText("wrong");
      await twoStep.getByLabel("Code from the app").fill(totp(secret, 0));
      await twoStep.getByRole("button", { name: "Turn on two-step login" }).click();
      await expect(page).toHaveURL(/done=totp/);
      await expect(page.getByRole("status").first()).toContainText("Two-step login is on");
      const codes = await page.locator(".recovery-codes li").allTextContents();
      expect(codes).toHaveLength(10);
      expect(codes[0]).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);

      // Shown once: a reload has them no more.
      await page.reload();
      await expect(page.locator(".recovery-codes")).toHaveCount(0);
      await expect(twoStep).toContainText("10 of 10 recovery codes left");

      await logOut(page, javaScriptEnabled);
      await passwordStep(page, ada, javaScriptEnabled);
      await expect(page).toHaveURL(/\/login\/second-factor$/);
      if (javaScriptEnabled) await hydrated(page);
      // The next step's code: the one used to turn the app on does not work twice.
      await page.getByLabel("Code", { exact: true }).fill(totp(secret, 1));
      await page.getByRole("button", { name: "Log in" }).first().click();
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();

      await logOut(page, javaScriptEnabled);
      await passwordStep(page, ada, javaScriptEnabled);
      await expect(page).toHaveURL(/\/login\/second-factor$/);
      if (javaScriptEnabled) await hydrated(page);
      await page.getByText("Lost your phone? Use a recovery code").click();
      await page.getByLabel("Recovery code").fill(codes[0].toUpperCase());
      await page.locator("details").getByRole("button", { name: "Log in" }).click();
      await expect(page).toHaveURL(/\/account$/);
      // A login with both factors opens the security page without confirming again.
      await page.goto("/account/security");
      await expect(page.getByRole("region", { name: "Two-step login" })).toContainText("9 of 10 recovery codes left");
    });
  });
}
