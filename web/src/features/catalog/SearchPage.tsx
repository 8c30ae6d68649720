import { useSearchParams } from "react-router";
import type { Category, SortKey } from "../../api/client";
import { PageHeading } from "../../components/PageHeading";
import { CATEGORY_KEYS } from "../../lib/categories";
import { Listing } from "./Listing";
import { filtersToParams, parseFilters, type ListingFilters } from "./listing";
import { useSearchListing } from "./queries";

const SORTS: SortKey[] = ["relevance", "popular", "newest", "price_asc", "price_desc", "name"];

export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = (params.get("q") ?? "").trim();
  const rawCategory = params.get("category");
  const category = CATEGORY_KEYS.includes(rawCategory as Category) ? (rawCategory as Category) : null;
  const filters = parseFilters(params);
  const result = useSearchListing(q, category, filters);

  const keep = (cat: string | null): Record<string, string> => ({ q, ...(cat ? { category: cat } : {}) });
  const onFiltersChange = (next: ListingFilters) => setParams(filtersToParams(next, keep(category)));
  // A new category has other facets: drop the filters that belonged to the old one.
  const onCategory = (next: string | null) => setParams(filtersToParams({ ...filters, facets: {} }, keep(next)));

  return (
    <div className="page page--search">
      <header className="page-intro">
        <PageHeading title={q ? `Search: ${q}` : "Search"} eyebrow="Search">
          {q ? <>Results for “{q}”</> : "Search the shop"}
        </PageHeading>
        {!q ? <p className="page-intro__lede">Type a title, an author, a note like “vanilla”, or an origin like “Ethiopia”.</p> : null}
      </header>
      {q ? (
        <Listing
          result={result}
          filters={filters}
          onFiltersChange={onFiltersChange}
          sorts={SORTS}
          defaultSort="relevance"
          category={{ selected: category, onSelect: onCategory }}
          empty={<p>No products match “{q}”. Try fewer or different words.</p>}
        />
      ) : null}
    </div>
  );
}
