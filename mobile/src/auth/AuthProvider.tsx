import { useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Me } from "../api/client";
import { useServices, type Services } from "../api/services";
import { queryPath, SHOPPER_PATHS } from "../lib/queryClient";
import { forgetPushDevice, registeredPushDevice, registerForPush } from "../lib/push";
import type { SessionEvent } from "./session";

export interface AuthState {
  status: "restoring" | "signed-out" | "signed-in";
  me: Me | null;
  /** The last sign-in ended on its own (a refresh was rejected). */
  expired: boolean;
  signOut: () => Promise<void>;
}

const Context = createContext<AuthState | null>(null);

/** Drops what was read for the last shopper and reads the screens on show again. */
export async function forgetShopper(queryClient: QueryClient): Promise<void> {
  const shoppers = (query: { queryKey: readonly unknown[] }) => SHOPPER_PATHS.has(queryPath(query));
  queryClient.removeQueries({ predicate: (query) => shoppers(query) && !query.isActive() });
  await queryClient.invalidateQueries({ predicate: shoppers });
}

/** What happens after a sign-in: the guest cart joins the shopper's, every read is
 * redone as them, and the app asks to send notifications. */
async function afterSignIn(services: Services, queryClient: QueryClient): Promise<void> {
  try {
    await services.api.POST("/api/cart/merge");
  } catch {
    // nothing to merge, or the BFF is busy: the shopper's own cart still shows
  }
  await forgetShopper(queryClient);
  void registerForPush(services.api);
}

/** Sign-out at the BFF: revokes the refresh token at the identity service and removes
 * this install's push device; the tokens are forgotten whatever it answers. */
async function signOutAtServer(services: Services): Promise<void> {
  const refresh = services.session.current()?.refreshToken;
  const device = await registeredPushDevice();
  if (refresh) {
    try {
      await services.api.POST("/api/sign-out", { body: { refresh_token: refresh, device_id: device } });
    } catch {
      // offline or already revoked: signing out here must not fail
    }
  }
  await forgetPushDevice();
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const services = useServices();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<AuthState["status"]>("restoring");
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    const onEvent = (_tokens: unknown, event: SessionEvent) => {
      const signedIn = services.session.accessToken() !== null;
      setStatus(signedIn ? "signed-in" : "signed-out");
      if (event === "signed-in") {
        setExpired(false);
        void afterSignIn(services, queryClient);
      }
      if (event === "expired" || event === "signed-out") {
        setExpired(event === "expired");
        void forgetShopper(queryClient);
      }
    };
    const unsubscribe = services.session.subscribe(onEvent);
    void services.session.restore().catch(() => setStatus("signed-out"));
    return unsubscribe;
  }, [services, queryClient]);

  const me = useQuery({
    ...services.$api.queryOptions("get", "/api/me"),
    enabled: status === "signed-in",
    staleTime: 5 * 60_000,
  });

  const signOut = useCallback(async () => {
    await signOutAtServer(services);
    await services.session.signOut("signed-out");
  }, [services]);

  const value = useMemo<AuthState>(
    () => ({ status, me: status === "signed-in" ? (me.data ?? null) : null, expired, signOut }),
    [status, me.data, expired, signOut],
  );
  // Screens wait for the stored tokens (a moment): their first reads are then made as
  // the shopper, not as a guest to be redone.
  return <Context.Provider value={value}>{status === "restoring" ? null : children}</Context.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(Context);
  if (!state) throw new Error("useAuth outside AuthProvider");
  return state;
}
