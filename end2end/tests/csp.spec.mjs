// Every hosted page loads and hydrates under its Content-Security-Policy with no violation
// reported by Chromium (no inline script without the nonce, nothing from elsewhere).
import { test, expect } from "@playwright/test";
import { hydrated, registeredPerson } from "./helpers.mjs";

const pages = [
  "/",
  "/signup",
  "/verify-email?email=ada%40example.com",
  "/login",
  "/login/otp",
  "/login/otp?phone=%2B12015550123",
  "/forgot-password",
  "/reset-password?token=abc",
  "/no-such-page",
];

async function watchViolations(page) {
  const problems = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(String(error)));
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return problems;
}

test("no page reports a CSP violation", async ({ page, request }) => {
  const problems = await watchViolations(page);
  for (const path of pages) {
    const response = await page.goto(path);
    expect(response.headers()["content-security-policy"]).toContain("'nonce-");
    await hydrated(page);
    expect(await page.evaluate(() => window.__violations), path).toEqual([]);
  }
  // The account page streams its data after the shell: those chunks carry the nonce too.
  const ada = await registeredPerson(request);
  await page.goto("/login");
  await hydrated(page);
  await page.getByLabel("Email or phone").fill(ada.email);
  await page.getByLabel("Password").fill(ada.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await page.reload();
  await hydrated(page);
  await expect(page.getByRole("heading", { name: "Your account" })).toBeVisible();
  expect(await page.evaluate(() => window.__violations)).toEqual([]);
  for (const path of ["/account/security", "/account/sessions", "/account/confirm?return_to=%2Faccount"]) {
    await page.goto(path);
    await hydrated(page);
    expect(await page.evaluate(() => window.__violations), path).toEqual([]);
  }
  expect(problems).toEqual([]);
});
