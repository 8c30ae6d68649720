import { useEffect, useId, useRef, useState } from "react";
import type { SortKey } from "../../api/client";
import { problemFrom } from "../../api/problem";
import { GridSkeleton } from "../../components/Loading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { plural } from "../../lib/format";
import { FacetPanel } from "./FacetPanel";
import {
  activeFilterCount,
  clearFilters,
  filterChips,
  filtersToParams,
  SORT_LABELS,
  type ListingFilters,
} from "./listing";
import { ProductGrid } from "./ProductCard";
import type { ListingResult } from "./queries";

interface Props {
  /** The listing's pages (`useCategoryListing`, `useSearchListing`), for these filters. */
  result: ListingResult;
  filters: ListingFilters;
  onFiltersChange: (next: ListingFilters) => void;
  sorts: SortKey[];
  defaultSort: SortKey;
  category?: { selected: string | null; onSelect: (category: string | null) => void };
  empty?: React.ReactNode;
}

export function Listing({ result, filters: urlFilters, onFiltersChange: navigateTo, sorts, defaultSort, category: categoryProp, empty }: Props) {
  // The URL holds the filters, but the router applies a change in a transition: show the
  // change at once (a checkbox must not flicker back) until the URL catches up.
  const [pending, setPending] = useState<ListingFilters | null>(null);
  const urlKey = filtersToParams(urlFilters).toString();
  useEffect(() => setPending(null), [urlKey]);
  const filters = pending ?? urlFilters;
  const [pendingCategory, setPendingCategory] = useState<{ value: string | null } | null>(null);
  useEffect(() => setPendingCategory(null), [urlKey, categoryProp?.selected]);
  const category = categoryProp && {
    selected: pendingCategory ? pendingCategory.value : categoryProp.selected,
    onSelect: (value: string | null) => {
      setPendingCategory({ value });
      categoryProp.onSelect(value);
    },
  };
  const onFiltersChange = (next: ListingFilters) => {
    setPending(next);
    navigateTo(next);
  };
  const [filtersOpen, setFiltersOpen] = useState(false);
  const firstNewItem = useRef<number | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const sortId = useId();

  // Other filters: the last results stay on screen, marked stale, until theirs arrive.
  const pages = result.data?.pages ?? [];
  const page = pages.length ? pages[pages.length - 1] : null;
  const items = pages.flatMap((p) => p.items);
  const stale = result.isPlaceholderData;
  const loadingMore = result.isFetchingNextPage;
  const moreProblem = result.isFetchNextPageError ? problemFrom(result.error) : null;
  // A failed read of other filters shows its problem; one of "Load more" shows by the button.
  const state: "loading" | "error" | "ready" = page ? "ready" : result.isError ? "error" : "loading";

  // After "load more", move focus to the first new product so keyboard users continue there.
  useEffect(() => {
    if (firstNewItem.current === null || !gridRef.current || items.length <= firstNewItem.current) return;
    const links = gridRef.current.querySelectorAll<HTMLAnchorElement>(".card__link");
    links[firstNewItem.current]?.focus();
    firstNewItem.current = null;
  });

  async function loadMore() {
    if (state !== "ready" || !result.hasNextPage || loadingMore) return;
    firstNewItem.current = items.length;
    const answer = await result.fetchNextPage();
    if (answer.isError) firstNewItem.current = null;
  }

  const active = activeFilterCount(filters);
  const chips = filterChips(filters);

  return (
    <div className="listing">
      <div className="listing__toolbar">
        <button
          type="button"
          className="button button--secondary listing__filters-toggle"
          aria-expanded={filtersOpen}
          aria-controls={panelId}
          onClick={() => setFiltersOpen((v) => !v)}
        >
          Filters{active ? ` (${active})` : ""}
        </button>
        <p className="listing__count" aria-live="polite">
          {state === "ready" && stale
            ? "Updating…"
            : state === "ready" && page
            ? `${plural(page.total, "product")}${active ? " match" : ""}`
            : state === "loading"
              ? "Loading products…"
              : ""}
        </p>
        <div className="listing__sort">
          <label htmlFor={sortId}>Sort by</label>
          <select
            id={sortId}
            value={filters.sort ?? defaultSort}
            onChange={(e) => onFiltersChange({ ...filters, sort: e.target.value === defaultSort ? null : (e.target.value as SortKey) })}
          >
            {sorts.map((key) => (
              <option key={key} value={key}>
                {SORT_LABELS[key]}
              </option>
            ))}
          </select>
        </div>
      </div>

      {chips.length ? (
        <ul className="chips" aria-label="Active filters">
          {chips.map((chip) => (
            <li key={chip.id}>
              <button type="button" className="chip" onClick={() => onFiltersChange(chip.without)}>
                {chip.label}
                <span aria-hidden="true"> ×</span>
                <span className="visually-hidden"> (remove filter)</span>
              </button>
            </li>
          ))}
          <li>
            <button type="button" className="link-button" onClick={() => onFiltersChange(clearFilters(filters))}>
              Clear all
            </button>
          </li>
        </ul>
      ) : null}

      <div className="listing__body">
        <aside
          id={panelId}
          className={filtersOpen ? "listing__facets is-open" : "listing__facets"}
          aria-label="Filters"
        >
          {state === "ready" && page ? (
            <FacetPanel facets={page.facets} filters={filters} onChange={onFiltersChange} category={category} />
          ) : state === "loading" ? (
            <p className="muted">Loading filters…</p>
          ) : null}
        </aside>

        <div
          className={state === "ready" && stale ? "listing__results is-stale" : "listing__results"}
          ref={gridRef}
          aria-busy={state === "loading" || (state === "ready" && stale)}
        >
          {state === "loading" ? <GridSkeleton /> : null}
          {state === "error" ? (
            <ProblemMessage problem={problemFrom(result.error)} onRetry={() => void result.refetch()} />
          ) : null}
          {state === "ready" && items.length === 0 ? (
            <div className="empty">
              {empty ?? <p>Nothing matches these filters.</p>}
              {active ? (
                <button type="button" className="button button--secondary" onClick={() => onFiltersChange(clearFilters(filters))}>
                  Clear filters
                </button>
              ) : null}
            </div>
          ) : null}
          {state === "ready" && page && items.length > 0 ? (
            <>
              <ProductGrid products={items} label="Products" />
              <div className="listing__more">
                <p className="muted">
                  Showing {items.length.toLocaleString("en-IE")} of {page.total.toLocaleString("en-IE")}
                </p>
                {moreProblem ? <ProblemMessage problem={moreProblem} compact /> : null}
                {result.hasNextPage ? (
                  <button
                    type="button"
                    className="button"
                    onClick={loadMore}
                    disabled={loadingMore || stale}
                    aria-busy={loadingMore}
                  >
                    {loadingMore ? "Loading…" : moreProblem ? "Try again" : "Load more"}
                  </button>
                ) : null}
              </div>
            </>
          ) : null}
        </div>
      </div>
    </div>
  );
}
