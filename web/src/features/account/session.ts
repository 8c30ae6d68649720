import { useQuery, useQueryClient, type Query, type QueryClient } from "@tanstack/react-query";
import { setCsrfToken, type Schemas } from "../../api/client";
import { problemFrom, unwrap, type Problem } from "../../api/problem";
import { useApi } from "../../api/query";

export type Customer = Schemas["CustomerSummary"];
export type SessionInfo = Schemas["SessionInfo"];

/** The session's query key (`GET /api/session`). */
export const SESSION_KEY = ["get", "/api/session"] as const;

export interface SessionState {
  status: "loading" | "ready" | "error";
  signedIn: boolean;
  customer: Customer | null;
  problem: Problem | null;
  /** Reads the session again (after a change to the profile, e.g. two-step sign-in). */
  refresh: () => Promise<void>;
}

const SIGNED_OUT: SessionInfo = { signed_in: false, customer: null, csrf_token: null };

const notSession = (query: Query) => query.queryKey[1] !== SESSION_KEY[1];

/** Another shopper (or none) from now on: what was read for the last one is dropped, and
 * what is on screen is read again: the cart (a guest's, or the shopper's with the guest
 * cart merged in, as the first read after a sign-in does), the page's own data. */
export async function forgetShopper(queryClient: QueryClient): Promise<void> {
  queryClient.removeQueries({ predicate: (query) => notSession(query) && !query.isActive() });
  await queryClient.invalidateQueries({ predicate: notSession });
}

/** Who is signed in, read once per visit (sign-in is a full-page visit to `/auth/login`,
 * so a new shopper always starts a new visit) and shared by every component. The CSRF
 * token it carries is sent on unsafe requests. Should a later read find someone else
 * signed in (another tab), the shopper's data is dropped and read again. */
export function useSession(): SessionState {
  const { client, $api } = useApi();
  const queryClient = useQueryClient();
  const query = useQuery({
    ...$api.queryOptions("get", "/api/session"),
    queryFn: async ({ signal }) => {
      const before = queryClient.getQueryData<SessionInfo>(SESSION_KEY);
      const info = unwrap(await client.GET("/api/session", { signal }));
      setCsrfToken(info.csrf_token ?? null);
      if (before && (before.customer?.id ?? null) !== (info.customer?.id ?? null)) void forgetShopper(queryClient);
      return info;
    },
    staleTime: Infinity,
  });
  const info = query.data;
  return {
    status: query.isPending ? "loading" : query.isError ? "error" : "ready",
    signedIn: info?.signed_in ?? false,
    customer: info?.customer ?? null,
    problem: query.error ? problemFrom(query.error) : null,
    refresh: async () => {
      await queryClient.refetchQueries({ queryKey: SESSION_KEY });
    },
  };
}

/** Signs out at the BFF; the header shows a guest at once, and the cart and every
 * shopper's read are dropped or read again. */
export function useSignOut() {
  const { $api } = useApi();
  const queryClient = useQueryClient();
  return $api.useMutation("post", "/auth/logout", {
    onSuccess: () => {
      setCsrfToken(null);
      queryClient.setQueryData<SessionInfo>(SESSION_KEY, SIGNED_OUT);
      void forgetShopper(queryClient);
    },
  });
}
