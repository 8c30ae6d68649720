import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react-native";
import { ExpoRoot, Slot } from "expo-router";
import { getMockContext } from "expo-router/testing-library";
import type { ComponentType } from "react";
import { createServices, ServicesProvider, type Services } from "../api/services";
import { AuthProvider } from "../auth/AuthProvider";
import { memoryTokenStorage, type Tokens } from "../auth/tokens";

export type Route = (request: Request) => Response | Promise<Response> | undefined;

export const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/** A BFF Mobile stand-in at the network edge: `"GET /api/home"` → a JSON answer; every
 * request is recorded; anything unlisted answers 404 (as an unknown route would). */
export function network(routes: Record<string, unknown | ((request: Request) => unknown)>) {
  const requests: Request[] = [];
  const fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push(request.clone());
    const path = new URL(request.url).pathname.replace(/^\/mobile/, "");
    const answer = routes[`${request.method} ${path}`];
    if (answer === undefined) return json({ title: "Not found", status: 404 }, 404);
    const value = typeof answer === "function" ? await (answer as (r: Request) => unknown)(request) : answer;
    return value instanceof Response ? value : json(value);
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, requests };
}

export const TOKENS: Tokens = { accessToken: "access-1", refreshToken: "refresh-1", expiresAt: null };

/** Renders the app's routes (`app/`-style names → screens) with real providers over a
 * mocked network; `signedIn` starts with stored tokens. */
export async function renderApp(
  routes: Record<string, ComponentType>,
  { fetch, initialUrl = "/", signedIn = false }: { fetch: typeof globalThis.fetch; initialUrl?: string; signedIn?: boolean },
): Promise<{ services: Services; queryClient: QueryClient }> {
  const storage = memoryTokenStorage();
  if (signedIn) await storage.save(TOKENS);
  const services = createServices({ baseUrl: "http://shop/mobile", fetch, storage, deviceId: () => "device-0123456789abcdef0123" });
  // gcTime Infinity: no garbage-collection timers (a mutation's default is a 5-minute
  // timer, which keeps Jest from exiting after the run).
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false, gcTime: Infinity } } });
  function Layout() {
    return (
      <QueryClientProvider client={queryClient}>
        <ServicesProvider services={services}>
          <AuthProvider>
            <Slot />
          </AuthProvider>
        </ServicesProvider>
      </QueryClientProvider>
    );
  }
  // expo-router's renderRouter, less its switch to fake timers: TanStack Query and the
  // screens' reads run on real ones, as in the app.
  process.env.EXPO_ROUTER_IMPORT_MODE = "sync";
  await render(<ExpoRoot context={getMockContext({ _layout: Layout, ...routes })} location={initialUrl} />);
  return { services, queryClient };
}
