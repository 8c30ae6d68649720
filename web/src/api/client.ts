import createClient, { type Client, type Middleware } from "openapi-fetch";
import { ApiProblem, toProblem } from "./problem";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type ProductCard = Schemas["ProductCard"];
export type ListingPage = Schemas["ListingPage"];
export type Category = ProductCard["category"];
export type SortKey = Schemas["AppliedFilters"]["sort"];

/** A client typed from BFF Web's OpenAPI spec. */
export type Api = Client<paths>;

let csrfToken: string | null = null;

/** The session's CSRF token (from `GET /api/session`), sent on every unsafe request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const csrf: Middleware = {
  onRequest({ request }) {
    if (csrfToken && UNSAFE.has(request.method)) {
      request.headers.set("X-CSRF-Token", csrfToken);
    }
    return request;
  },
};

/** Every answer that is not 2xx becomes a thrown `ApiProblem` (RFC 9457 title, detail,
 * field errors, login_url), so query and mutation hooks and `unwrap` callers all see the
 * same error, with the status even when the body is not a problem. */
const problems: Middleware = {
  async onResponse({ response }) {
    if (response.ok) return undefined;
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON: toProblem keeps the text as the detail.
    }
    throw new ApiProblem(toProblem(body, response));
  },
};

export interface ApiOptions {
  /** The network (tests pass a mock here; nothing else is replaced). */
  fetch?: typeof globalThis.fetch;
  baseUrl?: string;
}

/** A client for BFF Web on this same origin (Vite proxies in development). */
export function createApi(options: ApiOptions = {}): Api {
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? (typeof window === "undefined" ? "http://localhost" : window.location.origin),
    credentials: "same-origin",
    headers: { Accept: "application/json" },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use(csrf, problems);
  return client;
}

/** The app's client (hooks reach it through `useApi()`, so tests can give their own). */
export const api = createApi();
