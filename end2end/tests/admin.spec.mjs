// The admin area, with and without JavaScript: an admin (made by LATCH_ADMIN_EMAILS) logs in
// through /admin's return_to, finds a user, gives them a role and disables them, and the user
// is logged out; a non-admin gets the 403 page. And the pages at 1280 and 360 px wide.
import { test, expect } from "@playwright/test";
import { hydrated, registeredPerson } from "./helpers.mjs";

async function logIn(page, person, javaScriptEnabled) {
  if (javaScriptEnabled) await hydrated(page);
  await page.getByLabel("Email or phone").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Log in" }).click();
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("an admin finds a user, grants a role and disables them; the user is logged out", async ({
      page,
      browser,
      request,
    }) => {
      const suffix = javaScriptEnabled ? "js" : "nojs";
      const admin = await registeredPerson(request, { email: `admin-${suffix}@example.com`, firstName: "Grace" });
      const user = await registeredPerson(request, { lastName: `Menabrea${suffix}${Date.now()}` });

      // The user is logged in elsewhere.
      const userContext = await browser.newContext({ javaScriptEnabled });
      const userPage = await userContext.newPage();
      await userPage.goto("/login");
      await logIn(userPage, user, javaScriptEnabled);
      await expect(userPage).toHaveURL(/\/account$/);

      // A visitor sent to log in comes back to /admin.
      await page.goto("/admin");
      await expect(page).toHaveURL(/\/login\?return_to=%2Fadmin$/);
      await logIn(page, admin, javaScriptEnabled);
      await expect(page).toHaveURL(/\/admin$/);
      await expect(page.getByRole("heading", { name: "Users" })).toBeVisible();
      await expect(page.getByRole("banner").getByRole("link", { name: "Admin" })).toBeVisible();

      await page.getByLabel("Search").fill(user.lastName.slice(0, 12).toUpperCase());
      await page.getByRole("button", { name: "Search" }).click();
      await expect(page.getByRole("status")).toContainText("1 user ·");
      await page.getByRole("link", { name: `${user.firstName} ${user.lastName}` }).click();
      await expect(page.getByRole("heading", { name: `${user.firstName} ${user.lastName}` })).toBeVisible();
      if (javaScriptEnabled) await hydrated(page);

      const roles = page.getByRole("region", { name: "Roles" });
      await roles.getByLabel("Roles").fill("billing:write");
      await roles.getByRole("button", { name: "Save roles" }).click();
      await expect(page.getByRole("status")).toContainText("roles were saved");
      await expect(page.getByRole("region", { name: "Roles" }).getByLabel("Roles")).toHaveValue("billing:write");
      if (javaScriptEnabled) await hydrated(page);

      // A bad name is refused beside the field, and nothing changes.
      await page.getByRole("region", { name: "Roles" }).getByLabel("Roles").fill("Billing Write!");
      await page.getByRole("region", { name: "Roles" }).getByRole("button", { name: "Save roles" }).click();
      await expect(page.getByRole("region", { name: "Roles" }).locator(".field-error")).toContainText("not a role name");
      await page.goto(page.url().replace(/\?.*$/, ""));
      await expect(page.getByRole("region", { name: "Roles" }).getByLabel("Roles")).toHaveValue("billing:write");
      if (javaScriptEnabled) await hydrated(page);

      await page.getByRole("button", { name: "Disable account" }).click();
      await expect(page.getByRole("status")).toContainText("account is disabled");
      await expect(page.getByTestId("status")).toHaveText("Disabled");
      await expect(page.getByRole("button", { name: "Enable account" })).toBeVisible();
      await expect(page.getByRole("region", { name: "Recent activity" })).toContainText("Account disabled by an admin");

      // The user's session is gone: the account page sends them to log in, and logging in fails.
      await userPage.goto("/account");
      await expect(userPage).toHaveURL(/\/login$/);
      await logIn(userPage, user, javaScriptEnabled);
      await expect(userPage.getByRole("alert")).toContainText("email, phone or password is wrong");
      await userContext.close();

      // The security log shows who did it.
      await page.getByRole("link", { name: "Security log" }).click();
      await page.getByLabel("Kind").selectOption("account_disabled");
      await page.getByRole("button", { name: "Show" }).click();
      await expect(page.locator(".log li").first()).toContainText("Account disabled by an admin");
      await expect(page.locator(".log li").first()).toContainText("by an admin");
    });

    test("a logged-in user who is not an admin gets the 403 page and no Admin link", async ({ page, request }) => {
      const user = await registeredPerson(request);
      await page.goto("/login");
      await logIn(page, user, javaScriptEnabled);
      await expect(page).toHaveURL(/\/account$/);
      await expect(page.getByRole("banner").getByRole("link", { name: "Admin" })).toHaveCount(0);
      const response = await page.goto("/admin");
      expect(response.status()).toBe(403);
      await expect(page.getByRole("alert")).toContainText("You do not have access");
    });
  });
}

test("the admin pages fit at 1280 and at 360 px wide", async ({ page, request }) => {
  const admin = await registeredPerson(request, { email: "admin-widths@example.com" });
  await page.goto("/login?return_to=%2Fadmin");
  await logIn(page, admin, true);
  await expect(page).toHaveURL(/\/admin$/);
  const userPath = await page.locator("table.users a").first().getAttribute("href");
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 800 });
    for (const path of ["/admin", userPath, "/admin/audit"]) {
      await page.goto(path);
      await hydrated(page);
      // Nothing sticks out of the page sideways; the user table scrolls in its own box.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, `${path} at ${width}px`).toBeLessThanOrEqual(0);
      await page.screenshot({ path: test.info().outputPath(`admin-${width}${path.replaceAll("/", "-")}.png`), fullPage: true });
    }
  }
});
