import { useQueryClient } from "@tanstack/react-query";
import type { Order } from "../../api/client";
import { useServices } from "../../api/services";

/** The order screen's query key for one order (openapi-react-query's [method, path, init]). */
export function orderKey(id: string) {
  return ["get", "/api/orders/{order_id}", { params: { path: { order_id: id } } }] as const;
}

/** After an order changes (its new state in hand): the order screen shows it without
 * asking again; the cart (emptied by checkout) is read again for its badge; the orders
 * list and home's picks (curation hears of orders) are marked stale and read when they
 * show next, not now. */
export function useOrdersChanged(): (order: Order) => Promise<void> {
  const queryClient = useQueryClient();
  return async (order) => {
    queryClient.setQueryData(orderKey(order.id), order);
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ["get", "/api/cart"] }),
      queryClient.invalidateQueries({ queryKey: ["get", "/api/orders"], refetchType: "none" }),
      queryClient.invalidateQueries({ queryKey: ["get", "/api/home"], refetchType: "none" }),
      queryClient.invalidateQueries({ queryKey: ["get", "/api/checkout/address"], refetchType: "none" }),
    ]);
  };
}

export function useOrders(enabled: boolean) {
  const { $api } = useServices();
  return $api.useQuery("get", "/api/orders", {}, { enabled });
}

export function useOrder(id: string, enabled: boolean) {
  const { $api } = useServices();
  return $api.useQuery("get", "/api/orders/{order_id}", { params: { path: { order_id: id } } }, { enabled });
}

/** Where my last confirmed order went (`GET /api/checkout/address`), offered at checkout. */
export function useSavedAddress(enabled: boolean) {
  const { $api } = useServices();
  return $api.useQuery("get", "/api/checkout/address", {}, { enabled, staleTime: 60_000 });
}
