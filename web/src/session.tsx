import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, setCsrfToken, type Schemas } from "./api/client";
import { problemFrom, unwrap, type Problem } from "./api/problem";

export type Customer = Schemas["CustomerSummary"];

export interface SessionState {
  status: "loading" | "ready" | "error";
  signedIn: boolean;
  customer: Customer | null;
  problem: Problem | null;
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState>({
  status: "loading",
  signedIn: false,
  customer: null,
  problem: null,
  refresh: async () => {},
  signOut: async () => {},
});

/** Where the sign-in button goes: a full-page visit to the BFF, back to `returnTo`. */
export function loginHref(returnTo: string, stepUp = false): string {
  const params = new URLSearchParams({ return_to: returnTo.startsWith("/") ? returnTo : "/" });
  if (stepUp) params.set("prompt", "step_up");
  return `/auth/login?${params.toString()}`;
}

/** Sends the browser to sign in (a full-page navigation, not a client route). */
export function goToSignIn(returnTo: string, stepUp = false): void {
  window.location.assign(loginHref(returnTo, stepUp));
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<Pick<SessionState, "status" | "signedIn" | "customer" | "problem">>({
    status: "loading",
    signedIn: false,
    customer: null,
    problem: null,
  });

  const refresh = useCallback(async () => {
    try {
      const info = unwrap(await api.GET("/api/session"));
      setCsrfToken(info.csrf_token ?? null);
      setState({ status: "ready", signedIn: info.signed_in, customer: info.customer ?? null, problem: null });
    } catch (error) {
      setState((s) => ({ ...s, status: "error", problem: problemFrom(error) }));
    }
  }, []);

  const signOut = useCallback(async () => {
    const result = await api.POST("/auth/logout");
    if (!result.response.ok && result.response.status !== 204) unwrap(result);
    setCsrfToken(null);
    setState({ status: "ready", signedIn: false, customer: null, problem: null });
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value = useMemo(() => ({ ...state, refresh, signOut }), [state, refresh, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  return useContext(SessionContext);
}
