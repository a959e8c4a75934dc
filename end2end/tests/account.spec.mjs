// Password reset by emailed link, and the account's pages: name, email and phone on the
// profile, the password under "Sign-in and security", sessions under "Sessions and activity" —
// each with and without JavaScript.
import { test, expect } from "@playwright/test";
import { emailedCode, hydrated, newPerson, registeredPerson, textedCode } from "./helpers.mjs";

const sink = `http://127.0.0.1:${process.env.SINK_HTTP_PORT ?? 3199}`;

async function logIn(page, identifier, password, javaScriptEnabled) {
  await page.goto("/login");
  if (javaScriptEnabled) await hydrated(page);
  await page.getByLabel("Email or phone").fill(identifier);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  if (javaScriptEnabled) await hydrated(page);
}

function section(page, name) {
  return page.getByRole("region", { name, exact: true });
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("forgot password: link from the email, new password, log in with it", async ({ page, request }) => {
      const ada = await registeredPerson(request);
      await page.goto("/forgot-password");
      if (javaScriptEnabled) await hydrated(page);
      await page.getByLabel("Email").fill(ada.email);
      await page.getByRole("button", { name: "Send reset link" }).click();
      await expect(page.getByRole("status")).toContainText("on its way");

      let link;
      await expect
        .poll(async () => {
          const emails = await (await fetch(`${sink}/emails?to=${encodeURIComponent(ada.email)}`)).json();
          link = emails.map((e) => (e.text.match(/(http\S+reset-password\?token=[\w-]+)/) ?? [])[1]).find(Boolean);
          return link;
        })
        .toBeTruthy();
      const reset = await page.goto(link);
      expect(reset.headers()["referrer-policy"]).toBe("no-referrer");
      expect(reset.headers()["cache-control"]).toBe("no-store");
      if (javaScriptEnabled) await hydrated(page);
      await page.getByLabel("New password").fill("a brand new passphrase");
      await page.getByRole("button", { name: "Set new password" }).click();
      await expect(page).toHaveURL(/\/login\?reset=1$/);
      await expect(page.getByRole("status")).toContainText("password was changed");

      await logIn(page, ada.email, "a brand new passphrase", javaScriptEnabled);
      await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
    });

    test("change name, email, phone and password on the account page", async ({ page, request }) => {
      const ada = await registeredPerson(request);
      await logIn(page, ada.email, ada.password, javaScriptEnabled);

      const profile = section(page, "Profile");
      await profile.getByLabel("First name").fill("Augusta");
      await profile.getByRole("button", { name: "Save name" }).click();
      await expect(page.getByText("Your name was saved.")).toBeVisible();
      await expect(profile.getByLabel("First name")).toHaveValue("Augusta");

      const newEmail = newPerson().email;
      const email = section(page, "Email");
      await email.getByLabel("Email").fill(newEmail);
      await email.getByRole("button", { name: "Change email" }).click();
      await expect(page.getByText("Waiting for confirmation")).toBeVisible();
      const emailCode = await emailedCode(newEmail);
      await section(page, "Email").getByLabel("Code").fill(emailCode);
      await section(page, "Email").getByRole("button", { name: "Confirm email" }).click();
      await expect(page.getByText("Your email address was changed.")).toBeVisible();
      await expect(section(page, "Email").getByText(`${newEmail} (verified)`)).toBeVisible();

      const newPhone = newPerson().phone;
      const phone = section(page, "Phone");
      await phone.getByLabel("Phone").fill(newPhone);
      await phone.getByRole("button", { name: "Change phone" }).click();
      await expect(section(page, "Phone").getByText("Waiting for confirmation")).toBeVisible();
      const smsCode = await textedCode(newPhone);
      await section(page, "Phone").getByLabel("Code").fill(smsCode);
      await section(page, "Phone").getByRole("button", { name: "Confirm phone" }).click();
      await expect(page.getByText("Your phone number was changed.")).toBeVisible();
      await expect(section(page, "Phone").getByText(`${newPhone} (verified)`)).toBeVisible();

      // The menu leads to the other parts; a login this fresh needs no confirming.
      await page.getByRole("navigation", { name: "Your account" }).getByRole("link", { name: "Sign-in and security" }).click();
      await expect(page).toHaveURL(/\/account\/security$/);
      if (javaScriptEnabled) await hydrated(page);
      const password = section(page, "Password");
      await password.getByLabel("Current password").fill(ada.password);
      await password.getByLabel("New password").fill("a brand new passphrase");
      await password.getByRole("button", { name: "Change password" }).click();
      await expect(page.getByText("Your password was changed.")).toBeVisible();

      // Still logged in here; the new email and password work for the next login.
      await page.getByRole("button", { name: "Log out", exact: true }).click();
      await expect(page).toHaveURL(/\/login$/);
      await logIn(page, newEmail, "a brand new passphrase", javaScriptEnabled);
    });

    test("confirm it's you: the password leads back to the page that asked", async ({ page, request }) => {
      const ada = await registeredPerson(request);
      await logIn(page, ada.email, ada.password, javaScriptEnabled);
      await page.goto("/account/confirm?return_to=%2Faccount%2Fsecurity");
      if (javaScriptEnabled) await hydrated(page);
      await expect(page.getByRole("heading", { name: "Confirm it's you" })).toBeVisible();
      await page.getByLabel("Password").fill("not my password at all");
      await page.getByRole("button", { name: "Confirm" }).click();
      await expect(page.locator(".field-error")).toContainText("not your current password");
      if (javaScriptEnabled) await hydrated(page);
      await page.getByLabel("Password").fill(ada.password);
      await page.getByRole("button", { name: "Confirm" }).click();
      await expect(page).toHaveURL(/\/account\/security\?done=confirmed$/);
      await expect(page.getByRole("status").first()).toContainText("Confirmed");
      await expect(page.getByRole("link", { name: "Sign-in and security" })).toHaveAttribute("aria-current", "page");
    });

    test("revoke a session from another browser", async ({ page, browser, request }) => {
      const ada = await registeredPerson(request);
      const otherContext = await browser.newContext({ javaScriptEnabled });
      const other = await otherContext.newPage();
      await logIn(other, ada.email, ada.password, javaScriptEnabled);
      await logIn(page, ada.email, ada.password, javaScriptEnabled);
      await page.goto("/account/sessions");
      if (javaScriptEnabled) await hydrated(page);

      const sessions = section(page, "Sessions");
      await expect(sessions.locator("li.session-item")).toHaveCount(2);
      await expect(sessions.getByText("This device")).toHaveCount(1);
      await sessions.getByRole("button", { name: /^Log out .*\(/ }).click();
      await expect(page.getByText("That session was logged out.")).toBeVisible();
      await expect(section(page, "Sessions").locator("li.session-item")).toHaveCount(1);

      await other.goto("/account");
      await expect(other).toHaveURL(/\/login$/);
      await otherContext.close();
    });
  });
}
