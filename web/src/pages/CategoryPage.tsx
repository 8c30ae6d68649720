import { useParams, useSearchParams } from "react-router";
import { api, type Category, type SortKey } from "../api/client";
import { unwrap } from "../api/problem";
import { Listing } from "../components/Listing";
import { PageHeading } from "../components/PageHeading";
import { categoryInfo } from "../lib/categories";
import { filtersToParams, filtersToQuery, parseFilters, type ListingFilters } from "../lib/listing";
import { NotFoundPage } from "./NotFoundPage";

const SORTS: SortKey[] = ["popular", "newest", "price_asc", "price_desc", "name"];
const PAGE_SIZE = 24;

export default function CategoryPage() {
  const { category } = useParams();
  const [params, setParams] = useSearchParams();
  const info = categoryInfo(category);
  if (!info) return <NotFoundPage />;
  const filters = parseFilters(params);
  const key = `${info.key}?${filtersToParams(filters).toString()}`;

  const onFiltersChange = (next: ListingFilters) => setParams(filtersToParams(next), { replace: false });

  return (
    <div className={`page page--category theme--${info.key}`}>
      <header className="page-intro">
        <PageHeading title={info.label} eyebrow={info.strap}>
          {info.label}
        </PageHeading>
        <p className="page-intro__lede">{info.blurb}</p>
      </header>
      <Listing
        queryKey={key}
        filters={filters}
        onFiltersChange={onFiltersChange}
        sorts={SORTS}
        defaultSort="popular"
        fetchPage={async (cursor, signal) =>
          unwrap(
            await api.GET("/api/categories/{category}", {
              params: {
                path: { category: info.key as Category },
                query: { ...filtersToQuery(filters), limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) },
              },
              signal,
            }),
          )
        }
      />
    </div>
  );
}
