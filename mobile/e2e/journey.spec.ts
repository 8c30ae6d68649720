import { readFileSync, statSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { Authenticator, fillCheckout, signInThroughPopup, snap, verificationLink } from "./support";

const password = "a long walk to the coffee shop";
// A pick's reason that names one of the journey's answers (fantasy, crime, dark roast).
const ANSWERED = /fantasy|crime|dark/i;
const DIST = resolve(__dirname, "../dist");
// A product tile (its reason inside has the testID `card-reason`).
const CARD = '[data-testid^="card-"]:not([data-testid="card-reason"])';

interface ShownPick {
  sku: string;
  label: string;
  reason: string;
}

/** The app's bottom tabs. */
function tab(page: Page, name: string | RegExp): Locator {
  return page.getByRole("tab", { name });
}

/** Back (the header's back button) until the bottom tabs show: the screens pushed
 * over them (product, checkout, orders…) have none. */
async function backToTabs(page: Page): Promise<void> {
  await expect(async () => {
    if (await tab(page, "Home").isVisible()) return;
    await page.getByRole("link", { name: /, back$/ }).filter({ visible: true }).first().click();
    await expect(tab(page, "Home")).toBeVisible({ timeout: 3_000 });
  }).toPass({ timeout: 60_000 });
}

/** The home screen's "Picked for you" row as shown. */
async function shownPicks(page: Page): Promise<ShownPick[]> {
  const shown: ShownPick[] = [];
  for (const card of await page.locator(`[aria-label="Picked for you"] ${CARD}`).filter({ visible: true }).all()) {
    shown.push({
      sku: (await card.getAttribute("data-testid"))!.replace(/^card-/, ""),
      label: (await card.getAttribute("aria-label")) ?? "",
      reason: (await card.getByTestId("card-reason").allInnerTexts()).join(" ").trim(),
    });
  }
  return shown;
}

/** Picks follow the answers: each says why, and at least one was picked because of
 * something the shopper answered. */
function followAnswers(picks: ShownPick[]): boolean {
  return picks.length > 0 && picks.every((pick) => pick.reason !== "") && picks.some((pick) => ANSWERED.test(pick.reason));
}

/** Home's picks, read again until they follow the answers: curation hears of answers
 * through events, a moment after they are saved. The web build has no pull-to-refresh,
 * and a page reload would sign out (the web build keeps tokens in memory only), so the
 * shopper leaves the app and comes back to it (TanStack Query refetches the stale home
 * on `visibilitychange`, as it does when the phone's app comes to the front). */
async function picksFollowingAnswers(page: Page): Promise<ShownPick[]> {
  let shown: ShownPick[] = [];
  await expect(async () => {
    await page.evaluate(() => window.dispatchEvent(new Event("visibilitychange")));
    await expect(page.getByRole("heading", { level: 2, name: "Picked for you" }), "picks on home (BFF Mobile's curation budget)").toBeVisible({
      timeout: 2_000,
    });
    await page.waitForLoadState("networkidle");
    shown = await shownPicks(page);
    expect(followAnswers(shown), JSON.stringify(shown.map((p) => p.label))).toBe(true);
  }).toPass({ timeout: 120_000, intervals: [2_000, 5_000] });
  return shown;
}

/** The order screen right after checkout, then the same order under "Your orders". */
async function expectOrderConfirmed(page: Page): Promise<void> {
  await expect(page.getByRole("heading", { level: 1, name: "Thank you — your order is confirmed" })).toBeVisible({ timeout: 60_000 });
  await expect(page).toHaveURL(/\/m\/orders\/[^/?]+/);
}

/** Serves the app's web build from mobile/dist, as a phone has the app installed: only
 * BFF Mobile (and its pictures) are on the network. */
async function serveInstalledApp(page: Page): Promise<void> {
  const types: Record<string, string> = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".json": "application/json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".ttf": "font/ttf",
    ".ico": "image/x-icon",
  };
  await page.route(
    (url) => url.pathname === "/m" || url.pathname.startsWith("/m/"),
    async (route) => {
      const path = new URL(route.request().url()).pathname.replace(/^\/m\/?/, "");
      let file = join(DIST, decodeURIComponent(path));
      if (!file.startsWith(DIST) || !path || !statSync(file, { throwIfNoEntry: false })?.isFile()) file = join(DIST, "index.html");
      await route.fulfill({ status: 200, contentType: types[extname(file)] ?? "application/octet-stream", body: readFileSync(file) });
    },
  );
}

