import { createContext, useContext, useMemo, type ReactNode } from "react";
import createQueryApi, { type OpenapiQueryClient } from "openapi-react-query";
import { api as defaultApi, type Api } from "./client";
import type { paths } from "./schema";

/** openapi-react-query over the typed client: `$api.useQuery("get", "/api/cart", init)`
 * and `$api.useMutation("post", "/api/cart/lines")`, typed from the spec. Query keys are
 * `[method, path, init]`, so `["get", "/api/cart"]` invalidates every read of the cart. */
export type QueryApi = OpenapiQueryClient<paths>;

export interface ApiContext {
  /** The openapi-fetch client, for calls that are neither a query nor a mutation hook. */
  client: Api;
  $api: QueryApi;
}

function contextFor(client: Api): ApiContext {
  return { client, $api: createQueryApi(client) };
}

const Context = createContext<ApiContext>(contextFor(defaultApi));

/** Another client for the hooks below (tests: one whose `fetch` is a mock). */
export function ApiProvider({ client, children }: { client: Api; children: ReactNode }) {
  const value = useMemo(() => contextFor(client), [client]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useApi(): ApiContext {
  return useContext(Context);
}
