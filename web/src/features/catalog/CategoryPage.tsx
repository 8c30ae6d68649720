import { useParams, useSearchParams } from "react-router";
import type { SortKey } from "../../api/client";
import { NotFoundPage } from "../../components/NotFoundPage";
import { PageHeading } from "../../components/PageHeading";
import { categoryInfo, type CategoryInfo } from "../../lib/categories";
import { Listing } from "./Listing";
import { filtersToParams, parseFilters, type ListingFilters } from "./listing";
import { useCategoryListing } from "./queries";

const SORTS: SortKey[] = ["popular", "newest", "price_asc", "price_desc", "name"];

export default function CategoryPage() {
  const { category } = useParams();
  const info = categoryInfo(category);
  if (!info) return <NotFoundPage />;
  return <CategoryListing info={info} />;
}

function CategoryListing({ info }: { info: CategoryInfo }) {
  const [params, setParams] = useSearchParams();
  const filters = parseFilters(params);
  const result = useCategoryListing(info.key, filters);

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
        result={result}
        filters={filters}
        onFiltersChange={onFiltersChange}
        sorts={SORTS}
        defaultSort="popular"
      />
    </div>
  );
}
