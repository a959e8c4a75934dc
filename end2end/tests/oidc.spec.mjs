// Latch as an OpenID Connect provider, in a real browser, with and without JavaScript: a small
// relying party on another origin (support/rp.mjs) sends the browser to Latch, the person logs
// in and allows the app, and the app shows the email from the id_token it verified (RS256
// against the JWKS, nonce, audience). The app is registered with `latch client add`.
import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { hydrated, registeredPerson } from "./helpers.mjs";

const rp = `http://127.0.0.1:${process.env.RP_PORT ?? 3198}`;
const latch = `http://localhost:${process.env.E2E_LATCH_PORT ?? 3100}`;

// Each worker registers an app of its own: the relying party keeps them apart by client id.
let clientId;

test.beforeAll(async ({ request }) => {
  const out = execFileSync(
    process.env.E2E_LATCH_BIN,
    ["client", "add", "--name", "Test app", "--redirect-uri", `${rp}/callback`],
    { env: { PATH: process.env.PATH, DATABASE_URL: `sqlite://${process.env.E2E_DATA_DIR}/latch.db` } },
  ).toString();
  clientId = out.match(/^client_id: (\S+)$/m)[1];
  const secret = out.match(/^client_secret: (\S+)$/m)[1];
  const configured = await request.post(`${rp}/configure`, {
    data: { issuer: latch, client_id: clientId, client_secret: secret },
  });
  expect(configured.ok()).toBeTruthy();
});

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("an app on another origin learns who logged in", async ({ page, request }) => {
      const person = await registeredPerson(request);
      await page.goto(`${rp}/?client=${clientId}`);
      await page.getByRole("link", { name: "Log in with Latch" }).click();

      // Latch's login page, on the way back to the authorization request.
      await expect(page).toHaveURL(/\/login\?return_to=%2Foauth2%2Fauthorize%3F/);
      if (javaScriptEnabled) await hydrated(page);
      await page.getByLabel("Email or phone").fill(person.email);
      await page.getByLabel("Password").fill(person.password);
      await page.getByRole("button", { name: "Log in" }).click();

      // The consent page, in plain words.
      await expect(page.getByRole("heading", { name: "Allow Test app to use your account?" })).toBeVisible();
      await expect(page.getByText("See your email address")).toBeVisible();
      await expect(page.getByText("See your first and last name")).toBeVisible();
      await page.getByRole("button", { name: "Allow" }).click();

      // Back at the app, which verified the id_token.
      await expect(page).toHaveURL(new RegExp(`^${rp}/callback\\?`));
      await expect(page.locator("#email")).toHaveText(person.email);
      await expect(page.getByText("(verified), Ada")).toBeVisible();

      // Logged in at Latch and allowed already: straight back with nothing to click.
      await page.goto(`${rp}/login?client=${clientId}`);
      await expect(page.locator("#email")).toHaveText(person.email);

      // The account page lists the app; removing it means the next visit asks again.
      await page.goto(`${latch}/account/sessions`);
      const apps = page.getByRole("region", { name: "Apps with access" });
      await expect(apps.getByText("Test app")).toBeVisible();
      if (javaScriptEnabled) await hydrated(page);
      await apps.getByRole("button", { name: "Remove access for Test app" }).click();
      await expect(page.getByRole("status")).toContainText("no longer has access");
      await page.goto(`${rp}/login?client=${clientId}`);
      await expect(page.getByRole("heading", { name: "Allow Test app to use your account?" })).toBeVisible();
      await page.getByRole("button", { name: "Deny" }).click();
      await expect(page.locator("#error")).toHaveText("access_denied");
    });

    // Each of these looped back to the login page forever: the time the login had to be newer
    // than was written in milliseconds and read as seconds.
    test("prompt=login and max_age send the person to log in, then back with a code", async ({
      page,
      request,
    }) => {
      const person = await registeredPerson(request);
      const logIn = async () => {
        await expect(page).toHaveURL(/\/login\?return_to=%2Foauth2%2Fauthorize%3F/);
        if (javaScriptEnabled) await hydrated(page);
        await page.getByLabel("Email or phone").fill(person.email);
        await page.getByLabel("Password").fill(person.password);
        await page.getByRole("button", { name: "Log in" }).click();
      };
      await page.goto(`${rp}/login?client=${clientId}`);
      await logIn();
      await page.getByRole("button", { name: "Allow" }).click();
      await expect(page.locator("#email")).toHaveText(person.email);

      for (const ask of ["prompt=login", "max_age=0", "max_age=1"]) {
        // A login 2 seconds old is too old for max_age=1.
        if (ask === "max_age=1") await page.waitForTimeout(2_100);
        await page.goto(`${rp}/login?client=${clientId}&${ask}`);
        await logIn();
        await expect(page, ask).toHaveURL(new RegExp(`^${rp}/callback\\?`));
        await expect(page.locator("#email"), ask).toHaveText(person.email);
      }
    });
  });
}
