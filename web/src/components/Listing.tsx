import { useEffect, useId, useRef, useState } from "react";
import type { ListingPage, SortKey } from "../api/client";
import { problemFrom, type Problem } from "../api/problem";
import { plural } from "../lib/format";
import {
  activeFilterCount,
  clearFilters,
  filterChips,
  filtersToParams,
  SORT_LABELS,
  type ListingFilters,
} from "../lib/listing";
import { FacetPanel } from "./FacetPanel";
import { GridSkeleton } from "./Loading";
import { ProductGrid } from "./ProductCard";
import { ProblemMessage } from "./ProblemMessage";

interface Props {
  /** Changes whenever what is listed changes (category, words, filters). */
  queryKey: string;
  filters: ListingFilters;
  onFiltersChange: (next: ListingFilters) => void;
  fetchPage: (cursor: string | null, signal: AbortSignal) => Promise<ListingPage>;
  sorts: SortKey[];
  defaultSort: SortKey;
  category?: { selected: string | null; onSelect: (category: string | null) => void };
  empty?: React.ReactNode;
}

type State =
  | { status: "loading" }
  | { status: "error"; problem: Problem }
  | { status: "ready"; page: ListingPage; items: ListingPage["items"]; stale?: boolean };

export function Listing({ queryKey, filters: urlFilters, onFiltersChange: navigateTo, fetchPage, sorts, defaultSort, category: categoryProp, empty }: Props) {
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
  const [state, setState] = useState<State>({ status: "loading" });
  const [attempt, setAttempt] = useState(0);
  const [more, setMore] = useState<{ loading: boolean; problem: Problem | null }>({ loading: false, problem: null });
  const [filtersOpen, setFiltersOpen] = useState(false);
  const moreAbort = useRef<AbortController | null>(null);
  const firstNewItem = useRef<number | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const sortId = useId();

  useEffect(() => {
    const controller = new AbortController();
    moreAbort.current?.abort();
    setMore({ loading: false, problem: null });
    // Keep showing the previous results while new ones load (no flashing on each click).
    setState((s) => (s.status === "ready" ? { ...s, stale: true } : { status: "loading" }));
    fetchPage(null, controller.signal).then(
      (page) => !controller.signal.aborted && setState({ status: "ready", page, items: page.items }),
      (error: unknown) => !controller.signal.aborted && setState({ status: "error", problem: problemFrom(error) }),
    );
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryKey, attempt]);

  // After "load more", move focus to the first new product so keyboard users continue there.
  useEffect(() => {
    if (firstNewItem.current === null || !gridRef.current) return;
    const links = gridRef.current.querySelectorAll<HTMLAnchorElement>(".card__link");
    links[firstNewItem.current]?.focus();
    firstNewItem.current = null;
  });

  async function loadMore() {
    if (state.status !== "ready" || !state.page.next_cursor) return;
    const controller = new AbortController();
    moreAbort.current = controller;
    setMore({ loading: true, problem: null });
    try {
      const page = await fetchPage(state.page.next_cursor, controller.signal);
      if (controller.signal.aborted) return;
      firstNewItem.current = state.items.length;
      setState({ status: "ready", page, items: [...state.items, ...page.items] });
      setMore({ loading: false, problem: null });
    } catch (error) {
      if (!controller.signal.aborted) setMore({ loading: false, problem: problemFrom(error) });
    }
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
          {state.status === "ready" && state.stale
            ? "Updating…"
            : state.status === "ready"
            ? `${plural(state.page.total, "product")}${active ? " match" : ""}`
            : state.status === "loading"
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
          {state.status === "ready" ? (
            <FacetPanel facets={state.page.facets} filters={filters} onChange={onFiltersChange} category={category} />
          ) : state.status === "loading" ? (
            <p className="muted">Loading filters…</p>
          ) : null}
        </aside>

        <div
          className={state.status === "ready" && state.stale ? "listing__results is-stale" : "listing__results"}
          ref={gridRef}
          aria-busy={state.status === "loading" || (state.status === "ready" && state.stale)}
        >
          {state.status === "loading" ? <GridSkeleton /> : null}
          {state.status === "error" ? (
            <ProblemMessage problem={state.problem} onRetry={() => setAttempt((n) => n + 1)} />
          ) : null}
          {state.status === "ready" && state.items.length === 0 ? (
            <div className="empty">
              {empty ?? <p>Nothing matches these filters.</p>}
              {active ? (
                <button type="button" className="button button--secondary" onClick={() => onFiltersChange(clearFilters(filters))}>
                  Clear filters
                </button>
              ) : null}
            </div>
          ) : null}
          {state.status === "ready" && state.items.length > 0 ? (
            <>
              <ProductGrid products={state.items} label="Products" />
              <div className="listing__more">
                <p className="muted">
                  Showing {state.items.length.toLocaleString("en-IE")} of {state.page.total.toLocaleString("en-IE")}
                </p>
                {more.problem ? <ProblemMessage problem={more.problem} compact /> : null}
                {state.page.next_cursor ? (
                  <button
                    type="button"
                    className="button"
                    onClick={loadMore}
                    disabled={more.loading || state.stale}
                    aria-busy={more.loading}
                  >
                    {more.loading ? "Loading…" : more.problem ? "Try again" : "Load more"}
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
