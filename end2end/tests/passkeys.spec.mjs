// Passkeys in real Chromium, with its virtual authenticator (DevTools protocol
// `WebAuthn.addVirtualAuthenticator`): add one on the account page, log out, sign in with it
// (no identifier typed), rename it, remove it. Without JavaScript the passkey button is absent.
import { test, expect } from "@playwright/test";
import { hydrated, registeredPerson } from "./helpers.mjs";

/** A platform authenticator that verifies its user (a fingerprint, say) and keeps resident
 * credentials, as a phone or laptop does. */
async function virtualAuthenticator(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

test.describe("with JavaScript", () => {
  test("add a passkey, sign in with it alone, rename it, remove it", async ({ page, request }) => {
    const ada = await registeredPerson(request);
    const { cdp, authenticatorId } = await virtualAuthenticator(page);

    await page.goto("/login");
    await hydrated(page);
    await page.getByLabel("Email or phone").fill(ada.email);
    await page.getByLabel("Password").fill(ada.password);
    await page.getByRole("button", { name: "Log in", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);

    const passkeys = page.getByRole("region", { name: "Passkeys" });
    await expect(passkeys).toContainText("No passkeys yet.");
    await passkeys.getByLabel("Name for the new passkey").fill("Test laptop");
    await passkeys.getByRole("button", { name: "Add a passkey" }).click();
    await expect(page).toHaveURL(/done=passkey$/);
    await expect(passkeys.locator("li.passkey")).toHaveCount(1);
    await expect(passkeys).toContainText("Test laptop");
    await expect(passkeys).toContainText("not used yet");
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0].isResidentCredential).toBe(true);

    // Logged out, the login page offers the passkey in the identifier field's autofill
    // (conditional mediation); the virtual authenticator answers it at once, as a person
    // picking it would: logged in again, no identifier typed.
    await hydrated(page);
    await page.getByRole("button", { name: "Log out", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText(ada.email)).toBeVisible();

    // The button, where the browser offers no autofill.
    await page.addInitScript(() => {
      PublicKeyCredential.isConditionalMediationAvailable = async () => false;
    });
    await hydrated(page);
    await page.getByRole("button", { name: "Log out", exact: true }).click();
    await expect(page).toHaveURL(/\/login$/);
    await hydrated(page);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByText(ada.email)).toBeVisible();
    await expect(page.getByRole("region", { name: "Passkeys" })).toContainText("last used");

    const again = page.getByRole("region", { name: "Passkeys" });
    await hydrated(page);
    await again.getByText("Rename").click();
    await again.getByLabel("New name").fill("Old laptop");
    await again.getByRole("button", { name: "Save name" }).click();
    await expect(page).toHaveURL(/done=passkey-renamed$/);
    await expect(page.getByRole("region", { name: "Passkeys" })).toContainText("Old laptop");

    await hydrated(page);
    await page.getByRole("button", { name: "Remove Old laptop" }).click();
    await expect(page).toHaveURL(/done=passkey-removed$/);
    await expect(page.getByRole("region", { name: "Passkeys" })).toContainText("No passkeys yet.");

    // Removed from the account, the authenticator's copy logs nobody in.
    await hydrated(page);
    await page.getByRole("button", { name: "Log out", exact: true }).click();
    await expect(page).toHaveURL(/\/login$/);
    await hydrated(page);
    await page.getByRole("button", { name: "Sign in with a passkey" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "not accepted" })).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the passkey button is absent and the password form works", async ({ page, request }) => {
    const ada = await registeredPerson(request);
    await page.goto("/login");
    await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeHidden();
    await page.getByLabel("Email or phone").fill(ada.email);
    await page.getByLabel("Password").fill(ada.password);
    await page.getByRole("button", { name: "Log in", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole("button", { name: "Add a passkey" })).toBeHidden();
  });
});
