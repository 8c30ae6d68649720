import { screen, within } from "@testing-library/react";
import { Route, Routes } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";
import { mockShop, renderWithShop, signedIn, type Shop } from "../../test/shop";
import type { Order } from "./checkout";
import OrderPage from "./OrderPage";
import OrdersPage from "./OrdersPage";

const order = (extra: Partial<Order> = {}): Order => ({
  id: "0f3c9a7b2d",
  customer_id: "c-1",
  status: "confirmed",
  lines: [
    {
      sku: "CF-001",
      name: "Coffee 1",
      category: "coffee",
      quantity: 2,
      unit_price: { amount: 1200, currency: "EUR" },
      line_total: { amount: 2400, currency: "EUR" },
    },
  ],
  total: { amount: 2400, currency: "EUR" },
  payment: { id: "pay-1", status: "succeeded" },
  shipping_address: {
    recipient: "Ana Lima",
    line1: "Kastanienallee 1",
    line2: "Hinterhaus",
    city: "Berlin",
    postal_code: "10435",
    region: null,
    country: "DE",
  },
  created_at: "2026-11-24T10:00:00Z",
  updated_at: "2026-11-24T10:00:00Z",
  ...extra,
});

let shop: Shop;

function at(path: string) {
  return renderWithShop(
    <Routes>
      <Route path="/orders" element={<OrdersPage />} />
      <Route path="/orders/:orderId" element={<OrderPage />} />
    </Routes>,
    shop,
    path,
  );
}

beforeEach(() => {
  shop = mockShop({ "GET /api/session": signedIn() });
});

describe("an order's shipping address", () => {
  it("is shown on the order page, one line each", async () => {
    shop.on("GET /api/orders/0f3c9a7b2d", () => order());
    at("/orders/0f3c9a7b2d");
    const address = await screen.findByLabelText("Delivery address");
    expect(address.tagName).toBe("ADDRESS");
    const lines = within(address)
      .getAllByText(/.+/)
      .map((line) => line.textContent);
    expect(lines).toEqual(["Ana Lima", "Kastanienallee 1", "Hinterhaus", "10435 Berlin", "Germany"]);
    expect(screen.getByRole("heading", { name: "Delivery address" })).toBeInTheDocument();
    expect(shop.callsTo("GET /api/orders/0f3c9a7b2d")).toHaveLength(1);
  });

  it("is left out for an order placed before addresses were taken", async () => {
    shop.on("GET /api/orders/0f3c9a7b2d", () => order({ shipping_address: null }));
    at("/orders/0f3c9a7b2d");
    expect(await screen.findByText("Coffee 1")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Delivery address" })).not.toBeInTheDocument();
  });

  it("is summed up in the orders list", async () => {
    shop.on("GET /api/orders", () => ({ items: [order(), order({ id: "1a2b3c4d5e", shipping_address: null })], next_cursor: null }));
    at("/orders");
    const list = await screen.findByRole("list", { name: "Orders" });
    const [first, second] = within(list).getAllByRole("listitem");
    expect(within(first).getByText("To Ana Lima, Berlin")).toBeInTheDocument();
    expect(within(second).queryByText(/^To /)).not.toBeInTheDocument();
  });
});
