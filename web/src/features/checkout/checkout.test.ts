import { describe, expect, it } from "vitest";
import {
  EMPTY_ADDRESS,
  addressLines,
  addressSummary,
  cancellable,
  checkoutOutcome,
  newIdempotencyKey,
  validateAddress,
  type Order,
  type ShippedTo,
} from "./checkout";

const order = (status: Order["status"], extra: Partial<Order> = {}): Order => ({
  id: "0f3c",
  customer_id: "c-1",
  status,
  lines: [],
  total: { amount: 1200, currency: "EUR" },
  payment: { id: null, status: null },
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
  ...extra,
});

describe("checkoutOutcome", () => {
  it("confirmed and pending orders go to the order page", () => {
    expect(checkoutOutcome(order("confirmed"))).toEqual({ kind: "confirmed", orderId: "0f3c" });
    expect(checkoutOutcome(order("pending")).kind).toBe("pending");
  });
  it("an order awaiting confirmation asks for the step-up sign-in", () => {
    const login = "/auth/login?return_to=%2Fcheckout%2Fconfirm%2F0f3c&prompt=step_up";
    expect(checkoutOutcome(order("awaiting_confirmation", { login_url: login }))).toEqual({
      kind: "step-up",
      orderId: "0f3c",
      loginUrl: login,
    });
    // Without a login_url from the BFF, one is made for the confirmation page.
    const made = checkoutOutcome(order("awaiting_confirmation"));
    expect(made.kind === "step-up" && made.loginUrl).toBe(login);
  });
  it("a failed order says why", () => {
    expect(checkoutOutcome(order("failed", { reason: "Your card was declined." }))).toEqual({
      kind: "failed",
      orderId: "0f3c",
      reason: "Your card was declined.",
    });
    const plain = checkoutOutcome(order("failed"));
    expect(plain.kind === "failed" && plain.reason).toMatch(/nothing was charged/);
  });
});

describe("checkout helpers", () => {
  it("makes a fresh idempotency key per attempt", () => {
    const a = newIdempotencyKey();
    expect(a).toMatch(/^web-[A-Za-z0-9_.:-]{8,}$/);
    expect(newIdempotencyKey()).not.toBe(a);
  });
  it("checks the address", () => {
    expect(Object.keys(validateAddress(EMPTY_ADDRESS)).sort()).toEqual(["city", "line1", "name", "postal_code"]);
    expect(validateAddress({ ...EMPTY_ADDRESS, name: "Ada", line1: "Main St 1", postal_code: "10115", city: "Berlin" })).toEqual({});
    expect(validateAddress({ ...EMPTY_ADDRESS, name: "Ada", line1: "x", postal_code: "10115", city: "B", country: "Germany" }).country).toBeTruthy();
  });
  it("lets shoppers cancel until it ships", () => {
    expect(cancellable("confirmed")).toBe(true);
    expect(cancellable("shipped")).toBe(false);
    expect(cancellable("failed")).toBe(false);
  });
});

describe("shipping addresses", () => {
  const shipped: ShippedTo = {
    recipient: "Ada Lovelace",
    line1: "Unter den Linden 1",
    line2: null,
    city: "Berlin",
    postal_code: "10117",
    region: null,
    country: "DE",
  };
  it("prints an order's address one line each, without empty lines", () => {
    expect(addressLines(shipped)).toEqual(["Ada Lovelace", "Unter den Linden 1", "10117 Berlin", "Germany"]);
    expect(addressLines({ ...shipped, line2: "3. OG", region: "Berlin", country: "US" })).toEqual([
      "Ada Lovelace",
      "Unter den Linden 1",
      "3. OG",
      "10117 Berlin",
      "Berlin",
      "US",
    ]);
    expect(addressLines({ ...shipped, line2: "  " })).toHaveLength(4);
  });
  it("sums it up for lists", () => {
    expect(addressSummary(shipped)).toBe("Ada Lovelace, Berlin");
  });
  it("checks the postcode and the name's length as the shop does", () => {
    const ok = { ...EMPTY_ADDRESS, name: "Ada", line1: "Main St 1", postal_code: "1100-053", city: "Lisboa", country: "PT" };
    expect(validateAddress(ok)).toEqual({});
    expect(validateAddress({ ...ok, postal_code: "#1100" }).postal_code).toMatch(/letters, digits/);
    expect(validateAddress({ ...ok, name: "x".repeat(121) }).name).toBeTruthy();
  });
});
