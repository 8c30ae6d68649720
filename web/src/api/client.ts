import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type ProductCard = Schemas["ProductCard"];
export type ListingPage = Schemas["ListingPage"];
export type Category = ProductCard["category"];
export type SortKey = Schemas["AppliedFilters"]["sort"];

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

/** BFF Web on this same origin (Vite proxies in development). */
export const api = createClient<paths>({
  baseUrl: typeof window === "undefined" ? "http://localhost" : window.location.origin,
  credentials: "same-origin",
  headers: { Accept: "application/json" },
});
api.use(csrf);
