import { createApi, unwrap } from "./client";
import { createEtagFetch } from "./etag";
import { ApiProblem, problemFrom } from "./problem";

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), { status: 200, headers: { "Content-Type": "application/json" }, ...init });

describe("the typed BFF Mobile client", () => {
  it("builds paths and query strings from the spec's parameters", async () => {
    const fetch = jest.fn(async (_r: Request) => json({ items: [], total: 0, next_cursor: null, filters: null }));
    const api = createApi({ baseUrl: "http://shop/mobile", fetch: fetch as unknown as typeof globalThis.fetch });
    const listing = unwrap(
      await api.GET("/api/categories/{category}", { params: { path: { category: "coffee" }, query: { sort: "price_asc", facet: ["roast:Dark"], limit: 12 } } }),
    );
    expect(listing.total).toBe(0);
    const url = new URL(fetch.mock.calls[0][0].url);
    expect(url.pathname).toBe("/mobile/api/categories/coffee");
    expect(url.searchParams.get("sort")).toBe("price_asc");
    expect(url.searchParams.getAll("facet")).toEqual(["roast:Dark"]);
  });

  it("turns an RFC 9457 problem into a thrown ApiProblem with its kind and field errors", async () => {
    const fetch = jest.fn(async () =>
      json(
        { type: "about:blank", title: "Please check what you entered", status: 422, kind: "invalid-card", errors: [{ loc: ["body", "number"], msg: "Not a card number" }] },
        { status: 422, headers: { "Content-Type": "application/problem+json" } },
      ),
    );
    const api = createApi({ baseUrl: "http://shop/mobile", fetch: fetch as unknown as typeof globalThis.fetch });
    const call = api.POST("/api/payment-methods", { body: { number: "1", exp_month: 1, exp_year: 2030, cvc: "123" } });
    await expect(call).rejects.toBeInstanceOf(ApiProblem);
    const problem = problemFrom(await call.catch((e) => e));
    expect(problem).toMatchObject({ status: 422, kind: "invalid-card", title: "Please check what you entered" });
    expect(problem.errors?.[0].msg).toBe("Not a card number");
  });

  it("reads a network failure as offline", () => {
    expect(problemFrom(new TypeError("Network request failed"))).toMatchObject({ title: "Can't reach the shop", kind: "offline" });
  });
});

describe("conditional GETs on the phone", () => {
  it("sends If-None-Match and answers a 304 from the body it kept", async () => {
    const calls: (string | null)[] = [];
    const base = jest.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      calls.push(request.headers.get("If-None-Match"));
      if (request.headers.get("If-None-Match") === '"v1"') return new Response(null, { status: 304 });
      return json({ shelves: [] }, { headers: { ETag: '"v1"', "Content-Type": "application/json" } });
    });
    const fetch = createEtagFetch(base as unknown as typeof globalThis.fetch);
    await fetch("http://shop/mobile/api/home");
    const again = await fetch("http://shop/mobile/api/home");
    expect(calls).toEqual([null, '"v1"']);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ shelves: [] });
  });
});
