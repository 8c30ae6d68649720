import { exchangeCode, refreshTokens, TokenRejected, type AuthConfig } from "./oauth";
import { RefreshRejected } from "./session";

const config: AuthConfig = {
  issuer: "http://shop/svc/customers",
  authorization_endpoint: "http://shop/svc/customers/oauth/authorize",
  token_endpoint: "http://shop/svc/customers/oauth/token",
  revocation_endpoint: "http://shop/svc/customers/oauth/revoke",
  client_id: "bookbrew-mobile",
  scope: "profile orders",
  redirect_uris: ["bookbrew://auth/callback"],
};

function tokenEndpoint(status: number, body: object) {
  return jest.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => new Response(JSON.stringify(body), { status }));
}

describe("token endpoint calls", () => {
  it("refreshes with the refresh-token grant for the public client", async () => {
    const fetch = tokenEndpoint(200, { access_token: "new", refresh_token: "r2", expires_in: 600 });
    const got = await refreshTokens(config, "r1", fetch as unknown as typeof globalThis.fetch);
    expect(got.accessToken).toBe("new");
    expect(got.refreshToken).toBe("r2");
    expect(got.expiresAt).toBeGreaterThan(Date.now());
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(config.token_endpoint);
    expect(Object.fromEntries(new URLSearchParams(String(init?.body)))).toEqual({
      client_id: "bookbrew-mobile",
      grant_type: "refresh_token",
      refresh_token: "r1",
    });
  });

  it("keeps the old refresh token when the server does not rotate it", async () => {
    const fetch = tokenEndpoint(200, { access_token: "new", expires_in: 600 });
    expect((await refreshTokens(config, "r1", fetch as unknown as typeof globalThis.fetch)).refreshToken).toBe("r1");
  });

  it("a 400 invalid_grant is a RefreshRejected (sign out), a 503 is not", async () => {
    await expect(refreshTokens(config, "r1", tokenEndpoint(400, { error: "invalid_grant" }) as unknown as typeof fetch)).rejects.toBeInstanceOf(RefreshRejected);
    const busy = refreshTokens(config, "r1", tokenEndpoint(503, {}) as unknown as typeof fetch);
    await expect(busy).rejects.not.toBeInstanceOf(RefreshRejected);
  });

  it("exchanges the code with the PKCE verifier and the redirect", async () => {
    const fetch = tokenEndpoint(200, { access_token: "a", refresh_token: "r", expires_in: 300 });
    await exchangeCode(config, "the-code", "the-verifier", "bookbrew://auth/callback", fetch as unknown as typeof globalThis.fetch);
    expect(Object.fromEntries(new URLSearchParams(String(fetch.mock.calls[0][1]?.body)))).toEqual({
      client_id: "bookbrew-mobile",
      grant_type: "authorization_code",
      code: "the-code",
      code_verifier: "the-verifier",
      redirect_uri: "bookbrew://auth/callback",
    });
    await expect(exchangeCode(config, "x", "y", "z", tokenEndpoint(400, { error: "invalid_grant" }) as unknown as typeof fetch)).rejects.toBeInstanceOf(TokenRejected);
  });
});
