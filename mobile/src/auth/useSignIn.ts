import { useQuery } from "@tanstack/react-query";
import { Prompt, useAuthRequest, type AuthRequestConfig, type DiscoveryDocument } from "expo-auth-session";
import * as WebBrowser from "expo-web-browser";
import { useCallback, useMemo, useState } from "react";
import { problemFrom, type Problem } from "../api/problem";
import { useServices } from "../api/services";
import { redirectUri } from "../lib/config";
import { exchangeCode, type AuthConfig } from "./oauth";
import type { Tokens } from "./tokens";

// The web build's sign-in runs in a popup that comes back to /m/auth/callback: this
// hands the popup's URL to the window that opened it (a no-op elsewhere).
WebBrowser.maybeCompleteAuthSession();

export interface SignInOptions {
  /** A fresh sign-in with the second factor (checkout's step-up, MFA changes). */
  stepUp?: boolean;
}

export interface SignIn {
  /** The request is built (PKCE verifier, state, URL), so a tap can open the browser at
   * once (the web build's popup must open within the tap). */
  ready: boolean;
  busy: boolean;
  problem: Problem | null;
  /** Opens the identity service's sign-in page in the system browser; true when the
   * shopper came back signed in (or stepped up). */
  signIn: () => Promise<boolean>;
}

export function useAuthConfig(): AuthConfig | undefined {
  const { authConfig } = useServices();
  return useQuery({ queryKey: ["auth-config"], queryFn: authConfig, staleTime: Infinity, gcTime: Infinity }).data;
}

/** Authorization code + PKCE in the system browser (expo-auth-session), endpoints from
 * `GET /api/auth/config`, the code exchanged for tokens that the session keeps. */
export function useSignIn({ stepUp = false }: SignInOptions = {}): SignIn {
  const services = useServices();
  const config = useAuthConfig();
  const redirect = redirectUri();
  const discovery = useMemo<DiscoveryDocument | null>(
    () =>
      config
        ? {
            authorizationEndpoint: config.authorization_endpoint,
            tokenEndpoint: config.token_endpoint,
            revocationEndpoint: config.revocation_endpoint,
          }
        : null,
    [config],
  );
  const requestConfig = useMemo<AuthRequestConfig>(
    () => ({
      clientId: config?.client_id ?? "bookbrew-mobile",
      redirectUri: redirect,
      scopes: config?.scope.split(" ").filter(Boolean) ?? [],
      usePKCE: true,
      responseType: "code",
      ...(stepUp ? { prompt: Prompt.Login, extraParams: { acr_values: "aal2" } } : {}),
    }),
    [config, redirect, stepUp],
  );
  const [request] = useAuthRequest(requestConfig, discovery);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  const signIn = useCallback(async () => {
    if (!request || !discovery || !config) return false;
    setProblem(null);
    setBusy(true);
    try {
      const result = await request.promptAsync(discovery);
      if (result.type === "error") {
        setProblem({ title: "Sign-in didn't finish", detail: result.error?.description ?? result.error?.message });
        return false;
      }
      if (result.type !== "success" || !result.params.code || !request.codeVerifier) return false;
      const tokens: Tokens = await exchangeCode(config, result.params.code, request.codeVerifier, redirect);
      await services.session.signIn(tokens);
      return true;
    } catch (error) {
      setProblem(problemFrom(error));
      return false;
    } finally {
      setBusy(false);
    }
  }, [request, discovery, config, redirect, services]);

  return { ready: Boolean(request && discovery), busy, problem, signIn };
}
