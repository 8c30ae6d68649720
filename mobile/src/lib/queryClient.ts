import AsyncStorage from "@react-native-async-storage/async-storage";
import NetInfo from "@react-native-community/netinfo";
import { createAsyncStoragePersister } from "@tanstack/query-async-storage-persister";
import { focusManager, onlineManager, QueryClient, type Query } from "@tanstack/react-query";
import { AppState, Platform } from "react-native";
import { ApiProblem } from "../api/problem";

/** The reads kept on the device for offline reading: the last home and listings. */
export const PERSISTED_PATHS = new Set(["/api/home", "/api/categories/{category}", "/api/search"]);
/** Reads that belong to the signed-in shopper: dropped when they sign out. */
export const SHOPPER_PATHS = new Set([
  "/api/home",
  "/api/me",
  "/api/me/taste-profile",
  "/api/me/preferences",
  "/api/cart",
  "/api/orders",
  "/api/orders/{order_id}",
  "/api/responses/in-progress",
]);

const WEEK = 7 * 24 * 60 * 60 * 1000;

export function queryPath(query: Pick<Query, "queryKey">): string {
  return String(query.queryKey[1] ?? "");
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Cached data first, even offline; a read without network waits and retries.
        networkMode: "offlineFirst",
        staleTime: 30_000,
        gcTime: WEEK,
        retry: (count, error) => {
          if (error instanceof ApiProblem && (error.status ?? 500) < 500) return false;
          return count < 2;
        },
      },
    },
  });
}

export const persister = createAsyncStoragePersister({ storage: AsyncStorage, key: "bookbrew.cache", throttleTime: 500 });

export const persistOptions = {
  persister,
  maxAge: WEEK,
  // Bumped when the shapes kept change (the spec's version would do too).
  buster: "mobile-1",
  dehydrateOptions: {
    shouldDehydrateQuery: (query: Query) => query.state.status === "success" && PERSISTED_PATHS.has(queryPath(query)),
  },
};

let wired = false;

/** Tells TanStack Query when the phone is online (NetInfo) and when the app is in
 * front (AppState); the web build's browser events do this already. */
export function wireNetworkAndFocus(): void {
  if (wired || Platform.OS === "web") return;
  wired = true;
  onlineManager.setEventListener((setOnline) =>
    NetInfo.addEventListener((state) => setOnline(state.isConnected !== false)),
  );
  AppState.addEventListener("change", (status) => focusManager.setFocused(status === "active"));
}
