import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useApi, type QueryApi } from "../../api/query";
import { invalidateCart } from "../cart/queries";
import type { Order } from "./checkout";

/** The shopper's order list (`GET /api/orders`). */
const ORDERS_KEY = ["get", "/api/orders"] as const;

function orderKey($api: QueryApi, orderId: string) {
  return $api.queryOptions("get", "/api/orders/{order_id}", { params: { path: { order_id: orderId } } }).queryKey;
}

/** An order changed: show the shop's answer on its page, read the list again. */
function showOrder(queryClient: QueryClient, $api: QueryApi, order: Order): Promise<void> {
  queryClient.setQueryData(orderKey($api, order.id), order);
  return queryClient.invalidateQueries({ queryKey: ORDERS_KEY });
}

/** The signed-in shopper's last 50 orders. */
export function useOrders(enabled: boolean) {
  const { $api } = useApi();
  return $api.useQuery("get", "/api/orders", { params: { query: { limit: 50 } } }, { enabled });
}

export function useOrder(orderId: string, enabled: boolean) {
  const { $api } = useApi();
  return $api.useQuery("get", "/api/orders/{order_id}", { params: { path: { order_id: orderId } } }, { enabled });
}

/** Where the shopper's last confirmed order went (`GET /api/checkout/address`), offered
 * at checkout; `null` before the first order. */
export function useSavedAddress(enabled: boolean) {
  const { $api } = useApi();
  return $api.useQuery("get", "/api/checkout/address", {}, { enabled, staleTime: 60_000 });
}

/** `POST /api/payment-methods`: the card number, once, for a token (never stored here). */
export function useTokenizeCard() {
  const { $api } = useApi();
  return $api.useMutation("post", "/api/payment-methods");
}

/** `POST /api/checkout`: the cart becomes an order; the cart (emptied once the payment
 * is confirmed) and the order list are read again whatever the answer. */
export function usePlaceOrder() {
  const { $api } = useApi();
  const queryClient = useQueryClient();
  return $api.useMutation("post", "/api/checkout", {
    // A repeated submission (200) answers the same order too; the spec leaves its body out.
    onSuccess: (order) => (order ? showOrder(queryClient, $api, order) : undefined),
    onSettled: () =>
      Promise.all([invalidateCart(queryClient), queryClient.invalidateQueries({ queryKey: ["get", "/api/checkout/address"] })]),
  });
}

/** Back from the step-up sign-in: the waiting payment is confirmed (and the cart taken). */
export function useConfirmPayment() {
  const { $api } = useApi();
  const queryClient = useQueryClient();
  return $api.useMutation("post", "/api/orders/{order_id}/confirm-payment", {
    onSuccess: (order) => showOrder(queryClient, $api, order),
    onSettled: () => invalidateCart(queryClient),
  });
}

/** A shopper cancels an order before it ships. */
export function useCancelOrder() {
  const { $api } = useApi();
  const queryClient = useQueryClient();
  return $api.useMutation("post", "/api/orders/{order_id}/cancel", {
    onSuccess: (order) => showOrder(queryClient, $api, order),
  });
}
