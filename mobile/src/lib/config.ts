import Constants from "expo-constants";
import { Platform } from "react-native";

/** Where BFF Mobile answers, in this order:
 * 1. `EXPO_PUBLIC_BOOKBREW_API` (inlined at build time), e.g. `http://192.168.1.20:8000/mobile`
 *    for a phone on the LAN;
 * 2. `expo.extra.apiBaseUrl` in app.json (absent by default);
 * 3. the web build: this same origin's `/mobile` (the shop serves the app under `/m/`);
 * 4. a phone in development: the machine running Expo's dev server, on the shop's port
 *    (`expo.extra.apiPort`, 8000), so Expo Go on the LAN reaches `make run`'s shop;
 * 5. else the emulator's loopback. */
export function apiBaseUrl(): string {
  const fromEnv = process.env.EXPO_PUBLIC_BOOKBREW_API;
  if (fromEnv) return trimSlash(fromEnv);
  const extra = (Constants.expoConfig?.extra ?? {}) as { apiBaseUrl?: string | null; apiPort?: number };
  if (typeof extra.apiBaseUrl === "string" && extra.apiBaseUrl) return trimSlash(extra.apiBaseUrl);
  if (Platform.OS === "web" && typeof window !== "undefined") return `${window.location.origin}/mobile`;
  const port = extra.apiPort ?? 8000;
  const host = Constants.expoConfig?.hostUri?.split(":")[0];
  if (host) return `http://${host}:${port}/mobile`;
  return Platform.OS === "android" ? `http://10.0.2.2:${port}/mobile` : `http://127.0.0.1:${port}/mobile`;
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

/** Where the web build lives below its origin (app.json `experiments.baseUrl`). */
export function webBasePath(): string {
  const base = Constants.expoConfig?.experiments?.baseUrl;
  return typeof base === "string" ? trimSlash(base) : "";
}

/** The OAuth redirect: the app's scheme on a phone; `<origin>/m/auth/callback` on the web. */
export function redirectUri(): string {
  if (Platform.OS === "web" && typeof window !== "undefined") {
    return `${window.location.origin}${webBasePath()}/auth/callback`;
  }
  return "bookbrew://auth/callback";
}

/** An image or link the BFF gave as a path (`/mobile/media/X.svg`), made absolute
 * against the BFF's origin; absolute URLs pass as they are. */
export function absoluteUrl(path: string, base = apiBaseUrl()): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return path;
  return new URL(path, base).toString();
}
