import { expect, test, type Page } from "@playwright/test";
import { grantAdmin, settle, signIn, signUp } from "./support";

// Every page fits a phone: at 360 and 390 px wide nothing makes the page scroll
// sideways, for a visitor, a signed-in shopper and staff. Rows meant to scroll sideways
// (shelves, wide tables) do so inside their own scroller.
const password = "a long walk to the coffee shop";
const WIDTHS = [360, 390];

/** The elements wider than the viewport that make the document scroll sideways. */
async function overflow(page: Page): Promise<{ scrollWidth: number; width: number; culprits: string[] } | null> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const scrollWidth = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
    if (scrollWidth <= width) return null;
    const culprits: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>("*"))) {
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 && r.width > 0) {
        // Inside a scroller of its own: not the page's doing.
        let p = el.parentElement;
        let contained = false;
        while (p && p !== document.body) {
          const s = getComputedStyle(p);
          if (/(auto|scroll|hidden|clip)/.test(s.overflowX) && p.getBoundingClientRect().right <= width + 1) {
            contained = true;
            break;
          }
          p = p.parentElement;
        }
        if (!contained) culprits.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(r.right)}px)`);
      }
    }
    return { scrollWidth, width, culprits: culprits.slice(0, 8) };
  });
}

async function expectFits(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 800 });
    await settle(page);
    expect.soft(await overflow(page), `${path} at ${width} px scrolls sideways`).toBeNull();
  }
}

test("every page fits 360-390 px: visitor, shopper and staff", async ({ page }) => {
  test.setTimeout(240_000);
  for (const path of ["/", "/categories/coffee", "/categories/book", "/search?q=coffee", "/products/CF-00001", "/sign-up", "/cart", "/taste", "/nowhere"]) {
    await expectFits(page, path);
  }

  const email = `fit-${Date.now()}@example.com`;
  await signUp(page, "Grace", email, password);
  grantAdmin(email);
  await signIn(page, email, password, "/account");
  // Something in the cart, so checkout shows its form.
  await page.goto("/products/CF-00001");
  await page.getByRole("button", { name: /Add to cart/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /cart/i }).first()).toBeVisible();
  for (const path of [
    "/account",
    "/account/security",
    "/account/notifications",
    "/taste/coffee",
    "/cart",
    "/checkout",
    "/orders",
    "/admin",
    "/admin/reports",
    "/admin/orders",
    "/admin/questionnaires",
  ]) {
    await expectFits(page, path);
  }
});
