import { act, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { json, mockShop, renderHookWithShop, signedIn } from "../../test/shop";
import { useSession, useSignOut } from "./session";

describe("the session", () => {
  it("is read once, however many components ask", async () => {
    const shop = mockShop({ "GET /api/session": signedIn({ display_name: "Ada" }) });
    const { result } = renderHookWithShop(() => [useSession(), useSession(), useSession()], shop);
    await waitFor(() => expect(result.current[0].status).toBe("ready"));
    expect(result.current.map((s) => s.customer?.display_name)).toEqual(["Ada", "Ada", "Ada"]);
    expect(shop.callsTo("GET /api/session")).toHaveLength(1);
  });

  it("says when it could not be read", async () => {
    const shop = mockShop({ "GET /api/session": json({ title: "The shop is busy", status: 503 }, 503) });
    const { result } = renderHookWithShop(() => useSession(), shop);
    await waitFor(() => expect(result.current.status).toBe("error"));
    expect(result.current.signedIn).toBe(false);
    expect(result.current.problem).toEqual({ title: "The shop is busy", status: 503 });
  });

  it("signing out drops what was read for the shopper", async () => {
    const shop = mockShop({ "GET /api/session": signedIn(), "POST /auth/logout": new Response(null, { status: 204 }) });
    const { result, queryClient } = renderHookWithShop(() => ({ session: useSession(), signOut: useSignOut() }), shop);
    await waitFor(() => expect(result.current.session.signedIn).toBe(true));
    const orders = ["get", "/api/orders", { params: { query: { limit: 50 } } }];
    queryClient.setQueryData(orders, { items: [{ id: "o-1" }], next_cursor: null }); // read on another page
    await act(() => result.current.signOut.mutateAsync({}));
    await waitFor(() => expect(result.current.session.signedIn).toBe(false));
    expect(queryClient.getQueryData(orders)).toBeUndefined();
  });
});
