import { useQueryClient } from "@tanstack/react-query";
import type { Cart } from "../../api/client";
import { useServices } from "../../api/services";

/** The cart's query key (`[method, path, init]`, as openapi-react-query makes it). */
export const CART_KEY = ["get", "/api/cart", {}] as const;

/** The cart: a guest's (by this install's id) or the shopper's (by their token). */
export function useCart() {
  const { $api } = useServices();
  return $api.useQuery("get", "/api/cart", {}, { staleTime: 10_000 });
}

/** Every cart change answers the whole cart, which replaces the cached one at once. */
function useReplaceCart(): (cart: Cart) => void {
  const queryClient = useQueryClient();
  return (cart) => queryClient.setQueryData<Cart>(CART_KEY, cart);
}

export function useAddToCart() {
  const { $api } = useServices();
  return $api.useMutation("post", "/api/cart/lines", { onSuccess: useReplaceCart() });
}

export function useSetQuantity() {
  const { $api } = useServices();
  return $api.useMutation("put", "/api/cart/lines/{sku}", { onSuccess: useReplaceCart() });
}

export function useRemoveLine() {
  const { $api } = useServices();
  return $api.useMutation("delete", "/api/cart/lines/{sku}", { onSuccess: useReplaceCart() });
}
