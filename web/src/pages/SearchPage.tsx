import { useSearchParams } from "react-router";
import { api, type Category, type SortKey } from "../api/client";
import { unwrap } from "../api/problem";
import { Listing } from "../components/Listing";
import { PageHeading } from "../components/PageHeading";
import { CATEGORY_KEYS } from "../lib/categories";
import { filtersToParams, filtersToQuery, parseFilters, type ListingFilters } from "../lib/listing";

const SORTS: SortKey[] = ["relevance", "popular", "newest", "price_asc", "price_desc", "name"];

export default function SearchPage() {
  const [params, setParams] = useSearchParams();
  const q = (params.get("q") ?? "").trim();
  const rawCategory = params.get("category");
  const category = CATEGORY_KEYS.includes(rawCategory as Category) ? (rawCategory as Category) : null;
  const filters = parseFilters(params);

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
          queryKey={`${q}|${category}|${filtersToParams(filters).toString()}`}
          filters={filters}
          onFiltersChange={onFiltersChange}
          sorts={SORTS}
          defaultSort="relevance"
          category={{ selected: category, onSelect: onCategory }}
          empty={<p>No products match “{q}”. Try fewer or different words.</p>}
          fetchPage={async (cursor, signal) =>
            unwrap(
              await api.GET("/api/search", {
                params: {
                  query: {
                    q,
                    ...(category ? { category } : {}),
                    ...filtersToQuery(filters),
                    limit: 24,
                    ...(cursor ? { cursor } : {}),
                  },
                },
                signal,
              }),
            )
          }
        />
      ) : null}
    </div>
  );
}
