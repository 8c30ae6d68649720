// Filter state of a listing (category or search), kept in the URL so that back/forward,
// reload and shared links all show the same products.
import type { SortKey } from "../../api/client";
import { formatPriceRange, humanize } from "../../lib/format";

export interface ListingFilters {
  facets: Record<string, string[]>;
  priceMin: number | null;
  priceMax: number | null;
  inStock: boolean;
  sort: SortKey | null; // null: the listing's default (popular, or relevance in search)
}

export const SORT_LABELS: Record<SortKey, string> = {
  relevance: "Best match",
  popular: "Most popular",
  newest: "Newest",
  price_asc: "Price: low to high",
  price_desc: "Price: high to low",
  name: "Name A–Z",
};

const SORT_KEYS = Object.keys(SORT_LABELS) as SortKey[];
const FACET = /^([a-z_]{1,40}):(.{1,120})$/s;

export const EMPTY_FILTERS: ListingFilters = {
  facets: {},
  priceMin: null,
  priceMax: null,
  inStock: false,
  sort: null,
};

function bound(value: string | null): number | null {
  if (value === null || value.trim() === "") return null;
  const n = Number(value);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

export function parseFilters(params: URLSearchParams): ListingFilters {
  const facets: Record<string, string[]> = {};
  for (const raw of params.getAll("facet")) {
    const match = FACET.exec(raw);
    if (!match) continue;
    const [, name, value] = match;
    const values = (facets[name] ??= []);
    if (!values.includes(value)) values.push(value);
  }
  const sort = params.get("sort");
  let priceMin = bound(params.get("price_min"));
  let priceMax = bound(params.get("price_max"));
  if (priceMin !== null && priceMax !== null && priceMin > priceMax) {
    [priceMin, priceMax] = [priceMax, priceMin];
  }
  return {
    facets,
    priceMin,
    priceMax,
    inStock: params.get("in_stock") === "true",
    sort: SORT_KEYS.includes(sort as SortKey) ? (sort as SortKey) : null,
  };
}

/** The URL's query for some filters; `keep` carries other parameters (e.g. `q`). */
export function filtersToParams(filters: ListingFilters, keep?: Record<string, string>): URLSearchParams {
  const params = new URLSearchParams(keep);
  for (const [name, values] of Object.entries(filters.facets)) {
    for (const value of values) params.append("facet", `${name}:${value}`);
  }
  if (filters.priceMin !== null) params.set("price_min", String(filters.priceMin));
  if (filters.priceMax !== null) params.set("price_max", String(filters.priceMax));
  if (filters.inStock) params.set("in_stock", "true");
  if (filters.sort) params.set("sort", filters.sort);
  return params;
}

/** The BFF's query parameters for some filters. */
export function filtersToQuery(filters: ListingFilters) {
  const facet = Object.entries(filters.facets).flatMap(([name, values]) => values.map((v) => `${name}:${v}`));
  return {
    ...(facet.length ? { facet } : {}),
    ...(filters.priceMin !== null ? { price_min: filters.priceMin } : {}),
    ...(filters.priceMax !== null ? { price_max: filters.priceMax } : {}),
    ...(filters.inStock ? { in_stock: true } : {}),
    ...(filters.sort ? { sort: filters.sort } : {}),
  };
}

export function isSelected(filters: ListingFilters, name: string, value: string): boolean {
  return filters.facets[name]?.includes(value) ?? false;
}

export function toggleFacet(filters: ListingFilters, name: string, value: string): ListingFilters {
  const current = filters.facets[name] ?? [];
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  const facets = { ...filters.facets };
  if (next.length) facets[name] = next;
  else delete facets[name];
  return { ...filters, facets };
}

export function setPriceRange(filters: ListingFilters, min: number | null, max: number | null): ListingFilters {
  return { ...filters, priceMin: min && min > 0 ? min : null, priceMax: max ?? null };
}

export function isPriceRange(filters: ListingFilters, min: number, max: number | null): boolean {
  return (filters.priceMin ?? 0) === min && filters.priceMax === (max ?? null);
}

export function clearFilters(filters: ListingFilters): ListingFilters {
  return { ...EMPTY_FILTERS, sort: filters.sort };
}

export function activeFilterCount(filters: ListingFilters): number {
  const facets = Object.values(filters.facets).reduce((n, values) => n + values.length, 0);
  const price = filters.priceMin !== null || filters.priceMax !== null ? 1 : 0;
  return facets + price + (filters.inStock ? 1 : 0);
}

export interface FilterChip {
  id: string;
  label: string;
  without: ListingFilters;
}

/** One removable chip per active filter, in a stable order. */
export function filterChips(filters: ListingFilters): FilterChip[] {
  const chips: FilterChip[] = [];
  for (const [name, values] of Object.entries(filters.facets)) {
    for (const value of values) {
      chips.push({
        id: `facet:${name}:${value}`,
        label: `${facetLabel(name)}: ${value}`,
        without: toggleFacet(filters, name, value),
      });
    }
  }
  if (filters.priceMin !== null || filters.priceMax !== null) {
    chips.push({
      id: "price",
      label: formatPriceRange(filters.priceMin ?? 0, filters.priceMax),
      without: { ...filters, priceMin: null, priceMax: null },
    });
  }
  if (filters.inStock) chips.push({ id: "in_stock", label: "In stock", without: { ...filters, inStock: false } });
  return chips;
}

const FACET_LABELS: Record<string, string> = {
  tag: "Tags",
  genre: "Genre",
  author: "Author",
  family: "Scent family",
  brand: "Brand",
  concentration: "Concentration",
  gender: "Worn by",
  note: "Notes",
  roast: "Roast",
  origin: "Origin",
  process: "Process",
  flavor: "Flavour",
  kind: "Kind",
  style: "Style",
  category: "Category",
};

export function facetLabel(name: string): string {
  return FACET_LABELS[name] ?? humanize(name);
}
