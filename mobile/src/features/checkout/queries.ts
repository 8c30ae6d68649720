import { useQueryClient } from "@tanstack/react-query";
import { useServices } from "../../api/services";

/** After an order changes: the cart (emptied by checkout), the orders list and the home
 * screen's picks (curation hears of orders) are read again. */
export function useOrdersChanged(): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ["get", "/api/cart"] }),
      queryClient.invalidateQueries({ queryKey: ["get", "/api/orders"] }),
      queryClient.invalidateQueries({ queryKey: ["get", "/api/orders/{order_id}"] }),
      queryClient.invalidateQueries({ queryKey: ["get", "/api/home"] }),
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
