import { fireEvent, screen, waitFor } from "@testing-library/react-native";
import { network, renderApp } from "../../test/harness";
import { CartScreen } from "./CartScreen";

const money = (amount: number) => ({ amount, currency: "EUR", display: `€${(amount / 100).toFixed(2)}` });
const line = (quantity: number) => ({
  sku: "CF-001",
  name: "Ethiopia Yirgacheffe",
  image: "/mobile/media/CF-001.svg",
  unit_price: money(899),
  quantity,
  line_total: money(899 * quantity),
  available: true,
});

describe("CartScreen", () => {
  it("lists the lines with the total, and changes a quantity in place", async () => {
    const { fetch, requests } = network({
      "GET /api/cart": { lines: [line(1)], subtotal: money(899), item_count: 1, can_checkout: true, cart_id: null, customer_id: null, expires_at: null },
      "PUT /api/cart/lines/CF-001": { lines: [line(2)], subtotal: money(1798), item_count: 2, can_checkout: true, cart_id: null, customer_id: null, expires_at: null },
    });
    await renderApp({ cart: CartScreen }, { fetch, initialUrl: "/cart" });
    expect(await screen.findByText("Ethiopia Yirgacheffe")).toBeTruthy();
    expect(screen.getByText("Total (1 item)")).toBeTruthy();
    await fireEvent.press(screen.getByLabelText("One more Ethiopia Yirgacheffe"));
    expect(await screen.findByText("Total (2 items)", {}, { timeout: 5000 })).toBeTruthy();
    const put = requests.find((r) => r.method === "PUT");
    expect(await put?.json()).toEqual({ quantity: 2 });
    // A guest's cart is the install's: every call carries the device id.
    expect(put?.headers.get("X-Device-Id")).toBe("device-0123456789abcdef0123");
    expect(screen.getByLabelText("Check out")).toBeTruthy();
  });

  it("says the cart is empty and leads back to the shelves", async () => {
    const { fetch } = network({ "GET /api/cart": { lines: [], subtotal: null, item_count: 0, can_checkout: false, cart_id: null, customer_id: null, expires_at: null } });
    await renderApp({ cart: CartScreen }, { fetch, initialUrl: "/cart" });
    expect(await screen.findByText("Your cart is empty")).toBeTruthy();
    await waitFor(() => expect(screen.getByLabelText("Browse the shelves")).toBeTruthy());
  });
});