test("sign up → verify → sign in (PKCE) → questionnaire → picks → buy → orders → TOTP → step-up buy → offline home", async ({ page }) => {
  test.setTimeout(900_000);
  const email = `shopper-${Date.now()}@example.com`;

  await test.step("sign up", async () => {
    await page.goto("/m/");
    await expect(page.getByRole("heading", { level: 1, name: "Good taste, curated for yours." })).toBeVisible();
    await page.getByRole("link", { name: "Join BookBrew" }).click();
    await expect(page).toHaveURL(/\/m\/sign-up$/);
    await expect(page.getByRole("heading", { level: 1, name: "Create your account" })).toBeVisible();
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByText("Tell us what to call you.")).toBeVisible();
    await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
    await page.getByLabel("What should we call you?").fill("Ada");
    await page.getByLabel("E-mail", { exact: true }).fill(email);
    await page.getByLabel("Password", { exact: true }).fill(password);
    await snap(page, "sign-up");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Check your inbox" })).toBeVisible();
    await expect(page.getByText(email, { exact: false }).filter({ visible: true })).toBeVisible();
  });

  await test.step("verify the e-mail with the link the shop sent", async () => {
    const link = new URL(await verificationLink(email));
    const token = link.searchParams.get("token");
    expect(token, link.toString()).toBeTruthy();
    // The web build's screen for the link (the e-mail itself points at the web shop's).
    await page.goto(`/m/verify-email?token=${encodeURIComponent(token!)}`);
    await expect(page.getByRole("heading", { level: 1, name: "Your e-mail is confirmed" })).toBeVisible();
    await expect(page.getByText(`${email} is confirmed.`, { exact: false })).toBeVisible();
  });

  await test.step("sign in: code + PKCE on the identity service's page", async () => {
    await signInThroughPopup(page, page.getByRole("button", { name: "Sign in" }), email, password);
    await page.getByRole("link", { name: "Go to the shop" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Welcome back, Ada." })).toBeVisible();
  });

  await test.step("taste questionnaire", async () => {
    await page.getByRole("link", { name: "Tune your taste" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Welcome to BookBrew" })).toBeVisible();
    await expect(page.getByText(/Question 1 of \d+/)).toBeVisible();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByRole("alert")).toContainText("Please choose at least one option.");
    await page.getByRole("checkbox", { name: "Books" }).click();
    await page.getByRole("checkbox", { name: "Coffee" }).click();
    await expect(page.getByRole("checkbox", { name: "Books" })).toBeChecked();
    await expect(page.getByText("Question 1 of 5")).toBeVisible(); // categories, genres, roast, budget, discovery
    await snap(page, "questionnaire");
    await page.getByRole("button", { name: "Next" }).click();

    await expect(page.getByRole("heading", { level: 2, name: "Which kinds of book do you enjoy?" })).toBeVisible();
    await expect(page.getByText("Question 2 of 5")).toBeVisible();
    await page.getByRole("checkbox", { name: "Fantasy" }).click();
    await page.getByRole("checkbox", { name: "Crime" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByRole("heading", { level: 2, name: /roast/i })).toBeVisible();
    await expect(page.getByText("Question 3 of 5")).toBeVisible();
    await page.getByRole("radio", { name: /^Dark/ }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByRole("heading", { level: 2, name: /What do you usually spend/ })).toBeVisible();
    await page.getByRole("radio", { name: "Up to €30" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await expect(page.getByRole("heading", { level: 2, name: /Favourites or discoveries/ })).toBeVisible();
    await page.getByRole("radio", { name: "A mix of both" }).click();
    await page.getByRole("button", { name: "Finish" }).click();
    await expect(page.getByRole("heading", { name: /that’s your taste noted/ })).toBeVisible();
  });

  let bought: ShownPick;
  await test.step("home: picks with reasons that follow the answers", async () => {
    await page.getByRole("link", { name: "See your picks" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Welcome back, Ada." })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Best-selling books" })).toBeVisible();
    const picks = await picksFollowingAnswers(page);
    bought = picks.find((pick) => ANSWERED.test(pick.reason))!;
    await snap(page, "home");
  });

  await test.step("add a pick to the cart and check out with 4242 4242 4242 4242", async () => {
    // Home may have read its picks again since (curation hears of every answer and view):
    // take a pick that follows the answers from the row as it is now.
    await expect(async () => {
      const now = (await shownPicks(page)).find((pick) => ANSWERED.test(pick.reason));
      expect(now, "a pick that follows the answers").toBeTruthy();
      bought = now!;
      await page.locator(`[aria-label="Picked for you"] [data-testid="card-${bought.sku}"]`).filter({ visible: true }).click({ timeout: 3_000 });
    }).toPass({ timeout: 60_000 });
    await expect(page).toHaveURL(new RegExp(`/m/products/${encodeURIComponent(bought.sku)}$`));
    // The tile reads out "name, reason, price".
    const name = bought.label.slice(0, bought.label.indexOf(`, ${bought.reason}`));
    await expect(page.getByRole("heading", { level: 1, name, exact: true })).toBeVisible();
    await expect(page.getByRole("button", { name: "Add to cart" })).toBeVisible();
    await snap(page, "product");
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByText("Added 1 to your cart.").filter({ visible: true })).toBeVisible();
    await page.getByRole("link", { name: "See your cart" }).click();
    const lines = page.getByRole("list", { name: "Items in your cart" });
    await expect(lines).toContainText(name);
    await expect(lines.getByRole("listitem")).toHaveCount(1);
    await expect(tab(page, /^Cart, 1 item/)).toBeVisible();
    await snap(page, "cart");
    await page.getByRole("link", { name: "Check out" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Checkout" }).last()).toBeVisible();
    await fillCheckout(page, "Ada", "4242 4242 4242 4242");
    await expect(page.getByLabel("Card number")).toHaveValue("4242 4242 4242 4242");
    await snap(page, "checkout");
    await page.getByRole("button", { name: "Place order" }).click();
    await expectOrderConfirmed(page);
    await expect(page.getByRole("list", { name: "Items in this order" })).toContainText(`1 × ${name}`);
    await snap(page, "order");
  });

  await test.step("the order under orders", async () => {
    await page.getByRole("link", { name: "All your orders" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your orders" }).last()).toBeVisible();
    const orders = page.getByRole("list", { name: "Orders" }).getByRole("link");
    await expect(orders).toHaveCount(1);
    await expect(orders.first()).toHaveAccessibleName(/Confirmed|Being prepared/);
    await snap(page, "orders");
  });

  let authenticator: Authenticator;
  await test.step("account, notifications, and two-step sign-in (TOTP)", async () => {
    await backToTabs(page);
    await tab(page, "Account").click();
    await expect(page.getByRole("heading", { level: 1, name: "Hello, Ada" })).toBeVisible();
    await expect(page.getByText(email, { exact: true }).filter({ visible: true })).toBeVisible();
    await snap(page, "account");

    await page.getByRole("link", { name: /^Notifications/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Notifications" }).last()).toBeVisible();
    await expect(page.getByRole("switch").first()).toBeVisible();
    await snap(page, "preferences");
    await page.goBack();
    await expect(page.getByRole("heading", { level: 1, name: "Hello, Ada" })).toBeVisible();

    await page.getByRole("link", { name: "Two-step sign-in: Off" }).click();
    await page.getByRole("button", { name: "Set up an authenticator app" }).click();
    await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
    const secret = (await page.getByTestId("totp-secret").innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7= ]{16,}$/);
    authenticator = new Authenticator(secret);
    await snap(page, "mfa");
    await page.getByLabel("6-digit code").fill("12345");
    await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    await expect(page.getByText("Enter the 6-digit code your app shows.")).toBeVisible();
    await page.getByLabel("6-digit code").fill(await authenticator.code());
    await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    await expect(page.getByRole("heading", { name: "Two-step sign-in is on" })).toBeVisible();
    await expect(page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem").first()).toBeVisible();
  });

  await test.step("browse a category with filters, and search", async () => {
    await backToTabs(page);
    await tab(page, "Shop").click();
    await expect(page.getByRole("heading", { level: 1, name: "Shop the shelves" })).toBeVisible();
    await snap(page, "browse");
    await page.getByRole("link", { name: /^Coffee:/ }).last().click();
    await expect(page).toHaveURL(/\/m\/categories\/coffee/);
    await expect(page.locator(CARD).filter({ visible: true }).first()).toBeVisible();
    await page.getByRole("button", { name: /^Show filters/ }).click();
    await expect(page.getByText("Sort by")).toBeVisible();
    await page.getByRole("switch", { name: "In stock only" }).click();
    await expect(page.getByRole("button", { name: "Hide filters" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Clear filters" })).toBeVisible();
    await expect(page.locator(CARD).filter({ visible: true }).first()).toBeVisible();
    await snap(page, "category");

    await backToTabs(page);
    await tab(page, "Search").click();
    await expect(page.getByRole("heading", { level: 1, name: "Search" })).toBeVisible();
    await page.getByLabel("Search books, scents, coffee…").fill("coffee");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page.locator(`[aria-label="Search results"] ${CARD}`).filter({ visible: true }).first()).toBeVisible();
    await snap(page, "search");
  });

  await test.step("a second product, checked out with 4000 0025 0000 3155: step-up with TOTP", async () => {
    // Another product than the first order's (search may well rank that one first).
    const card = page
      .locator(`[aria-label="Search results"] ${CARD}:not([data-testid="card-${bought.sku}"])`)
      .filter({ visible: true })
      .first();
    const sku = (await card.getAttribute("data-testid"))!.replace(/^card-/, "");
    await card.click();
    await expect(page).toHaveURL(new RegExp(`/m/products/${encodeURIComponent(sku)}$`));
    await page.getByRole("button", { name: "Add to cart" }).click();
    await expect(page.getByText("Added 1 to your cart.").filter({ visible: true })).toBeVisible();
    await page.getByRole("link", { name: "See your cart" }).click();
    await expect(page.getByRole("list", { name: "Items in your cart" }).getByRole("listitem")).toHaveCount(1);
    await page.getByRole("link", { name: "Check out" }).click();
    await fillCheckout(page, "Ada", "4000 0025 0000 3155");
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.getByRole("heading", { level: 2, name: "Confirm it’s you" })).toBeVisible({ timeout: 60_000 });
    await signInThroughPopup(page, page.getByRole("button", { name: "Confirm payment" }), email, password, () => authenticator.code());
    await expectOrderConfirmed(page);
    await page.getByRole("link", { name: "All your orders" }).click();
    await expect(page.getByRole("list", { name: "Orders" }).getByRole("link")).toHaveCount(2);
  });

  await test.step("with the shop stopped, home still shows from the cache on the device", async () => {
    await backToTabs(page);
    await tab(page, "Home").click();
    await expect(page.getByRole("heading", { level: 1, name: "Welcome back, Ada." })).toBeVisible();
    const shelf = page.locator(`[aria-label="Best-selling books"] ${CARD}`).filter({ visible: true }).first();
    await expect(shelf).toBeVisible();
    const kept = (await shelf.getAttribute("aria-label"))!;
    // Kept on the device (TanStack Query persisted to AsyncStorage, localStorage here).
    await expect.poll(() => page.evaluate(() => window.localStorage.getItem("bookbrew.cache")?.includes('"/api/home"') ?? false)).toBe(true);

    const pid = Number(process.env.E2E_SHOP_PID);
    expect(pid, "E2E_SHOP_PID (run through e2e/run.sh)").toBeGreaterThan(0);
    process.kill(pid, "SIGTERM");
    await expect
      .poll(async () => page.request.get("/health/ready", { timeout: 2_000 }).then(() => "up", () => "down"), { timeout: 60_000 })
      .toBe("down");

    await serveInstalledApp(page);
    await page.reload();
    await expect(page.getByRole("heading", { level: 2, name: "Best-selling books" })).toBeVisible({ timeout: 60_000 });
    await expect(page.locator(`${CARD}[aria-label="${kept.replace(/"/g, '\\"')}"]`).filter({ visible: true }).first()).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Best-selling coffee" })).toBeVisible();
    await snap(page, "offline-home");
  });
});
