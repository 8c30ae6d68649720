import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  clearFilters,
  filterChips,
  filtersToParams,
  filtersToQuery,
  isPriceRange,
  parseFilters,
  setPriceRange,
  toggleFacet,
} from "./listing";

describe("facet filter state", () => {
  it("reads filters from the URL, ignoring what is malformed", () => {
    const filters = parseFilters(
      new URLSearchParams("facet=roast:dark&facet=roast:light&facet=origin:Costa Rica&facet=bad&price_min=1000&price_max=2500&in_stock=true&sort=price_asc"),
    );
    expect(filters).toEqual({
      facets: { roast: ["dark", "light"], origin: ["Costa Rica"] },
      priceMin: 1000,
      priceMax: 2500,
      inStock: true,
      sort: "price_asc",
    });
  });

  it("drops an unknown sort and swaps a reversed price range", () => {
    const filters = parseFilters(new URLSearchParams("sort=cheapest&price_min=5000&price_max=1000"));
    expect(filters.sort).toBeNull();
    expect([filters.priceMin, filters.priceMax]).toEqual([1000, 5000]);
  });

  it("round-trips through the URL and keeps other parameters", () => {
    const filters = parseFilters(new URLSearchParams("facet=note:vanilla&in_stock=true"));
    const params = filtersToParams(filters, { q: "amber" });
    expect(params.toString()).toBe("q=amber&facet=note%3Avanilla&in_stock=true");
    expect(parseFilters(params)).toEqual(filters);
  });

  it("toggles a facet value on and off, removing an emptied group", () => {
    const empty = parseFilters(new URLSearchParams());
    const on = toggleFacet(empty, "roast", "dark");
    expect(on.facets).toEqual({ roast: ["dark"] });
    const two = toggleFacet(on, "roast", "light");
    expect(two.facets).toEqual({ roast: ["dark", "light"] });
    expect(toggleFacet(toggleFacet(two, "roast", "dark"), "roast", "light").facets).toEqual({});
    expect(empty.facets).toEqual({}); // unchanged
  });

  it("builds the BFF query: repeated name:value facets and bounds", () => {
    const filters = setPriceRange(toggleFacet(parseFilters(new URLSearchParams()), "genre", "fantasy"), 0, 1000);
    expect(filtersToQuery(filters)).toEqual({ facet: ["genre:fantasy"], price_max: 1000 });
    expect(isPriceRange(filters, 0, 1000)).toBe(true);
    expect(isPriceRange(setPriceRange(filters, 10000, null), 10000, null)).toBe(true);
  });

  it("lists removable chips and clears all but the sort", () => {
    const filters = parseFilters(new URLSearchParams("facet=family:woody&price_min=5000&price_max=10000&in_stock=true&sort=newest"));
    const chips = filterChips(filters);
    expect(chips.map((c) => c.label)).toEqual(["Scent family: woody", "€50 – €100", "In stock"]);
    expect(activeFilterCount(chips[0].without)).toBe(2);
    expect(clearFilters(filters)).toEqual({ facets: {}, priceMin: null, priceMax: null, inStock: false, sort: "newest" });
  });
});
