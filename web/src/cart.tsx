import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, type Schemas } from "./api/client";
import { unwrap } from "./api/problem";
import { useSession } from "./session";

export type Cart = Schemas["Cart"];

interface CartState {
  /** Items in the cart (null until known). */
  count: number | null;
  /** After any cart change: the cart the shop answered. */
  update: (cart: Cart | null) => void;
  refresh: () => Promise<void>;
}

const CartContext = createContext<CartState>({ count: null, update: () => {}, refresh: async () => {} });

/** The header's cart count, read once the session is known (a guest cart is merged into
 * the shopper's on the first read after sign-in) and kept in step by the cart pages. */
export function CartProvider({ children }: { children: ReactNode }) {
  const session = useSession();
  const [count, setCount] = useState<number | null>(null);
  const update = useCallback((cart: Cart | null) => setCount(cart ? cart.item_count : 0), []);
  const refresh = useCallback(async () => {
    try {
      update(unwrap(await api.GET("/api/cart", { params: { query: { complements: false } } })));
    } catch {
      setCount(null);
    }
  }, [update]);
  useEffect(() => {
    if (session.status === "ready") void refresh();
  }, [session.status, session.signedIn, refresh]);
  const value = useMemo(() => ({ count, update, refresh }), [count, update, refresh]);
  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartState {
  return useContext(CartContext);
}
