import * as SecureStore from "expo-secure-store";
import { Platform } from "react-native";

/** What the identity service's token endpoint handed out, as the app keeps it. */
export interface Tokens {
  accessToken: string;
  refreshToken: string | null;
  /** Epoch milliseconds; null when the server did not say. */
  expiresAt: number | null;
}

/** Where tokens live between app starts. */
export interface TokenStorage {
  load(): Promise<Tokens | null>;
  save(tokens: Tokens | null): Promise<void>;
}

/** The web build's store: memory only (a page's script is no place for a long-lived
 * refresh token; a reload asks the shopper to sign in again). */
export function memoryTokenStorage(): TokenStorage {
  let kept: Tokens | null = null;
  return {
    load: async () => kept,
    save: async (tokens) => {
      kept = tokens;
    },
  };
}

const KEY = "bookbrew.tokens";

function parse(text: string | null): Tokens | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<Tokens>;
    if (typeof value.accessToken !== "string") return null;
    return {
      accessToken: value.accessToken,
      refreshToken: typeof value.refreshToken === "string" ? value.refreshToken : null,
      expiresAt: typeof value.expiresAt === "number" ? value.expiresAt : null,
    };
  } catch {
    return null;
  }
}

/** A phone's store: the Keychain / Keystore through expo-secure-store, readable only
 * while the device is unlocked. */
export function secureTokenStorage(): TokenStorage {
  return {
    load: async () => parse(await SecureStore.getItemAsync(KEY)),
    save: async (tokens) => {
      if (tokens) {
        await SecureStore.setItemAsync(KEY, JSON.stringify(tokens), {
          keychainAccessible: SecureStore.WHEN_UNLOCKED_THIS_DEVICE_ONLY,
        });
      } else {
        await SecureStore.deleteItemAsync(KEY);
      }
    },
  };
}

export function defaultTokenStorage(): TokenStorage {
  return Platform.OS === "web" ? memoryTokenStorage() : secureTokenStorage();
}

/** The token endpoint's JSON answer → Tokens (`expires_in` seconds from `now`). */
export function tokensFromResponse(
  body: { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown },
  previousRefreshToken: string | null = null,
  now = Date.now(),
): Tokens {
  if (typeof body.access_token !== "string" || !body.access_token) throw new Error("The token endpoint sent no access token");
  return {
    accessToken: body.access_token,
    // A server that does not rotate refresh tokens sends none back: keep the old one.
    refreshToken: typeof body.refresh_token === "string" ? body.refresh_token : previousRefreshToken,
    expiresAt: typeof body.expires_in === "number" ? now + body.expires_in * 1000 : null,
  };
}
