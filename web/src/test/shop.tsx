// Test harness: the app's hooks and pages against a mocked network. Only `fetch` is
// replaced (the openapi-fetch client's `fetch` option); the client, its middleware,
// TanStack Query and the components under test are the real ones.
import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { render, renderHook, type RenderHookOptions } from "@testing-library/react";
import type { ReactElement, ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { createApi, setCsrfToken } from "../api/client";
import { ApiProvider } from "../api/query";
import { createQueryClient } from "../app/queryClient";

/** One request the app sent. */
export interface Call {
  method: string;
  /** The path without the query, e.g. `/api/cart`. */
  path: string;
  query: URLSearchParams;
  headers: Headers;
  /** The JSON body, parsed (undefined without one). */
  body: unknown;
  keepalive: boolean;
}

/** A route's answer: a `Response`, or anything else as a 200 JSON body. */
export type Handler = (call: Call) => unknown;

export interface Shop {
  /** Every request, in order. */
  calls: Call[];
  /** `"GET /api/cart"` → the calls to it. */
  callsTo: (route: string) => Call[];
  /** Sets (or replaces) what a route answers. */
  on: (route: string, handler: Handler) => void;
  fetch: typeof globalThis.fetch;
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": status >= 400 ? "application/problem+json" : "application/json" },
  });
}

/** What a route answers in turn: each call the next answer, the last one from then on. */
export function inTurn(...answers: unknown[]): Handler {
  let next = 0;
  return () => answers[Math.min(next++, answers.length - 1)];
}

export const SIGNED_OUT = { signed_in: false, customer: null, csrf_token: null };

export function signedIn(extra: Record<string, unknown> = {}) {
  return {
    signed_in: true,
    customer: { id: "c-1", display_name: "Ana Lima", email: "ana@example.com", roles: [], mfa_enabled: false, ...extra },
    csrf_token: "csrf-1",
  };
}

/** A mocked BFF Web: `routes` maps `"METHOD /path"` to a handler or a fixed JSON answer.
 * Anything else answers 404 (a problem), so a missing route shows up in the test. */
export function mockShop(routes: Record<string, unknown> = {}): Shop {
  setCsrfToken(null);
  const handlers = new Map<string, Handler>();
  const calls: Call[] = [];
  const on = (route: string, handler: Handler) => handlers.set(route, handler);
  for (const [route, answer] of Object.entries(routes)) {
    on(route, typeof answer === "function" ? (answer as Handler) : () => answer);
  }
  const fetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    const call: Call = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
      keepalive: request.keepalive,
    };
    calls.push(call);
    const handler = handlers.get(`${call.method} ${call.path}`);
    if (!handler) return json({ title: "Not found", status: 404, detail: `No route for ${call.method} ${call.path}` }, 404);
    const answer = await handler(call);
    return answer instanceof Response ? answer : json(answer);
  };
  return {
    calls,
    callsTo: (route) => calls.filter((c) => `${c.method} ${c.path}` === route),
    on,
    fetch: fetch as typeof globalThis.fetch,
  };
}

function providers(shop: Shop, queryClient: QueryClient, route: string) {
  const client = createApi({ fetch: shop.fetch, baseUrl: "http://shop.test" });
  return function Providers({ children }: { children: ReactNode }) {
    return (
      <QueryClientProvider client={queryClient}>
        <ApiProvider client={client}>
          <MemoryRouter initialEntries={[route]}>{children}</MemoryRouter>
        </ApiProvider>
      </QueryClientProvider>
    );
  };
}

/** Renders `ui` with the app's query client defaults, a client on `shop`, at `route`. */
export function renderWithShop(ui: ReactElement, shop: Shop, route = "/") {
  const queryClient = createQueryClient();
  const result = render(ui, { wrapper: providers(shop, queryClient, route) });
  return { ...result, queryClient };
}

/** `renderHook` with the same providers. */
export function renderHookWithShop<Result, Props>(
  hook: (props: Props) => Result,
  shop: Shop,
  options: Omit<RenderHookOptions<Props>, "wrapper"> = {},
) {
  const queryClient = createQueryClient();
  const result = renderHook(hook, { ...options, wrapper: providers(shop, queryClient, "/") });
  return { ...result, queryClient };
}
