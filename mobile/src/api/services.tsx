import { createContext, useContext, useMemo, type ReactNode } from "react";
import { Platform } from "react-native";
import createQueryApi, { type OpenapiQueryClient } from "openapi-react-query";
import { createAuthFetch } from "../auth/authFetch";
import { refreshTokens, type AuthConfig } from "../auth/oauth";
import { AuthSession } from "../auth/session";
import { defaultTokenStorage, type TokenStorage } from "../auth/tokens";
import { apiBaseUrl } from "../lib/config";
import { currentDeviceId } from "../lib/device";
import { createApi, unwrap, type Api, type Paths } from "./client";
import { createEtagFetch } from "./etag";

/** Everything that talks to BFF Mobile, made once per app (tests make their own with a
 * mock network): the signing client, the session it reads tokens from, and
 * openapi-react-query hooks typed from the spec (keys are `[method, path, init]`). */
export interface Services {
  api: Api;
  $api: OpenapiQueryClient<Paths>;
  session: AuthSession;
  authConfig: () => Promise<AuthConfig>;
}

export interface ServiceOptions {
  baseUrl?: string;
  fetch?: typeof globalThis.fetch;
  storage?: TokenStorage;
  deviceId?: () => string | null;
}

export function createServices(options: ServiceOptions = {}): Services {
  const network = options.fetch ?? ((input, init) => fetch(input, init));
  const baseUrl = options.baseUrl ?? apiBaseUrl();
  // The auth config and the token endpoint are called unsigned.
  const plain = createApi({ baseUrl, fetch: network });
  let config: Promise<AuthConfig> | null = null;
  const authConfig = () => {
    config ??= plain.GET("/api/auth/config").then((r) => unwrap(r) as AuthConfig);
    config.catch(() => {
      config = null; // try again next time (offline at start)
    });
    return config;
  };
  const session = new AuthSession(options.storage ?? defaultTokenStorage(), async (refreshToken) =>
    refreshTokens(await authConfig(), refreshToken, network),
  );
  const below = Platform.OS === "web" || options.fetch ? network : createEtagFetch(network);
  const api = createApi({
    baseUrl,
    fetch: createAuthFetch({ session, fetch: below, deviceId: options.deviceId ?? currentDeviceId }),
  });
  return { api, $api: createQueryApi(api), session, authConfig };
}

const Context = createContext<Services | null>(null);

export function ServicesProvider({ services, children }: { services: Services; children: ReactNode }) {
  const value = useMemo(() => services, [services]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useServices(): Services {
  const services = useContext(Context);
  if (!services) throw new Error("useServices outside ServicesProvider");
  return services;
}
