import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { MemoryRouter, Route, Routes } from "react-router";
import { beforeEach, describe, expect, it, vi } from "vitest";

const { GET, POST } = vi.hoisted(() => ({ GET: vi.fn(), POST: vi.fn() }));
vi.mock("../api/client", () => ({ api: { GET, POST } }));
vi.mock("../session", () => ({
  useSession: () => ({
    status: "ready",
    signedIn: true,
    customer: { display_name: "Ana Lima", mfa_enabled: false },
    problem: null,
  }),
}));
vi.mock("../cart", () => ({ useCart: () => ({ count: 1, update: () => {}, refresh: async () => {} }) }));

import CheckoutPage from "./CheckoutPage";

const ok = (data: unknown, status = 200) => ({ data, response: new Response(null, { status }) });

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

beforeEach(() => {
  GET.mockReset();
  POST.mockReset();
  GET.mockResolvedValue(ok(CART));
});

function checkout() {
  return render(
    <MemoryRouter initialEntries={["/checkout"]}>
      <Routes>
        <Route path="/checkout" element={<CheckoutPage />} />
        <Route path="/orders/:orderId" element={<p>Order page</p>} />
      </Routes>
    </MemoryRouter>,
  );
}

async function fillCard() {
  await userEvent.type(screen.getByLabelText("Card number"), "4242424242424242");
  await userEvent.type(screen.getByLabelText("Expiry (MM / YY)"), "1234");
  await userEvent.type(screen.getByLabelText("CVC"), "123");
}

describe("checkout", () => {
  it("sends the delivery address with the order", async () => {
    POST.mockImplementation(async (path: string) =>
      path === "/api/payment-methods"
        ? ok({ token: "tok_sbx_1", brand: "visa", last4: "4242", exp_month: 12, exp_year: 2034 }, 201)
        : ok({ id: "0f3c", status: "confirmed" }, 201),
    );
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
    const placed = POST.mock.calls.find(([path]) => path === "/api/checkout");
    expect(placed?.[1].body).toEqual({
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
    expect(placed?.[1].params.header["Idempotency-Key"]).toMatch(/^web-/);
  });

  it("sends nothing while the address is incomplete", async () => {
    checkout();
    await screen.findByLabelText("Full name");
    await fillCard();
    await userEvent.click(screen.getByRole("button", { name: "Place order" }));
    expect(screen.getByText("Enter the street and number.")).toBeInTheDocument();
    expect(screen.getByLabelText("Postcode")).toHaveAttribute("aria-invalid", "true");
    expect(POST).not.toHaveBeenCalled();
  });
});
