import type { AuthSession } from "./session";

export interface AuthFetchOptions {
  session: AuthSession;
  /** The network below (the ETag cache, or the platform's fetch). */
  fetch: typeof globalThis.fetch;
  /** The install's id, sent as `X-Device-Id` (guest carts are keyed by it). */
  deviceId?: () => string | null;
}

/** A fetch that signs requests with the shopper's bearer token. An access token about to
 * expire is refreshed first; a 401 on a signed request gets one refresh (shared with
 * every request that failed at the same time) and one retry with the new token. When the
 * refresh is rejected the session signs out and the 401 is what the caller sees. */
export function createAuthFetch({ session, fetch: base, deviceId }: AuthFetchOptions): typeof globalThis.fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    // Kept unsent: a body can be read once, and the retry needs it again.
    const spare = request.clone();
    const device = deviceId?.();
    if (device) request.headers.set("X-Device-Id", device);

    if (session.accessToken() && session.expiring()) {
      try {
        await session.refresh(session.accessToken());
      } catch {
        // Offline: try with the token we have; the server decides.
      }
    }
    const token = session.accessToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    const response = await base(request);
    if (response.status !== 401 || !token) return response;

    const fresh = await session.refresh(token);
    if (!fresh) return response;
    if (device) spare.headers.set("X-Device-Id", device);
    spare.headers.set("Authorization", `Bearer ${fresh.accessToken}`);
    return base(spare);
  };
}
