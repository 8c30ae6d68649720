import { createAuthFetch } from "./authFetch";
import { AuthSession, RefreshRejected } from "./session";
import { memoryTokenStorage, type Tokens } from "./tokens";

const tokens = (n: number): Tokens => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresAt: null });

/** A BFF that accepts only `access-<valid>` and records what it was sent. */
function bff(valid: () => string) {
  const seen: { url: string; auth: string | null; device: string | null; body: string }[] = [];
  const fetch = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const body = request.method === "GET" ? "" : await request.text();
    seen.push({ url: request.url, auth: request.headers.get("Authorization"), device: request.headers.get("X-Device-Id"), body });
    if (request.headers.get("Authorization") !== `Bearer ${valid()}`) {
      return new Response(JSON.stringify({ title: "Please sign in", status: 401 }), { status: 401 });
    }
    return new Response(JSON.stringify({ ok: true, body }), { status: 200, headers: { "Content-Type": "application/json" } });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, seen, calls: fetch };
}

describe("createAuthFetch", () => {
  it("sends the bearer token and the device id", async () => {
    const session = new AuthSession(memoryTokenStorage(), jest.fn());
    await session.signIn(tokens(1));
    const server = bff(() => "access-1");
    const signed = createAuthFetch({ session, fetch: server.fetch, deviceId: () => "device-123456789012345678" });
    const response = await signed("http://bff/api/me");
    expect(response.status).toBe(200);
    expect(server.seen[0]).toMatchObject({ auth: "Bearer access-1", device: "device-123456789012345678" });
  });

  it("concurrent 401s share one refresh and each request is retried once with the new token", async () => {
    let current = "access-2"; // the server already moved on: access-1 is expired
    const refresher = jest.fn(async () => {
      await new Promise((ok) => setTimeout(ok, 10));
      return tokens(2);
    });
    const session = new AuthSession(memoryTokenStorage(), refresher);
    await session.signIn(tokens(1));
    const server = bff(() => current);
    const signed = createAuthFetch({ session, fetch: server.fetch });

    const answers = await Promise.all([
      signed("http://bff/api/cart"),
      signed("http://bff/api/orders"),
      signed("http://bff/api/cart/lines", { method: "POST", body: JSON.stringify({ sku: "BK-1", quantity: 2 }) }),
    ]);

    expect(refresher).toHaveBeenCalledTimes(1);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(server.calls).toHaveBeenCalledTimes(6);
    const retried = server.seen.filter((s) => s.auth === "Bearer access-2");
    expect(retried).toHaveLength(3);
    // The retry carries the same body as the first try.
    expect(retried.find((s) => s.url.endsWith("/api/cart/lines"))?.body).toBe('{"sku":"BK-1","quantity":2}');
    current = "unused";
  });

  it("signs out and hands back the 401 when the refresh is rejected", async () => {
    const session = new AuthSession(memoryTokenStorage(), async () => {
      throw new RefreshRejected();
    });
    await session.signIn(tokens(1));
    const server = bff(() => "nobody");
    const signed = createAuthFetch({ session, fetch: server.fetch });
    const [a, b] = await Promise.all([signed("http://bff/api/me"), signed("http://bff/api/orders")]);
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(session.accessToken()).toBeNull();
    expect(server.calls).toHaveBeenCalledTimes(2); // no retries without a token
  });

  it("retries at most once", async () => {
    const session = new AuthSession(memoryTokenStorage(), async () => tokens(2));
    await session.signIn(tokens(1));
    const server = bff(() => "never");
    const signed = createAuthFetch({ session, fetch: server.fetch });
    expect((await signed("http://bff/api/me")).status).toBe(401);
    expect(server.calls).toHaveBeenCalledTimes(2);
  });

  it("leaves a guest's 401 alone (nothing to refresh)", async () => {
    const refresher = jest.fn();
    const session = new AuthSession(memoryTokenStorage(), refresher);
    const server = bff(() => "x");
    const signed = createAuthFetch({ session, fetch: server.fetch });
    expect((await signed("http://bff/api/me")).status).toBe(401);
    expect(refresher).not.toHaveBeenCalled();
    expect(server.seen[0].auth).toBeNull();
  });
});
