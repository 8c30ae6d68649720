import { act, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { ListingPage } from "../../api/client";
import { mockShop, renderHookWithShop, type Call } from "../../test/shop";
import { EMPTY_FILTERS, type ListingFilters } from "./listing";
import { useCategoryListing } from "./queries";

const product = (sku: string) => ({
  sku,
  name: sku,
  category: "coffee" as const,
  description: "",
  price: { amount: 1200, currency: "EUR", display: "€12.00" },
  images: [],
  tags: [],
  attributes: {},
  in_stock: true,
});

const page = (skus: string[], next: string | null, total = 3): ListingPage =>
  ({ items: skus.map(product), total, next_cursor: next, facets: { categories: [], price: [], groups: [] } }) as unknown as ListingPage;

/** Answers by the request: the first page, the page after `c1`, or the dark roasts. */
function listing(call: Call) {
  if (call.query.getAll("facet").includes("roast:dark")) return page(["CF-9"], null, 1);
  return call.query.get("cursor") === "c1" ? page(["CF-3"], null) : page(["CF-1", "CF-2"], "c1");
}

describe("a category listing", () => {
  it("reads page by page through the cursor", async () => {
    const shop = mockShop({ "GET /api/categories/coffee": listing });
    const { result } = renderHookWithShop(() => useCategoryListing("coffee", EMPTY_FILTERS), shop);
    await waitFor(() => expect(result.current.data?.pages).toHaveLength(1));
    expect(result.current.hasNextPage).toBe(true);
    await act(() => result.current.fetchNextPage());
    await waitFor(() => expect(result.current.data?.pages.flatMap((p) => p.items.map((i) => i.sku))).toEqual(["CF-1", "CF-2", "CF-3"]));
    expect(result.current.hasNextPage).toBe(false);
    const [first, second] = shop.callsTo("GET /api/categories/coffee");
    expect(first.query.has("cursor")).toBe(false);
    expect(first.query.get("limit")).toBe("24");
    expect(second.query.get("cursor")).toBe("c1");
  });

  it("keeps the last results on screen, marked stale, while other filters load", async () => {
    let release!: () => void;
    const held = new Promise<void>((ok) => (release = ok));
    const shop = mockShop({
      "GET /api/categories/coffee": async (call: Call) => {
        if (call.query.has("facet")) await held;
        return listing(call);
      },
    });
    const { result, rerender } = renderHookWithShop((filters: ListingFilters) => useCategoryListing("coffee", filters), shop, {
      initialProps: EMPTY_FILTERS,
    });
    await waitFor(() => expect(result.current.data?.pages[0].total).toBe(3));
    rerender({ ...EMPTY_FILTERS, facets: { roast: ["dark"] } });
    await waitFor(() => expect(result.current.isPlaceholderData).toBe(true));
    expect(result.current.data?.pages[0].total).toBe(3);
    release();
    await waitFor(() => expect(result.current.isPlaceholderData).toBe(false));
    expect(result.current.data?.pages[0].items.map((i) => i.sku)).toEqual(["CF-9"]);
    expect(shop.callsTo("GET /api/categories/coffee").at(-1)?.query.getAll("facet")).toEqual(["roast:dark"]);
  });
});
