import { fireEvent, screen, waitFor } from "@testing-library/react-native";
import { network, renderApp } from "../../test/harness";
import { CheckoutScreen } from "./CheckoutScreen";

const money = (amount: number) => ({ amount, currency: "EUR", display: `€${(amount / 100).toFixed(2)}` });
const me = { id: "c1", display_name: "Ada", email: "ada@example.com", email_verified: true, mfa_enabled: true };
const cart = {
  lines: [{ sku: "CF-001", name: "Ethiopia Yirgacheffe", image: null, unit_price: money(899), quantity: 1, line_total: money(899), available: true }],
  subtotal: money(899),
  item_count: 1,
  can_checkout: true,
  cart_id: null,
  customer_id: "c1",
  expires_at: null,
};
const order = (status: string) => ({
  id: "ord-1",
  status,
  created_at: "2026-03-04T10:00:00Z",
  total: money(899),
  lines: [{ sku: "CF-001", name: "Ethiopia Yirgacheffe", quantity: 1, unit_price: money(899), line_total: money(899) }],
  shipping_address: null,
  reason: null,
  next_action: status === "awaiting_confirmation" ? { type: "step_up" } : null,
});

async function fillIn(card: string) {
  await waitFor(() => expect(screen.getByLabelText("Full name").props.value).toBe("Ada"));
  await fireEvent.changeText(screen.getByLabelText("Street and number"), "Kastanienallee 12");
  await fireEvent.changeText(screen.getByLabelText("Postcode"), "10435");
  await fireEvent.changeText(screen.getByLabelText("Town or city"), "Berlin");
  await fireEvent.changeText(screen.getByLabelText("Card number"), card);
  await fireEvent.changeText(screen.getByLabelText("Expiry (MM / YY)"), "1234");
  await fireEvent.changeText(screen.getByLabelText("CVC"), "123");
}

describe("CheckoutScreen", () => {
  it("fills the address my last order went to", async () => {
    const saved = { recipient: "Ada Lovelace", line1: "Kastanienallee 12", line2: null, postal_code: "10435", city: "Berlin", region: null, country: "DE" };
    const { fetch } = network({ "GET /api/me": me, "GET /api/cart": cart, "GET /api/checkout/address": { address: saved } });
    await renderApp({ checkout: CheckoutScreen }, { fetch, initialUrl: "/checkout", signedIn: true });
    expect(await screen.findByText(/Where your last order went/)).toBeTruthy();
    expect(screen.getByLabelText("Full name").props.value).toBe("Ada Lovelace");
    expect(screen.getByLabelText("Street and number").props.value).toBe("Kastanienallee 12");
    expect(screen.getByLabelText("Postcode").props.value).toBe("10435");
    expect(screen.getByLabelText("Town or city").props.value).toBe("Berlin");
  });

  it("checks the form before sending anything", async () => {
    const { fetch, requests } = network({ "GET /api/me": me, "GET /api/cart": cart });
    await renderApp({ checkout: CheckoutScreen }, { fetch, initialUrl: "/checkout", signedIn: true });
    await fireEvent.press(await screen.findByLabelText("Place order"));
    expect(await screen.findByText("Enter the street and number.")).toBeTruthy();
    expect(screen.getByText("Enter the card number.")).toBeTruthy();
    expect(requests.some((r) => r.method === "POST")).toBe(false);
  });

  it("tokenizes the card, then checks out with the token, the address and an idempotency key", async () => {
    const { fetch, requests } = network({
      "GET /api/me": me,
      "GET /api/cart": cart,
      "POST /api/payment-methods": { token: "tok_visa_1", brand: "visa", last4: "4242" },
      "POST /api/checkout": order("confirmed"),
      "GET /api/orders/ord-1": order("confirmed"),
    });
    await renderApp({ checkout: CheckoutScreen, "orders/[id]": () => null }, { fetch, initialUrl: "/checkout", signedIn: true });
    await fillIn("4242 4242 4242 4242");
    await fireEvent.press(screen.getByLabelText("Place order"));
    await waitFor(() => expect(requests.some((r) => r.url.endsWith("/api/checkout"))).toBe(true));
    const tokenize = requests.find((r) => r.url.endsWith("/api/payment-methods"))!;
    expect(await tokenize.json()).toEqual({ number: "4242424242424242", exp_month: 12, exp_year: 2034, cvc: "123" });
    const checkout = requests.find((r) => r.url.endsWith("/api/checkout"))!;
    expect(checkout.headers.get("Idempotency-Key")).toMatch(/^mobile-/);
    expect(checkout.headers.get("Authorization")).toBe("Bearer access-1");
    expect(await checkout.json()).toEqual({
      payment_method: "tok_visa_1",
      shipping_address: { recipient: "Ada", line1: "Kastanienallee 12", line2: null, postal_code: "10435", city: "Berlin", country: "DE" },
    });
  });

  it("asks for the second factor when the order waits for it", async () => {
    const { fetch } = network({
      "GET /api/me": me,
      "GET /api/cart": cart,
      "POST /api/payment-methods": { token: "tok_3ds", brand: "visa", last4: "3155" },
      "POST /api/checkout": order("awaiting_confirmation"),
    });
    await renderApp({ checkout: CheckoutScreen }, { fetch, initialUrl: "/checkout", signedIn: true });
    await fillIn("4000 0025 0000 3155");
    await fireEvent.press(screen.getByLabelText("Place order"));
    expect(await screen.findByText("Confirm it’s you")).toBeTruthy();
    expect(screen.getByLabelText("Confirm payment")).toBeTruthy();
  });

  it("asks a guest to sign in first", async () => {
    const { fetch } = network({ "GET /api/cart": cart });
    await renderApp({ checkout: CheckoutScreen }, { fetch, initialUrl: "/checkout" });
    expect(await screen.findByText("Sign in to check out")).toBeTruthy();
  });
});
