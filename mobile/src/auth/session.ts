import type { TokenStorage, Tokens } from "./tokens";

/** The identity service refused the refresh token (revoked, expired, reused): the only
 * way on is a new sign-in. A network failure is not this: the tokens are kept. */
export class RefreshRejected extends Error {
  constructor(message = "The sign-in has expired") {
    super(message);
    this.name = "RefreshRejected";
  }
}

export type Refresher = (refreshToken: string) => Promise<Tokens>;
export type SessionEvent = "restored" | "signed-in" | "refreshed" | "signed-out" | "expired";
type Listener = (tokens: Tokens | null, event: SessionEvent) => void;

/** Refresh this long before the access token's stated expiry (clock skew, travel time). */
const EARLY_MS = 30_000;

/** The signed-in shopper's tokens and the one place they change. Every request reads
 * the access token here; a 401 (or an access token about to expire) asks for a refresh,
 * and concurrent askers share the same one. A rejected refresh signs out cleanly:
 * tokens forgotten in memory and storage, listeners told `expired`. */
export class AuthSession {
  private tokens: Tokens | null = null;
  private pending: Promise<Tokens | null> | null = null;
  private listeners = new Set<Listener>();

  constructor(
    private readonly storage: TokenStorage,
    private readonly refresher: Refresher,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads the stored tokens at app start. */
  async restore(): Promise<Tokens | null> {
    this.tokens = await this.storage.load();
    this.emit("restored");
    return this.tokens;
  }

  current(): Tokens | null {
    return this.tokens;
  }

  accessToken(): string | null {
    return this.tokens?.accessToken ?? null;
  }

  /** Whether the access token is past (or nearly past) its expiry. */
  expiring(): boolean {
    const at = this.tokens?.expiresAt;
    return at != null && at - EARLY_MS <= this.now();
  }

  async signIn(tokens: Tokens): Promise<void> {
    this.tokens = tokens;
    await this.storage.save(tokens);
    this.emit("signed-in");
  }

  /** Forgets the tokens (revoking them at the server is the caller's business). */
  async signOut(event: "signed-out" | "expired" = "signed-out"): Promise<void> {
    const had = this.tokens !== null;
    this.tokens = null;
    this.pending = null;
    await this.storage.save(null);
    if (had) this.emit(event);
  }

  /** Fresh tokens after `failedToken` was refused. When another request already swapped
   * that token, its successor is returned without asking again; while a refresh runs,
   * every caller waits for that same one. Null: signed out (no refresh token, or it
   * was rejected). Throws on a network failure, keeping the tokens. */
  refresh(failedToken: string | null = this.accessToken()): Promise<Tokens | null> {
    if (this.pending) return this.pending;
    if (this.tokens && failedToken !== null && this.tokens.accessToken !== failedToken && !this.expiring()) {
      return Promise.resolve(this.tokens);
    }
    this.pending = this.run().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async run(): Promise<Tokens | null> {
    const refreshToken = this.tokens?.refreshToken;
    if (!refreshToken) {
      await this.signOut("expired");
      return null;
    }
    try {
      const fresh = await this.refresher(refreshToken);
      if (this.tokens?.refreshToken !== refreshToken) return this.tokens; // signed out meanwhile
      this.tokens = fresh;
      await this.storage.save(fresh);
      this.emit("refreshed");
      return fresh;
    } catch (error) {
      if (error instanceof RefreshRejected) {
        await this.signOut("expired");
        return null;
      }
      throw error;
    }
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: SessionEvent): void {
    for (const listener of [...this.listeners]) listener(this.tokens, event);
  }
}
