import createClient, { type Client, type Middleware } from "openapi-fetch";
import { ApiProblem, toProblem } from "./problem";
import type { paths } from "./schema";

/** A client typed from BFF Mobile's OpenAPI spec (`npm run gen:api`). */
export type Api = Client<paths>;
export type Paths = paths;

type JsonOf<T> = T extends { content: { "application/json": infer B } } ? B : never;
type Success<R> = R extends { 200: infer A } ? JsonOf<A> : R extends { 201: infer A } ? JsonOf<A> : never;
type Method = "get" | "post" | "put" | "patch" | "delete";
/** The JSON a successful call of `method path` answers, read off the spec by path, so the
 * app does not depend on the spec's schema names. */
export type Answer<P extends keyof paths, M extends Method> = paths[P] extends Record<M, { responses: infer R }>
  ? Success<R>
  : never;
/** The JSON body `method path` takes. */
export type Body<P extends keyof paths, M extends Method> = paths[P] extends Record<
  M,
  { requestBody?: { content: { "application/json": infer B } } }
>
  ? B
  : never;

export type Home = Answer<"/api/home", "get">;
export type Listing = Answer<"/api/categories/{category}", "get">;
export type Card = Listing["items"][number];
export type Category = Card["category"];
export type ProductScreenData = Answer<"/api/products/{sku}", "get">;
export type Cart = Answer<"/api/cart", "get">;
export type Order = Answer<"/api/orders/{order_id}", "get">;
export type OrderStatus = Order["status"];
export type OrderSummary = Answer<"/api/orders", "get">["items"][number];
export type Me = Answer<"/api/me", "get">;
export type Preferences = Answer<"/api/me/preferences", "get">;
export type Progress = Answer<"/api/responses/in-progress", "get">;
export type FormDoc = Answer<"/api/questionnaires/{key}", "get">;
export type ShippingAddress = Body<"/api/checkout", "post">["shipping_address"];

/** Every answer that is not 2xx becomes a thrown ApiProblem (RFC 9457 title, detail,
 * `kind`, field errors), so hooks and direct callers see the same error. */
const problems: Middleware = {
  async onResponse({ response }) {
    if (response.ok) return undefined;
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: toProblem keeps the text as the detail
    }
    throw new ApiProblem(toProblem(body, response));
  },
};

export interface ApiOptions {
  baseUrl: string;
  /** The network: the signing fetch in the app, a mock in tests. */
  fetch: typeof globalThis.fetch;
}

export function createApi({ baseUrl, fetch }: ApiOptions): Api {
  const client = createClient<paths>({ baseUrl, headers: { Accept: "application/json" }, fetch });
  client.use(problems);
  return client;
}

/** openapi-fetch's `{ data, error, response }` → the data (errors were thrown above). */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    throw new ApiProblem(toProblem(result.error, result.response));
  }
  return result.data as T;
}
