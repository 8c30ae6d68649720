import { keepPreviousData, type InfiniteData, type UseInfiniteQueryResult } from "@tanstack/react-query";
import type { Category, ListingPage } from "../../api/client";
import { useApi } from "../../api/query";
import { filtersToQuery, type ListingFilters } from "./listing";

const PAGE_SIZE = 24;

/** A listing read page by page (`cursor`): the first page, then "Load more". While other
 * filters load, the last results stay on screen (marked stale). */
export type ListingResult = UseInfiniteQueryResult<InfiniteData<ListingPage>, unknown>;

const pages = {
  pageParamName: "cursor",
  initialPageParam: null,
  getNextPageParam: (page: ListingPage) => page.next_cursor ?? undefined,
  placeholderData: keepPreviousData,
} as const;

/** `GET /api/home`: the shelves, and a signed-in shopper's picks. */
export function useHome() {
  const { $api } = useApi();
  return $api.useQuery("get", "/api/home");
}

/** `GET /api/products/{sku}`: a product, with "More like this". */
export function useProduct(sku: string) {
  const { $api } = useApi();
  return $api.useQuery("get", "/api/products/{sku}", { params: { path: { sku } } });
}

/** `GET /api/categories/{category}` with the URL's filters. */
export function useCategoryListing(category: Category, filters: ListingFilters): ListingResult {
  const { $api } = useApi();
  return $api.useInfiniteQuery(
    "get",
    "/api/categories/{category}",
    { params: { path: { category }, query: { ...filtersToQuery(filters), limit: PAGE_SIZE } } },
    pages,
  );
}

/** `GET /api/search`: the words, an optional category and the URL's filters. */
export function useSearchListing(q: string, category: Category | null, filters: ListingFilters): ListingResult {
  const { $api } = useApi();
  return $api.useInfiniteQuery(
    "get",
    "/api/search",
    { params: { query: { q, ...(category ? { category } : {}), ...filtersToQuery(filters), limit: PAGE_SIZE } } },
    { ...pages, enabled: q !== "" },
  );
}
