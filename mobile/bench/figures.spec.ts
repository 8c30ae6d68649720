import { writeFileSync } from "node:fs";
import { expect, test, type Page, type Request } from "@playwright/test";
import { fillCheckout, signInThroughPopup } from "../e2e/support";

// Figures for bench/bench_mobile.py (which starts the shop, makes the account and prints
// the table): cold starts of the web build to a rendered home, the requests the app makes
// per screen, and the signed-in home's payload. Never run by `make test`: the numbers
// are measurements, not checks.
const OUT = process.env.BENCH_OUT ?? "bench-figures.json";
const EMAIL = process.env.BENCH_EMAIL ?? "";
const PASSWORD = process.env.BENCH_PASSWORD ?? "";
const STARTS = Number(process.env.BENCH_STARTS ?? "15");

/** The BFF Mobile requests a page makes while `work` runs (pictures apart). */
async function apiRequests(page: Page, work: () => Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const listen = (request: Request) => {
    const url = new URL(request.url());
    if (url.pathname.startsWith("/mobile/api/")) seen.push(`${request.method()} ${url.pathname}`);
  };
  page.on("request", listen);
  try {
    await work();
    await page.waitForLoadState("networkidle");
  } finally {
    page.off("request", listen);
  }
  return seen;
}

test("mobile web build figures", async ({ browser }) => {
  test.setTimeout(900_000);
  expect(EMAIL, "BENCH_EMAIL (run through bench/bench_mobile.py)").not.toBe("");
  const startsMs: number[] = [];
  let homeRequests: string[] = [];
  for (let n = 0; n < STARTS; n++) {
    // A fresh context: nothing cached, nothing persisted, as a first start.
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const requests = await apiRequests(page, async () => {
      await page.goto("/m/");
      await expect(page.getByRole("heading", { level: 2, name: "Best-selling books" })).toBeVisible({ timeout: 60_000 });
      startsMs.push(await page.evaluate(() => performance.now()));
    });
    if (n === 0) homeRequests = requests;
    await context.close();
  }

  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto("/m/");
  await expect(page.getByRole("heading", { level: 2, name: "Best-selling books" })).toBeVisible({ timeout: 60_000 });
  // Signed in from the account tab; then the requests until the signed-in home shows.
  let signedInHome = "";
  page.on("response", async (r) => {
    if (new URL(r.url()).pathname === "/mobile/api/home" && r.request().headers()["authorization"] && r.status() === 200) {
      signedInHome = (await r.body()).toString("utf8");
    }
  });
  const signedInRequests = await apiRequests(page, async () => {
    await page.getByRole("tab", { name: "Account" }).click();
    await signInThroughPopup(page, page.getByRole("button", { name: "Sign in" }).filter({ visible: true }).first(), EMAIL, PASSWORD);
    await expect(page.getByRole("heading", { level: 1, name: "Hello, Bench" })).toBeVisible({ timeout: 60_000 });
    await page.getByRole("tab", { name: "Home" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /^Welcome back/ })).toBeVisible({ timeout: 60_000 });
  });
  await expect.poll(() => signedInHome !== "").toBe(true);

  // A best seller into the cart, then checkout: the requests from "Check out" to the
  // confirmed order.
  const tile = page.locator('[aria-label="Best-selling coffee"] [data-testid^="card-"]:not([data-testid="card-reason"])').filter({ visible: true }).first();
  const productRequests = await apiRequests(page, async () => {
    await tile.click();
    await expect(page.getByRole("button", { name: "Add to cart" }).filter({ visible: true })).toBeVisible();
  });
  await page.getByRole("button", { name: "Add to cart" }).filter({ visible: true }).click();
  await page.getByRole("link", { name: "See your cart" }).filter({ visible: true }).click();
  await expect(page.getByRole("list", { name: "Items in your cart" }).getByRole("listitem")).toHaveCount(1);
  const checkoutRequests = await apiRequests(page, async () => {
    await page.getByRole("link", { name: "Check out" }).click();
    await expect(page.getByLabel("Full name")).toBeVisible();
    await page.waitForLoadState("networkidle");
    await fillCheckout(page, "Bench", "4242 4242 4242 4242");
    await page.getByRole("button", { name: "Place order" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Thank you — your order is confirmed" })).toBeVisible({ timeout: 60_000 });
  });
  await context.close();

  writeFileSync(OUT, JSON.stringify({ startsMs, homeRequests, signedInRequests, productRequests, checkoutRequests, signedInHome }, null, 2));
});
