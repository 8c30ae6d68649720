import { QueryClient } from "@tanstack/react-query";

/** The app's query cache. Reads are refetched when a page mounts again (shown from the
 * cache meanwhile), never retried on their own (pages offer "Try again", as before) and
 * not on window focus; mutations invalidate what they change (see each feature's
 * `queries.ts`). */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 0 },
      mutations: { retry: false },
    },
  });
}
