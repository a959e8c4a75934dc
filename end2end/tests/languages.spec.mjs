// The pages in a pseudo-language (test builds only; a second Latch of playwright.config.mjs
// speaks nothing else): every word comes out accented and inside ⟦…⟧, so any visible text
// without the marks skipped the catalogues. With JavaScript, after the islands hydrate too:
// the browser's bundle has no words of its own and must keep the ones the server rendered.
import { test, expect } from "@playwright/test";
import { hydrated } from "./helpers.mjs";
import { urls } from "../playwright.config.mjs";

const pages = [
  "/",
  "/login",
  "/signup",
  "/verify-email?email=ada%40example.com",
  "/forgot-password",
  "/reset-password?token=abc",
  "/login/otp",
  "/login/otp?phone=%2B12015550142",
  "/login/email",
  "/login/second-factor",
  "/no/such/page",
];

/** Visible text nodes with letters and no pseudo-language marks, brand and values aside. */
async function unmarkedTexts(page) {
  return page.evaluate(() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !parent.checkVisibility() || parent.closest("script, style")) continue;
      const text = node.textContent
        .trim()
        .replace("Latch", "")
        .replace("ada@example.com", "")
        .replace("+12015550142", "");
      if (/\p{L}/u.test(text) && !node.textContent.includes("⟦")) found.push(node.textContent.trim());
    }
    return found;
  });
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("every word on the pages before logging in comes from the catalogues", async ({ page }) => {
      for (const path of pages) {
        await page.goto(`${urls.pseudo}${path}?lang=en-XA`.replace(/\?(.*)\?/, "?$1&"));
        if (javaScriptEnabled) await hydrated(page);
        await expect(page.locator("html")).toHaveAttribute("lang", "en-XA");
        expect(await unmarkedTexts(page), path).toEqual([]);
      }
    });

    test("right to left, the layout follows", async ({ page }, testInfo) => {
      await page.goto(`${urls.pseudo}/login?lang=ar-XB`);
      if (javaScriptEnabled) await hydrated(page);
      await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
      expect(await unmarkedTexts(page)).toEqual([]);
      // A label's words start at the right edge of its input, not at the left.
      const [text, input] = await page.evaluate(() => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelector("label[for=field-identifier]"));
        const box = (r) => ({ left: r.left, right: r.right });
        return [box(range.getBoundingClientRect()), box(document.querySelector("#field-identifier").getBoundingClientRect())];
      });
      expect(Math.abs(text.right - input.right)).toBeLessThan(2);
      expect(text.left - input.left).toBeGreaterThan(20);
      await page.screenshot({ path: testInfo.outputPath("login-ar-XB.png"), fullPage: true });
    });
  });
}

test("a failed login with JavaScript says why in the catalogues' words and keeps the form's", async ({ page }) => {
  await page.goto(`${urls.pseudo}/login?lang=en-XA`);
  await hydrated(page);
  await page.locator("#field-identifier").fill("nobody@example.com");
  await page.locator("#field-password").fill("not the password");
  await page.locator("button[type=submit]").first().click();
  // The answer's words come from the catalogues too.
  await expect(page.getByRole("alert")).toContainText("⟦Thé émáíl, phóñé óř páššwóřd íš wřóñğ.⟧");
  // The form's own words stay the server's after the island re-renders its error.
  await expect(page.locator("label[for=field-identifier]")).toHaveText("⟦Émáíl óř phóñé⟧");
  await expect(page.locator("button[type=submit] span:not([hidden])").first()).toHaveText("⟦Łóğ íñ⟧");
});
