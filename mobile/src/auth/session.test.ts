import { AuthSession, RefreshRejected } from "./session";
import { memoryTokenStorage, type Tokens } from "./tokens";

const tokens = (n: number, expiresAt: number | null = null): Tokens => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresAt });

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

describe("AuthSession.refresh", () => {
  it("shares one refresh between every caller that asks while it runs", async () => {
    const answer = deferred<Tokens>();
    const refresher = jest.fn(() => answer.promise);
    const session = new AuthSession(memoryTokenStorage(), refresher);
    await session.signIn(tokens(1));

    const asks = [session.refresh("access-1"), session.refresh("access-1"), session.refresh("access-1")];
    answer.resolve(tokens(2));
    const got = await Promise.all(asks);

    expect(refresher).toHaveBeenCalledTimes(1);
    expect(refresher).toHaveBeenCalledWith("refresh-1");
    expect(got.map((t) => t?.accessToken)).toEqual(["access-2", "access-2", "access-2"]);
    expect(session.accessToken()).toBe("access-2");
  });

  it("does not refresh again for a token another request already replaced", async () => {
    const refresher = jest.fn(async () => tokens(2));
    const session = new AuthSession(memoryTokenStorage(), refresher);
    await session.signIn(tokens(1));
    await session.refresh("access-1");
    const late = await session.refresh("access-1"); // a 401 that was in flight during the refresh
    expect(refresher).toHaveBeenCalledTimes(1);
    expect(late?.accessToken).toBe("access-2");
  });

  it("signs out cleanly when the refresh token is rejected", async () => {
    const storage = memoryTokenStorage();
    const session = new AuthSession(storage, async () => {
      throw new RefreshRejected("invalid_grant");
    });
    const events: string[] = [];
    session.subscribe((_t, event) => events.push(event));
    await session.signIn(tokens(1));

    await expect(session.refresh("access-1")).resolves.toBeNull();
    expect(session.accessToken()).toBeNull();
    expect(await storage.load()).toBeNull();
    expect(events).toEqual(["signed-in", "expired"]);
  });

  it("keeps the tokens when the network fails during a refresh", async () => {
    const session = new AuthSession(memoryTokenStorage(), async () => {
      throw new TypeError("Network request failed");
    });
    await session.signIn(tokens(1));
    await expect(session.refresh("access-1")).rejects.toThrow("Network request failed");
    expect(session.accessToken()).toBe("access-1");
  });

  it("signs out without asking when there is no refresh token", async () => {
    const refresher = jest.fn();
    const session = new AuthSession(memoryTokenStorage(), refresher);
    await session.signIn({ accessToken: "a", refreshToken: null, expiresAt: null });
    await expect(session.refresh("a")).resolves.toBeNull();
    expect(refresher).not.toHaveBeenCalled();
    expect(session.accessToken()).toBeNull();
  });

  it("restores stored tokens and tells when they are about to expire", async () => {
    const storage = memoryTokenStorage();
    await storage.save(tokens(7, 1_000_000 + 20_000));
    const session = new AuthSession(storage, jest.fn(), () => 1_000_000);
    expect((await session.restore())?.accessToken).toBe("access-7");
    expect(session.expiring()).toBe(true); // within the 30 s margin
  });
});
