import { act, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { problemFrom } from "../../api/problem";
import { inTurn, json, mockShop, renderHookWithShop, SIGNED_OUT, signedIn } from "../../test/shop";
import { useSession, useSignOut } from "../account/session";
import { usePlaceOrder } from "../checkout/queries";
import { useAddToCart, useCart, useRemoveLine, useSetQuantity, type Cart } from "./queries";

const line = (sku: string, quantity = 1) => ({
  sku,
  name: `Coffee ${sku}`,
  category: "coffee",
  image: null,
  quantity,
  unit_price: { amount: 1200, currency: "EUR" },
  line_total: { amount: 1200 * quantity, currency: "EUR" },
  available: true,
  max_quantity: 10,
});

const cart = (lines: ReturnType<typeof line>[], extra: Partial<Cart> = {}): Cart => ({
  cart_id: null,
  customer_id: "c-1",
  expires_at: null,
  lines,
  item_count: lines.reduce((n, l) => n + l.quantity, 0),
  subtotal: { amount: 1200 * lines.length, currency: "EUR" },
  can_checkout: lines.length > 0,
  ...extra,
});

const EMPTY = cart([]);
const ONE = cart([line("CF-001")]);
const TWO = cart([line("CF-001"), line("CF-002")]);

/** A promise the test resolves when it wants (a slow answer). */
function later<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((ok) => (resolve = ok));
  return { promise, resolve };
}

