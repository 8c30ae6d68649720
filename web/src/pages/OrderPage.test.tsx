import { render, screen, within } from "@testing-library/react";
import { MemoryRouter, Route, Routes } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Order } from "../lib/checkout";

const { GET, POST } = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock("../api/client", () => ({ api: { GET, POST } }));
vi.mock("../session", () => ({
  useSession: () => ({ status: "ready", signedIn: true, customer: null, problem: null }),
}));

import OrderPage from "./OrderPage";
import OrdersPage from "./OrdersPage";

const ok = (data: unknown) => ({ data, response: new Response(null, { status: 200 }) });

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

function at(path: string) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <Routes>
        <Route path="/orders" element={<OrdersPage />} />
        <Route path="/orders/:orderId" element={<OrderPage />} />
      </Routes>
    </MemoryRouter>,
  );
}

beforeEach(() => {
  GET.mockReset();
  POST.mockReset();
});

describe("an order's shipping address", () => {
  it("is shown on the order page, one line each", async () => {
    GET.mockResolvedValue(ok(order()));
    at("/orders/0f3c9a7b2d");
    const address = await screen.findByLabelText("Delivery address");
    expect(address.tagName).toBe("ADDRESS");
    const lines = within(address)
      .getAllByText(/.+/)
      .map((line) => line.textContent);
    expect(lines).toEqual(["Ana Lima", "Kastanienallee 1", "Hinterhaus", "10435 Berlin", "Germany"]);
    expect(screen.getByRole("heading", { name: "Delivery address" })).toBeInTheDocument();
    expect(GET).toHaveBeenCalledWith("/api/orders/{order_id}", expect.objectContaining({ params: { path: { order_id: "0f3c9a7b2d" } } }));
  });

  it("is left out for an order placed before addresses were taken", async () => {
    GET.mockResolvedValue(ok(order({ shipping_address: null })));
    at("/orders/0f3c9a7b2d");
    expect(await screen.findByText("Coffee 1")).toBeInTheDocument();
    expect(screen.queryByRole("heading", { name: "Delivery address" })).not.toBeInTheDocument();
  });

  it("is summed up in the orders list", async () => {
    GET.mockResolvedValue(ok({ items: [order(), order({ id: "1a2b3c4d5e", shipping_address: null })], next_cursor: null }));
    at("/orders");
    const list = await screen.findByRole("list", { name: "Orders" });
    const [first, second] = within(list).getAllByRole("listitem");
    expect(within(first).getByText("To Ana Lima, Berlin")).toBeInTheDocument();
    expect(within(second).queryByText(/^To /)).not.toBeInTheDocument();
  });
});
