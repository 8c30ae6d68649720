import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes } from "react-router";
import { beforeEach, describe, expect, it } from "vitest";
import { json, mockShop, renderWithShop, signedIn, type Shop } from "../../test/shop";
import CheckoutPage from "./CheckoutPage";

const CART = {
  lines: [
    {
      sku: "CF-001",
      name: "Coffee 1",
      category: "coffee",
      image: null,
      quantity: 1,
      unit_price: { amount: 1200, currency: "EUR" },
      line_total: { amount: 1200, currency: "EUR" },
      available: true,
      max_quantity: 10,
    },
  ],
  item_count: 1,
  subtotal: { amount: 1200, currency: "EUR" },
  can_checkout: true,
};

let shop: Shop;

beforeEach(() => {
  shop = mockShop({ "GET /api/session": signedIn(), "GET /api/cart": CART, "GET /api/checkout/address": { address: null } });
});

function checkout() {
  return renderWithShop(
    <Routes>
      <Route path="/checkout" element={<CheckoutPage />} />
      <Route path="/orders/:orderId" element={<p>Order page</p>} />
    </Routes>,
    shop,
    "/checkout",
  );
}

async function fillCard() {
  await userEvent.type(screen.getByLabelText("Card number"), "4242424242424242");
  await userEvent.type(screen.getByLabelText("Expiry (MM / YY)"), "1234");
  await userEvent.type(screen.getByLabelText("CVC"), "123");
}

describe("checkout", () => {
  it("fills the form with the address the last order went to", async () => {
    shop.on("GET /api/checkout/address", () => ({
      address: { name: "Ana Lima", line1: "Kastanienallee 1", line2: "", postal_code: "10435", city: "Berlin", region: null, country: "AT" },
    }));
    checkout();
    expect(await screen.findByText(/Where your last order went/)).toBeInTheDocument();
    expect(screen.getByLabelText("Street and number")).toHaveValue("Kastanienallee 1");
    expect(screen.getByLabelText("Postcode")).toHaveValue("10435");
    expect(screen.getByLabelText("Town or city")).toHaveValue("Berlin");
    expect(screen.getByLabelText("Country")).toHaveValue("AT");
  });

  it("leaves the form empty before the first order", async () => {
    checkout();
    await screen.findByLabelText("Full name");
    await waitFor(() => expect(shop.callsTo("GET /api/checkout/address")).toHaveLength(1));
    expect(screen.getByLabelText("Street and number")).toHaveValue("");
    expect(screen.queryByText(/Where your last order went/)).not.toBeInTheDocument();
  });

  it("clears a field's error as soon as the field is fixed, and only that one", async () => {
    checkout();
    await screen.findByLabelText("Full name");
    await userEvent.click(screen.getByRole("button", { name: "Place order" }));
    expect(await screen.findByText("Enter the street and number.")).toBeInTheDocument();
    expect(screen.getByText("Enter the postcode.")).toBeInTheDocument();
    expect(screen.getByText("Enter the card number.")).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText("Street and number"), "Kastanienallee 1");
    expect(screen.queryByText("Enter the street and number.")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Street and number")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByText("Enter the postcode.")).toBeInTheDocument(); // not fixed yet
    // A card number still being typed says what is wrong now, then nothing once right.
    await userEvent.type(screen.getByLabelText("Card number"), "4242");
    expect(screen.getByText("This card number isn’t valid; check the digits.")).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText("Card number"), "424242424242");
    expect(screen.queryByText("This card number isn’t valid; check the digits.")).not.toBeInTheDocument();
    expect(screen.getByLabelText("Card number")).not.toHaveAttribute("aria-invalid");
    expect(screen.getByText("Enter the expiry date.")).toBeInTheDocument();
    expect(shop.callsTo("POST /api/checkout")).toHaveLength(0);
  });

  it("sends the delivery address with the order", async () => {
    shop.on("POST /api/payment-methods", () =>
      json({ token: "tok_sbx_1", brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034 }, 201),
    );
    shop.on("POST /api/checkout", () => json({ id: "0f3c", status: "confirmed" }, 201));
    checkout();
    const name = await screen.findByLabelText("Full name");
    expect(name).toHaveValue("Ana Lima");
    await userEvent.type(screen.getByLabelText("Street and number"), "Kastanienallee 1");
    await userEvent.type(screen.getByLabelText("Flat, floor, etc. (optional)"), "Hinterhaus");
    await userEvent.type(screen.getByLabelText("Postcode"), "10435");
    await userEvent.type(screen.getByLabelText("Town or city"), "Berlin");
    await userEvent.selectOptions(screen.getByLabelText("Country"), "DE");
    await fillCard();
    await userEvent.click(screen.getByRole("button", { name: "Place order" }));

    expect(await screen.findByText("Order page")).toBeInTheDocument();
    expect(shop.callsTo("POST /api/payment-methods")[0].body).toEqual({
      number: "4242424242424242",
      exp_month: 12,
      exp_year: 2034,
      cvc: "123",
    });
    const [placed] = shop.callsTo("POST /api/checkout");
    expect(placed.body).toEqual({
      shipping: {
        name: "Ana Lima",
        line1: "Kastanienallee 1",
        line2: "Hinterhaus",
        postal_code: "10435",
        city: "Berlin",
        country: "DE",
      },
      payment_method: "tok_sbx_1",
    });
    expect(placed.headers.get("Idempotency-Key")).toMatch(/^web-/);
    expect(placed.headers.get("X-CSRF-Token")).toBe("csrf-1");
    // The cart is read again after the checkout (the header's count with it).
    await waitFor(() => expect(shop.callsTo("GET /api/cart")).toHaveLength(2));
  });

  it("sends nothing while the address is incomplete", async () => {
    checkout();
    await screen.findByLabelText("Full name");
    await fillCard();
    await userEvent.click(screen.getByRole("button", { name: "Place order" }));
    expect(screen.getByText("Enter the street and number.")).toBeInTheDocument();
    expect(screen.getByLabelText("Postcode")).toHaveAttribute("aria-invalid", "true");
    expect(shop.calls.filter((c) => c.method === "POST")).toEqual([]);
  });
});
