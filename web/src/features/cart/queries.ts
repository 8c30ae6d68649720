import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import type { Schemas } from "../../api/client";
import { useApi } from "../../api/query";
import { useSession } from "../account/session";

export type Cart = Schemas["Cart"];

/** Every read of the cart (`GET /api/cart`, with or without complements). */
export const CART_KEY = ["get", "/api/cart"] as const;

/** Reads the cart again wherever it shows (the header's count, the cart and checkout pages). */
export function invalidateCart(queryClient: QueryClient): Promise<void> {
  return queryClient.invalidateQueries({ queryKey: CART_KEY });
}

/** A change's answer is the new cart, without complements: show it at once wherever the
 * cart shows, keeping each read's shelf until the read after the change replaces it. */
function showCart(queryClient: QueryClient, cart: Cart): void {
  queryClient.setQueriesData<Cart>({ queryKey: CART_KEY }, (shown) =>
    shown ? { ...cart, complements: cart.complements ?? shown.complements ?? null } : shown,
  );
}

/** The cart: the one hook that reads it. Read once the session is known (signed in, a
 * guest cart left in this browser is merged into the shopper's on that first read).
 * `complements`: curation's "Goes well with" shelf (the cart page); without it (the
 * header, checkout) the read is cheaper and shared. */
export function useCart({ complements = false }: { complements?: boolean } = {}) {
  const { $api } = useApi();
  const session = useSession();
  return $api.useQuery(
    "get",
    "/api/cart",
    { params: { query: { complements } } },
    { enabled: session.status !== "loading" },
  );
}

/** What every change to the cart does: show the answer, then read the cart again (the
 * mutation settles once the cart on screen is the shop's). */
function changesCart(queryClient: QueryClient) {
  return {
    onSuccess: (cart: Cart) => showCart(queryClient, cart),
    onSettled: () => invalidateCart(queryClient),
  };
}

/** `POST /api/cart/lines`: add a product (from its page, or the "Goes well with" shelf). */
export function useAddToCart() {
  const { $api } = useApi();
  return $api.useMutation("post", "/api/cart/lines", changesCart(useQueryClient()));
}

/** `PUT /api/cart/lines/{sku}`: a line's new quantity. */
export function useSetQuantity() {
  const { $api } = useApi();
  return $api.useMutation("put", "/api/cart/lines/{sku}", changesCart(useQueryClient()));
}

/** `DELETE /api/cart/lines/{sku}`: take a line out. */
export function useRemoveLine() {
  const { $api } = useApi();
  return $api.useMutation("delete", "/api/cart/lines/{sku}", changesCart(useQueryClient()));
}