describe("the cart hook", () => {
  it("waits for the session, then reads the cart once for every reader", async () => {
    const shop = mockShop({ "GET /api/session": signedIn(), "GET /api/cart": ONE });
    const { result } = renderHookWithShop(() => [useCart(), useCart()] as const, shop);
    await waitFor(() => expect(result.current[0].data?.item_count).toBe(1));
    expect(result.current[1].data).toBe(result.current[0].data);
    expect(shop.calls.map((c) => c.path)).toEqual(["/api/session", "/api/cart"]);
    expect(shop.callsTo("GET /api/cart")[0].query.get("complements")).toBe("false");
  });

  it("after an add: shows the answer at once, then reads the cart again", async () => {
    const shop = mockShop({
      "GET /api/session": signedIn(),
      "GET /api/cart": inTurn(ONE, { ...TWO, item_count: 7 }),
      "POST /api/cart/lines": TWO,
    });
    const { result } = renderHookWithShop(() => ({ cart: useCart(), add: useAddToCart() }), shop);
    await waitFor(() => expect(result.current.cart.data?.item_count).toBe(1));

    await act(() => result.current.add.mutateAsync({ body: { sku: "CF-002", quantity: 1, source: "product" } }));

    const [added] = shop.callsTo("POST /api/cart/lines");
    expect(added.body).toEqual({ sku: "CF-002", quantity: 1, source: "product" });
    expect(added.headers.get("X-CSRF-Token")).toBe("csrf-1");
    expect(shop.callsTo("GET /api/cart")).toHaveLength(2);
    // The read after the change is what shows (the shop's word, not the mutation's).
    await waitFor(() => expect(result.current.cart.data?.item_count).toBe(7));
  });

  it.each([
    ["a new quantity", "PUT /api/cart/lines/CF-001"],
    ["a removed line", "DELETE /api/cart/lines/CF-001"],
  ])("after %s: reads the cart again", async (_, route) => {
    const shop = mockShop({
      "GET /api/session": signedIn(),
      "GET /api/cart": inTurn(TWO, cart([line("CF-002")])),
      [route]: cart([line("CF-002")]),
    });
    const { result } = renderHookWithShop(
      () => ({ cart: useCart(), setQuantity: useSetQuantity(), remove: useRemoveLine() }),
      shop,
    );
    await waitFor(() => expect(result.current.cart.data?.item_count).toBe(2));
    const sku = { params: { path: { sku: "CF-001" } } };
    await act(() =>
      route.startsWith("PUT")
        ? result.current.setQuantity.mutateAsync({ ...sku, body: { quantity: 3 } })
        : result.current.remove.mutateAsync(sku),
    );
    expect(shop.callsTo(route)).toHaveLength(1);
    expect(shop.callsTo("GET /api/cart")).toHaveLength(2);
    await waitFor(() => expect(result.current.cart.data?.lines.map((l) => l.sku)).toEqual(["CF-002"]));
  });

  it("keeps the cart page's shelf until the read after a change brings the new one", async () => {
    const shelf = (sku: string) => ({
      available: true,
      recommendation_id: `rec-${sku}`,
      items: [{ sku, name: sku, category: "coffee", price: { amount: 900, currency: "EUR", display: "€9.00" }, image: "", reason: "Same origin", novel: false }],
    });
    const reread = later<unknown>();
    const shop = mockShop({
      "GET /api/session": signedIn(),
      "GET /api/cart": inTurn(cart([line("CF-001")], { complements: shelf("CF-009") }), reread.promise),
      "PUT /api/cart/lines/CF-001": cart([line("CF-001", 2)]), // a change's answer has no complements
    });
    const { result } = renderHookWithShop(() => ({ cart: useCart({ complements: true }), setQuantity: useSetQuantity() }), shop);
    await waitFor(() => expect(result.current.cart.data?.complements?.items[0].sku).toBe("CF-009"));
    expect(shop.callsTo("GET /api/cart")[0].query.get("complements")).toBe("true");

    let settled = false;
    act(() => {
      void result.current.setQuantity
        .mutateAsync({ params: { path: { sku: "CF-001" } }, body: { quantity: 2 } })
        .then(() => (settled = true));
    });
    // The answer shows at once, with the shelf the last read gave…
    await waitFor(() => expect(result.current.cart.data?.item_count).toBe(2));
    expect(result.current.cart.data?.complements?.items[0].sku).toBe("CF-009");
    expect(settled).toBe(false); // …and the change settles once the cart is read again.
    await waitFor(() => expect(shop.callsTo("GET /api/cart")).toHaveLength(2));
    reread.resolve(cart([line("CF-001", 2)], { complements: shelf("CF-010") }));
    await waitFor(() => expect(settled).toBe(true));
    await waitFor(() => expect(result.current.cart.data?.complements?.items[0].sku).toBe("CF-010"));
  });

  it("after a refused change: says why, and reads the cart again all the same", async () => {
    const shop = mockShop({
      "GET /api/session": signedIn(),
      "GET /api/cart": ONE,
      "POST /api/cart/lines": json({ title: "Not enough stock", status: 409, detail: "Only 2 left." }, 409),
    });
    const { result } = renderHookWithShop(() => ({ cart: useCart(), add: useAddToCart() }), shop);
    await waitFor(() => expect(result.current.cart.data).toBeDefined());
    await act(async () => {
      await result.current.add.mutateAsync({ body: { sku: "CF-001", quantity: 5 } }).catch(() => undefined);
    });
    await waitFor(() =>
      expect(problemFrom(result.current.add.error)).toEqual({ title: "Not enough stock", status: 409, detail: "Only 2 left." }),
    );
    expect(shop.callsTo("GET /api/cart")).toHaveLength(2);
  });

  it("after a checkout: reads the cart again (emptied once the order is confirmed)", async () => {
    const order = { id: "o-1", status: "confirmed", lines: [], total: { amount: 1200, currency: "EUR" } };
    const shop = mockShop({
      "GET /api/session": signedIn(),
      "GET /api/cart": inTurn(ONE, EMPTY),
      "POST /api/checkout": json(order, 201),
    });
    const { result } = renderHookWithShop(() => ({ cart: useCart(), place: usePlaceOrder() }), shop);
    await waitFor(() => expect(result.current.cart.data?.item_count).toBe(1));
    await act(() =>
      result.current.place.mutateAsync({
        body: {
          shipping: { name: "Ana", line1: "Main St 1", line2: "", postal_code: "10115", city: "Berlin", country: "DE" },
          payment_method: "tok_1",
        },
        params: { header: { "Idempotency-Key": "web-1" } },
      }),
    );
    expect(shop.callsTo("POST /api/checkout")[0].headers.get("Idempotency-Key")).toBe("web-1");
    expect(shop.callsTo("GET /api/cart")).toHaveLength(2);
    await waitFor(() => expect(result.current.cart.data?.item_count).toBe(0));
  });

  it("after signing out: the header shows a guest at once and the guest's cart is read", async () => {
    const shop = mockShop({
      "GET /api/session": signedIn(),
      "GET /api/cart": inTurn(TWO, EMPTY),
      "POST /auth/logout": new Response(null, { status: 204 }),
    });
    const { result } = renderHookWithShop(() => ({ session: useSession(), cart: useCart(), signOut: useSignOut() }), shop);
    await waitFor(() => expect(result.current.cart.data?.item_count).toBe(2));
    await act(() => result.current.signOut.mutateAsync({}));
    expect(shop.callsTo("POST /auth/logout")[0].headers.get("X-CSRF-Token")).toBe("csrf-1");
    await waitFor(() => expect(result.current.session.signedIn).toBe(false));
    await waitFor(() => expect(result.current.cart.data?.item_count).toBe(0));
    expect(shop.callsTo("GET /api/cart")).toHaveLength(2);
  });

  it("when the session finds someone signed in since: reads the cart again (the guest cart merged in)", async () => {
    const shop = mockShop({
      "GET /api/session": inTurn(SIGNED_OUT, signedIn()),
      "GET /api/cart": inTurn(ONE, TWO),
    });
    const { result } = renderHookWithShop(() => ({ session: useSession(), cart: useCart() }), shop);
    await waitFor(() => expect(result.current.cart.data?.item_count).toBe(1));
    await act(() => result.current.session.refresh());
    await waitFor(() => expect(result.current.session.signedIn).toBe(true));
    await waitFor(() => expect(result.current.cart.data?.item_count).toBe(2));
    expect(shop.callsTo("GET /api/cart")).toHaveLength(2);
  });
});
