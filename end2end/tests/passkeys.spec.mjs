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
    await page.goto("/account/security");
    await hydrated(page);

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
    // A passkey is two factors: the security page opens without confirming.
    await page.goto("/account/security");
    await expect(page.getByRole("region", { name: "Passkeys" })).toContainText("last used");

    // "Confirm it's you" offers the passkey beside the password, and leads back where asked.
    await page.goto("/account/confirm?return_to=%2Faccount%2Fsessions");
    await hydrated(page);
    await expect(page.getByLabel("Password")).toBeVisible();
    await page.getByRole("button", { name: "Use a passkey" }).click();
    await expect(page).toHaveURL(/\/account\/sessions\?done=confirmed$/);
    await page.goto("/account/security");

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

/** A passkey login made by the page's own calls (as public/passkeys.js makes it): the status
 * of the finishing request. */
async function passkeyLogin(page) {
  return page.evaluate(async () => {
    const decode = (text) =>
      Uint8Array.from(atob(text.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0));
    const encode = (buffer) =>
      btoa(String.fromCharCode(...new Uint8Array(buffer)))
        .replace(/\+/g, "-")
        .replace(/\//g, "_")
        .replace(/=+$/, "");
    const post = (path, body) =>
      fetch(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: body && JSON.stringify(body),
      });
    const options = await (await post("/api/v1/login/passkey/start")).json();
    const publicKey = options.publicKey;
    publicKey.challenge = decode(publicKey.challenge);
    const credential = await navigator.credentials.get({ publicKey });
    const r = credential.response;
    const finished = await post("/api/v1/login/passkey/finish", {
      credential: {
        id: credential.id,
        rawId: encode(credential.rawId),
        type: credential.type,
        response: {
          authenticatorData: encode(r.authenticatorData),
          clientDataJSON: encode(r.clientDataJSON),
          signature: encode(r.signature),
          userHandle: encode(r.userHandle),
        },
        clientExtensionResults: {},
      },
    });
    return finished.status;
  });
}

test.describe("with JavaScript: what a passkey login must not allow", () => {
  test("the session id is new after a passkey login, and a copied passkey is refused and recorded", async ({
    page,
    request,
  }) => {
    const ada = await registeredPerson(request);
    const { cdp, authenticatorId } = await virtualAuthenticator(page);
    await page.goto("/login");
    await hydrated(page);
    await page.getByLabel("Email or phone").fill(ada.email);
    await page.getByLabel("Password").fill(ada.password);
    await page.getByRole("button", { name: "Log in", exact: true }).click();
    await expect(page).toHaveURL(/\/account$/);
    await page.goto("/account/security");
    await hydrated(page);
    const passkeys = page.getByRole("region", { name: "Passkeys" });
    await passkeys.getByLabel("Name for the new passkey").fill("Test laptop");
    await passkeys.getByRole("button", { name: "Add a passkey" }).click();
    await expect(page).toHaveURL(/done=passkey$/);

    // Session fixation: the cookie held before the passkey login is worthless after it.
    const session = async () =>
      (await page.context().cookies()).find((c) => c.name === "latch_session").value;
    const before = await session();
    expect(await passkeyLogin(page)).toBe(200);
    const after = await session();
    expect(after).not.toBe(before);
    const check = (token) =>
      request.get("/api/v1/session", { headers: { authorization: `Bearer ${token}` } });
    expect((await check(before)).status()).toBe(401);
    expect((await check(after)).status()).toBe(200);

    // A copy of the passkey, its signature counter behind the one Latch last saw.
    const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
    expect(credentials[0].signCount).toBeGreaterThan(0);
    await cdp.send("WebAuthn.removeCredential", {
      authenticatorId,
      credentialId: credentials[0].credentialId,
    });
    await cdp.send("WebAuthn.addCredential", {
      authenticatorId,
      credential: { ...credentials[0], signCount: 0 },
    });
    expect(await passkeyLogin(page)).toBe(400);

    // The owner sees it in their recent activity.
    await page.goto("/account/sessions");
    await expect(page.getByText("Passkey refused: it may have been copied")).toBeVisible();
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
    await page.goto("/account/security");
    await expect(page.getByRole("region", { name: "Passkeys" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Add a passkey" })).toBeHidden();
  });
});
