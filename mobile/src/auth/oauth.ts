import { RefreshRejected } from "./session";
import { tokensFromResponse, type Tokens } from "./tokens";

/** What `GET /api/auth/config` tells the app (the identity service's endpoints). */
export interface AuthConfig {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  revocation_endpoint: string;
  client_id: string;
  /** Space-separated. */
  scope: string;
  redirect_uris: string[];
}

/** The token endpoint said no (4xx): a bad code, verifier or refresh token. */
export class TokenRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TokenRejected";
  }
}

async function tokenRequest(
  config: AuthConfig,
  form: Record<string, string>,
  fetcher: typeof globalThis.fetch,
): Promise<Record<string, unknown>> {
  const response = await fetcher(config.token_endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({ client_id: config.client_id, ...form }).toString(),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // not JSON: judged by the status alone
  }
  if (response.status >= 400 && response.status < 500) {
    throw new TokenRejected(typeof body.error_description === "string" ? body.error_description : String(body.error ?? response.status));
  }
  if (!response.ok) throw new Error(`The sign-in service answered ${response.status}`);
  return body;
}

/** The refresh-token grant (RFC 6749 §6). A 4xx (e.g. `invalid_grant`) is a
 * RefreshRejected: the session signs out; a 5xx or no network keeps the tokens. */
export async function refreshTokens(
  config: AuthConfig,
  refreshToken: string,
  fetcher: typeof globalThis.fetch = fetch,
): Promise<Tokens> {
  try {
    const body = await tokenRequest(config, { grant_type: "refresh_token", refresh_token: refreshToken }, fetcher);
    return tokensFromResponse(body, refreshToken);
  } catch (error) {
    if (error instanceof TokenRejected) throw new RefreshRejected(error.message);
    throw error;
  }
}

/** The authorization-code grant with the PKCE verifier (RFC 7636). */
export async function exchangeCode(
  config: AuthConfig,
  code: string,
  codeVerifier: string,
  redirectUri: string,
  fetcher: typeof globalThis.fetch = fetch,
): Promise<Tokens> {
  const body = await tokenRequest(
    config,
    { grant_type: "authorization_code", code, code_verifier: codeVerifier, redirect_uri: redirectUri },
    fetcher,
  );
  return tokensFromResponse(body);
}
