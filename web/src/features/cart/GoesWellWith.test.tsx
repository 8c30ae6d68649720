import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { inTurn, mockShop, renderWithShop, signedIn, type Shop } from "../../test/shop";
import CartPage from "./CartPage";
import { GoesWellWith, type Complements } from "./GoesWellWith";
import type { Cart } from "./queries";

const item = (sku: string, name: string, reason: string) => ({
  sku,
  name,
  category: "coffee",
  price: { amount: 1203, currency: "EUR", display: "€12.03" },
  image: `/media/${sku}.svg`,
  reason,
  novel: false,
});

const complements = (extra: Partial<Complements> = {}): Complements => ({
  available: true,
  recommendation_id: "rec-9",
  strategy: "model",
  model_version: "m-7",
  items: [item("CF-003", "Coffee 3", "Often bought with Coffee 1"), item("CF-004", "Coffee 4", "Same origin")],
  ...extra,
});

const line = (sku: string, name: string) => ({
  sku,
  name,
  category: "coffee",
  image: null,
  quantity: 1,
  unit_price: { amount: 1201, currency: "EUR" },
  line_total: { amount: 1201, currency: "EUR" },
  available: true,
  max_quantity: 10,
});

const cart = (skus: [string, string][], extra: Partial<Cart> = {}): Cart => ({
  cart_id: null,
  customer_id: "c-1",
  expires_at: null,
  lines: skus.map(([sku, name]) => line(sku, name)),
  item_count: skus.length,
  subtotal: { amount: 1201 * skus.length, currency: "EUR" },
  can_checkout: true,
  ...extra,
});

let shop: Shop;

beforeEach(() => {
  shop = mockShop({ "GET /api/session": signedIn(), "POST /api/interactions": { recorded: true } });
});

function shelf(props: Partial<Parameters<typeof GoesWellWith>[0]> = {}) {
  const onAdd = vi.fn(async () => undefined);
  renderWithShop(<GoesWellWith complements={complements()} onAdd={onAdd} {...props} />, shop);
  return onAdd;
}

const interactions = () => shop.callsTo("POST /api/interactions");

describe("GoesWellWith", () => {
  it("shows each complement with its reason, price and an add button", () => {
    shelf();
    const section = screen.getByRole("region", { name: "Goes well with" });
    expect(within(section).getByRole("heading", { level: 2, name: "Goes well with" })).toBeInTheDocument();
    expect(within(section).getAllByRole("listitem")).toHaveLength(2);
    expect(within(section).getByText("Often bought with Coffee 1")).toBeInTheDocument();
    expect(within(section).getAllByText("€12.03")).toHaveLength(2);
    expect(within(section).getByRole("link", { name: "Coffee 3" })).toHaveAttribute("href", "/products/CF-003");
    expect(within(section).getByRole("button", { name: "Add to cart Coffee 4" })).toBeEnabled();
  });

  it("adds an item and records the click with the recommendation", async () => {
    const onAdd = shelf();
    await userEvent.click(screen.getByRole("button", { name: "Add to cart Coffee 3" }));
    expect(onAdd).toHaveBeenCalledWith("CF-003", "Coffee 3");
    await waitFor(() => expect(interactions()).toHaveLength(1));
    expect(interactions()[0].body).toEqual({
      sku: "CF-003",
      kind: "click",
      source: "complements",
      recommendation_id: "rec-9",
      model_version: "m-7",
    });
    expect(interactions()[0].keepalive).toBe(true);
  });

  it("records a click on an item's link", async () => {
    shelf();
    await userEvent.click(screen.getByRole("link", { name: "Coffee 4" }));
    await waitFor(() => expect(interactions()).toHaveLength(1));
    expect(interactions()[0].body).toEqual(expect.objectContaining({ sku: "CF-004", source: "complements" }));
  });

  it("is hidden when curation was away, had nothing, or all is in the cart", () => {
    const { container, rerender } = renderWithShop(
      <GoesWellWith complements={complements({ available: false, items: [] })} onAdd={vi.fn()} />,
      shop,
    );
    expect(container).toBeEmptyDOMElement();
    rerender(<GoesWellWith complements={complements({ items: [] })} onAdd={vi.fn()} />);
    expect(container).toBeEmptyDOMElement();
    rerender(<GoesWellWith complements={null} onAdd={vi.fn()} />);
    expect(container).toBeEmptyDOMElement();
    rerender(<GoesWellWith complements={complements()} inCart={new Set(["CF-003", "CF-004"])} onAdd={vi.fn()} />);
    expect(container).toBeEmptyDOMElement();
  });
});

describe("the cart page's shelf", () => {
  it("adds a complement to the cart and refreshes it", async () => {
    shop.on(
      "GET /api/cart",
      inTurn(
        cart([["CF-001", "Coffee 1"]], { complements: complements() }),
        cart(
          [
            ["CF-001", "Coffee 1"],
            ["CF-003", "Coffee 3"],
          ],
          { complements: complements({ items: [item("CF-004", "Coffee 4", "Same origin")] }) },
        ),
      ),
    );
    shop.on("POST /api/cart/lines", () => cart([["CF-001", "Coffee 1"], ["CF-003", "Coffee 3"]]));
    renderWithShop(<CartPage />, shop, "/cart");
    await userEvent.click(await screen.findByRole("button", { name: "Add to cart Coffee 3" }));
    await waitFor(() => expect(screen.getByRole("status")).toHaveTextContent("Added Coffee 3 to your cart."));
    expect(shop.callsTo("POST /api/cart/lines").map((c) => c.body)).toEqual([
      { sku: "CF-003", quantity: 1, source: "recommendation" },
    ]);
    // The cart (and its shelf) read again after the add.
    expect(shop.callsTo("GET /api/cart")).toHaveLength(2);
    const lines = screen.getByRole("list", { name: "Items in your cart" });
    expect(within(lines).getByRole("link", { name: "Coffee 3" })).toBeInTheDocument();
    const section = screen.getByRole("region", { name: "Goes well with" });
    expect(within(section).queryByRole("button", { name: "Add to cart Coffee 3" })).not.toBeInTheDocument();
    expect(within(section).getByRole("button", { name: "Add to cart Coffee 4" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Added Coffee 3 to your cart.");
  });

  it("leaves the shelf out when complements are unavailable", async () => {
    shop.on("GET /api/cart", () =>
      cart([["CF-001", "Coffee 1"]], { complements: complements({ available: false, items: [] }) }),
    );
    renderWithShop(<CartPage />, shop, "/cart");
    expect(await screen.findByRole("list", { name: "Items in your cart" })).toBeInTheDocument();
    expect(screen.queryByRole("region", { name: "Goes well with" })).not.toBeInTheDocument();
  });
});
