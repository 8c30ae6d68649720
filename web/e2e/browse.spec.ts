import { expect, test } from "@playwright/test";
import { expectHeadingFocused, settle, snap } from "./support";

test("browse: home → category with a facet → product → search", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Good taste, curated for yours." })).toBeVisible();
  for (const shelf of ["Best-selling books", "Best-selling coffee"]) {
    await expect(page.getByRole("heading", { level: 2, name: new RegExp(shelf, "i") })).toBeVisible();
  }
  await expect(page.getByRole("main").getByRole("article").first()).toBeVisible();
  await snap(page, "home");

  // Category, through the main navigation; focus moves to the new page's heading.
  await page.getByRole("navigation", { name: "Categories" }).getByRole("link", { name: "Coffee" }).click();
  await expect(page).toHaveURL(/\/categories\/coffee$/);
  await expectHeadingFocused(page, "Coffee");
  const count = page.locator(".listing__count");
  await expect(count).toHaveText(/^\d[\d,]* products$/);
  const total = Number((await count.innerText()).replace(/\D/g, ""));
  const products = page.getByRole("list", { name: "Products" }).getByRole("listitem");
  await expect(products).toHaveCount(24);

  // A facet: roast = dark. The URL, the count, the chips and the cards follow.
  const roast = page.getByRole("group", { name: "Roast" });
  await roast.getByRole("checkbox", { name: /^dark/i }).click();
  await expect(page).toHaveURL(/facet=roast%3Adark/);
  await expect(count).toHaveText(/products? match$/);
  const filtered = Number((await count.innerText()).replace(/\D/g, ""));
  expect(filtered).toBeGreaterThan(0);
  expect(filtered).toBeLessThan(total);
  await expect(page.getByRole("list", { name: "Active filters" }).getByRole("button", { name: /Roast: dark/ })).toBeVisible();
  await expect(products.first()).toContainText(/dark roast/i);

  // Sort by price, then load more through the cursor (with no filter, so there is more).
  await page.getByRole("list", { name: "Active filters" }).getByRole("button", { name: /Roast: dark/ }).click();
  await expect(count).toHaveText(`${total} products`);
  await page.getByLabel("Sort by").selectOption("price_asc");
  await expect(page).toHaveURL(/sort=price_asc/);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect(products).toHaveCount(48);
  await expect(page.getByText(`Showing 48 of ${total}`)).toBeVisible();

  await roast.getByRole("checkbox", { name: /^dark/i }).click();
  await expect(count).toHaveText(/match$/);
  await settle(page);
  await snap(page, "category");

  // Product detail with "more like this".
  const first = products.first().getByRole("link");
  const name = (await first.innerText()).trim();
  await first.click();
  await expect(page).toHaveURL(/\/products\/CF-/);
  await expectHeadingFocused(page, name);
  await expect(page.getByText(/€\d+\.\d\d/).first()).toBeVisible();
  await expect(page.getByRole("term").filter({ hasText: "Origin" })).toBeVisible();
  const related = page.getByRole("list", { name: "More like this" }).getByRole("listitem");
  await expect(related.first()).toBeVisible();
  expect(await related.count()).toBeGreaterThan(0);
  await snap(page, "product");

  // Search from the header.
  const search = page.getByRole("search").getByRole("searchbox", { name: "Search products" });
  await search.fill("vanilla");
  await search.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=vanilla/);
  await expectHeadingFocused(page, "Results for “vanilla”");
  await expect(page.locator(".listing__count")).toHaveText(/\d+ products?/);
  await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem").first()).toBeVisible();
  // Narrow to one category from the search's own facets.
  const categories = page.getByRole("group", { name: "Category" });
  await categories.getByRole("radio", { name: /Perfumes/ }).click();
  await expect(page).toHaveURL(/category=perfume/);
  await expect(categories.getByRole("radio", { name: /Perfumes/ })).toBeChecked();
  await expect(categories.getByRole("radio", { name: "All categories" })).not.toBeChecked();
  await expect(page.getByRole("list", { name: "Products" }).getByRole("listitem").first()).toContainText(/perfume/i);
  await snap(page, "search");
});

test("errors: a missing product shows the problem's title and detail", async ({ page }) => {
  await page.goto("/products/XX-0000");
  await expect(page.getByRole("heading", { level: 1, name: "We couldn’t find that product" })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("No product with SKU XX-0000.");
  await page.goto("/no/such/page");
  await expect(page.getByRole("heading", { level: 1, name: "We couldn’t find that page" })).toBeVisible();
});

test("keyboard: skip link, visible focus, search by keys alone", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
  await page.getByRole("searchbox", { name: "Search products" }).focus();
  await page.keyboard.type("ethiopia");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Results for “ethiopia”" })).toBeFocused();
  const outline = await page.getByRole("searchbox").evaluate((el) => {
    (el as HTMLElement).focus();
    return getComputedStyle(el.closest("form")!).outlineStyle;
  });
  expect(outline).toBe("solid");
});
