import { useInfiniteQuery } from "@tanstack/react-query";
import type { Category, Listing } from "../../api/client";
import { unwrap } from "../../api/client";
import { useServices } from "../../api/services";

export type SortKey = "relevance" | "popular" | "newest" | "price_asc" | "price_desc" | "name";

/** What the shopper chose on a listing screen. */
export interface ListingFilters {
  sort: SortKey;
  /** `name:value` pairs. */
  facets: string[];
  price: { min: number; max: number | null } | null;
  inStock: boolean;
}

export const NO_FILTERS: ListingFilters = { sort: "popular", facets: [], price: null, inStock: false };

export const SORTS: { key: SortKey; label: string }[] = [
  { key: "popular", label: "Popular" },
  { key: "newest", label: "Newest" },
  { key: "price_asc", label: "Price: low to high" },
  { key: "price_desc", label: "Price: high to low" },
  { key: "name", label: "Name" },
];

export function toggleFacet(filters: ListingFilters, name: string, value: string): ListingFilters {
  const pair = `${name}:${value}`;
  const facets = filters.facets.includes(pair) ? filters.facets.filter((f) => f !== pair) : [...filters.facets, pair];
  return { ...filters, facets };
}

/** How many filters are on (sort is not a filter). */
export function activeCount(filters: ListingFilters): number {
  return filters.facets.length + (filters.price ? 1 : 0) + (filters.inStock ? 1 : 0);
}

/** The query string BFF Mobile reads (`price_max` is exclusive of a band's top, as the
 * bands are `[min, max)`; the open top band sends none). */
export function listingQuery(filters: ListingFilters) {
  return {
    sort: filters.sort,
    facet: filters.facets.length ? filters.facets : undefined,
    price_min: filters.price ? filters.price.min : undefined,
    price_max: filters.price && filters.price.max !== null ? filters.price.max : undefined,
    in_stock: filters.inStock || undefined,
    limit: 12,
  };
}

const PAGE = { initialPageParam: null as string | null, getNextPageParam: (page: Listing) => page.next_cursor ?? null };

/** A category's products, page by page (filter counts come with the first page). The
 * key is `[get, path, params]`, the shape the offline cache keeps. */
export function useCategoryListing(category: Category, filters: ListingFilters) {
  const { api } = useServices();
  const query = listingQuery(filters);
  return useInfiniteQuery({
    queryKey: ["get", "/api/categories/{category}", { params: { path: { category }, query } }],
    queryFn: async ({ pageParam, signal }) =>
      unwrap(
        await api.GET("/api/categories/{category}", {
          params: { path: { category }, query: { ...query, cursor: pageParam ?? undefined } },
          signal,
        }),
      ),
    ...PAGE,
  });
}

export function useSearch(q: string, filters: ListingFilters) {
  const { api } = useServices();
  const query = { ...listingQuery(filters), q };
  return useInfiniteQuery({
    queryKey: ["get", "/api/search", { params: { query } }],
    queryFn: async ({ pageParam, signal }) =>
      unwrap(await api.GET("/api/search", { params: { query: { ...query, cursor: pageParam ?? undefined } }, signal })),
    enabled: q.trim().length > 0,
    ...PAGE,
  });
}
