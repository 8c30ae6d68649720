import { afterEach, describe, expect, it } from "vitest";
import { mockShop } from "../test/shop";
import { createApi, setCsrfToken } from "./client";
import { ApiProblem } from "./problem";

afterEach(() => setCsrfToken(null));

describe("the API client", () => {
  it("turns every answer that is not 2xx into an ApiProblem, with its status", async () => {
    const shop = mockShop({
      "GET /api/home": () => new Response("upstream timed out", { status: 503 }),
      "GET /api/products/XX-1": () =>
        new Response(JSON.stringify({ title: "Not found", status: 404, detail: "No product with SKU XX-1." }), {
          status: 404,
          headers: { "Content-Type": "application/problem+json" },
        }),
    });
    const api = createApi({ fetch: shop.fetch, baseUrl: "http://shop.test" });
    const busy = await api.GET("/api/home").catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(ApiProblem);
    expect((busy as ApiProblem).problem).toEqual({ title: "The shop is busy", status: 503, detail: "upstream timed out" });
    const missing = await api.GET("/api/products/{sku}", { params: { path: { sku: "XX-1" } } }).catch((error: unknown) => error);
    expect((missing as ApiProblem).problem).toEqual({ title: "Not found", status: 404, detail: "No product with SKU XX-1." });
  });

  it("sends the session's CSRF token on unsafe requests only", async () => {
    const shop = mockShop({ "GET /api/cart": { lines: [] }, "DELETE /api/cart": { lines: [] } });
    const api = createApi({ fetch: shop.fetch, baseUrl: "http://shop.test" });
    setCsrfToken("csrf-9");
    await api.GET("/api/cart");
    await api.DELETE("/api/cart");
    expect(shop.calls.map((c) => [c.method, c.headers.get("X-CSRF-Token")])).toEqual([
      ["GET", null],
      ["DELETE", "csrf-9"],
    ]);
  });
});
