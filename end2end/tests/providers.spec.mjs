// Logging in through another provider, against a third-party OpenID Connect issuer (npm's
// oauth2-mock-server, support/issuer.mjs), with and without JavaScript: an address the issuer
// proved that has an account here waits until its owner logs in, then the provider logs in
// alone, and the account page disconnects it; an address it did not prove is proven by a code
// before an account is made. The issuer signs in whoever the test last named, so these tests
// run one at a time.
import { test, expect } from "@playwright/test";
import { emailedCode, hydrated, newPerson, registeredPerson } from "./helpers.mjs";

const control = `http://127.0.0.1:${process.env.ISSUER_CONTROL_PORT ?? 3196}`;

test.describe.configure({ mode: "serial" });

/** The next person to sign in at the issuer. */
async function issuerSignsIn(request, claims) {
  const response = await request.post(`${control}/next`, { data: claims });
  expect(response.status()).toBe(204);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("an account connects Mock ID by logging in, then logs in with it, then disconnects it", async ({
      page,
      request,
    }) => {
      const ada = await registeredPerson(request);
      await issuerSignsIn(request, { sub: `ada-${ada.email}`, email: ada.email, email_verified: true });

      await page.goto("/login");
      await page.getByRole("link", { name: "Continue with Mock ID" }).click();
      await expect(page).toHaveURL(/\/login\/connect$/);
      await expect(page.getByText(`An account with ${ada.email} exists`)).toBeVisible();
      if (javaScriptEnabled) await hydrated(page);
      await page.getByLabel("Email or phone").fill(ada.email);
      await page.getByLabel("Password").fill(ada.password);
      await page.getByRole("button", { name: "Log in" }).click();
      await expect(page).toHaveURL(/\/account$/);

      await page.goto("/account/security");
      const methods = page.locator("section", { has: page.getByRole("heading", { name: "Sign-in methods" }) });
      await expect(methods.getByText("Mock ID", { exact: true })).toBeVisible();
      await expect(methods.getByText(ada.email)).toBeVisible();

      // Logged out, Mock ID alone logs in.
      await page.getByRole("button", { name: "Log out", exact: true }).click();
      await expect(page).toHaveURL(/\/login$/);
      await page.getByRole("link", { name: "Continue with Mock ID" }).click();
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByText(ada.email)).toBeVisible();

      // Disconnected, it no longer does.
      await page.goto("/account/security");
      if (javaScriptEnabled) await hydrated(page);
      await page.getByRole("button", { name: "Disconnect Mock ID" }).click();
      await expect(page.getByRole("button", { name: "Disconnect Mock ID" })).toHaveCount(0);
      await expect(page.getByText("None connected yet.")).toBeVisible();
      await page.getByRole("button", { name: "Log out", exact: true }).click();
      await page.getByRole("link", { name: "Continue with Mock ID" }).click();
      await expect(page).toHaveURL(/\/login\/connect$/);
    });

    test("an address Mock ID did not prove is proven by a code before the account is made", async ({
      page,
      request,
    }) => {
      const grace = newPerson();
      await issuerSignsIn(request, {
        sub: `grace-${grace.email}`,
        email: grace.email,
        email_verified: false,
        given_name: "Grace",
        family_name: "Hopper",
      });
      await page.goto("/signup");
      await page.getByRole("link", { name: "Continue with Mock ID" }).click();
      await expect(page).toHaveURL(/\/signup\/complete$/);
      await expect(page.getByText("Mock ID did not confirm an email address")).toBeVisible();
      if (javaScriptEnabled) await hydrated(page);
      await expect(page.getByLabel("Email")).toHaveValue(grace.email);
      await page.getByRole("button", { name: "Email me a code" }).click();
      await expect(page.getByText("We sent a 6-digit code")).toBeVisible();

      const code = await emailedCode(grace.email);
      if (javaScriptEnabled) await hydrated(page);
      await page.getByLabel("Code").fill(code);
      await page.getByRole("button", { name: "Continue" }).click();
      await expect(page.getByText("You are creating an account for")).toBeVisible();
      if (javaScriptEnabled) await hydrated(page);
      await expect(page.getByLabel("First name")).toHaveValue("Grace");
      await page.getByLabel("Phone").fill(grace.phone);
      await page.getByRole("button", { name: "Create account" }).click();
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByText(grace.email)).toBeVisible();
    });
  });
}
