import { useId, useState } from "react";
import type { Schemas } from "../../api/client";
import { formatPriceRange } from "../../lib/format";
import {
  facetLabel,
  isPriceRange,
  isSelected,
  setPriceRange,
  toggleFacet,
  type ListingFilters,
} from "./listing";
import { categoryInfo } from "../../lib/categories";

type Facets = Schemas["ListingFacets"];

interface Props {
  facets: Facets;
  filters: ListingFilters;
  onChange: (next: ListingFilters) => void;
  /** Search: a category choice (links, since a category is a page of its own). */
  category?: { selected: string | null; onSelect: (category: string | null) => void };
}

const VISIBLE_OPTIONS = 6;

function FacetGroup({ group, filters, onChange }: { group: Schemas["FacetGroup"]; filters: ListingFilters; onChange: Props["onChange"] }) {
  const [expanded, setExpanded] = useState(false);
  const id = useId();
  // Selected options always show, even past the fold.
  const options = expanded
    ? group.options
    : group.options.filter((o, i) => i < VISIBLE_OPTIONS || isSelected(filters, group.name, o.value));
  const hidden = group.options.length - options.length;
  return (
    <fieldset className="facet">
      <legend className="facet__legend">{facetLabel(group.name)}</legend>
      <ul className="facet__options" id={id}>
        {options.map((option) => {
          const checked = isSelected(filters, group.name, option.value);
          return (
            <li key={option.value}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={checked}
                  disabled={!checked && option.count === 0}
                  onChange={() => onChange(toggleFacet(filters, group.name, option.value))}
                />
                <span className="check__label">{option.value.replace(/-/g, " ")}</span>
                <span className="check__count" aria-label={`${option.count} products`}>
                  {option.count}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      {hidden > 0 || expanded ? (
        <button
          type="button"
          className="link-button facet__more"
          aria-expanded={expanded}
          aria-controls={id}
          onClick={() => setExpanded((v) => !v)}
        >
          {expanded ? "Show fewer" : `Show ${hidden} more`}
        </button>
      ) : null}
    </fieldset>
  );
}

export function FacetPanel({ facets, filters, onChange, category }: Props) {
  const priceName = useId();
  const categoryName = useId();
  return (
    <div className="facets">
      {category && (facets.categories.length > 1 || category.selected !== null) ? (
        <fieldset className="facet">
          <legend className="facet__legend">Category</legend>
          <ul className="facet__options">
            <li>
              <label className="check">
                <input
                  type="radio"
                  name={categoryName}
                  checked={category.selected === null}
                  onChange={() => category.onSelect(null)}
                />
                <span className="check__label">All categories</span>
              </label>
            </li>
            {facets.categories.map((option) => (
              <li key={option.value}>
                <label className="check">
                  <input
                    type="radio"
                    name={categoryName}
                    checked={category.selected === option.value}
                    disabled={option.count === 0}
                    onChange={() => category.onSelect(option.value)}
                  />
                  <span className="check__label">{categoryInfo(option.value)?.label ?? option.value}</span>
                  <span className="check__count" aria-label={`${option.count} products`}>
                    {option.count}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      ) : null}

      <fieldset className="facet">
        <legend className="facet__legend">Price</legend>
        <ul className="facet__options">
          <li>
            <label className="check">
              <input
                type="radio"
                name={priceName}
                checked={filters.priceMin === null && filters.priceMax === null}
                onChange={() => onChange(setPriceRange(filters, null, null))}
              />
              <span className="check__label">Any price</span>
            </label>
          </li>
          {facets.price.map((range) => {
            const checked = isPriceRange(filters, range.min, range.max);
            return (
              <li key={`${range.min}-${range.max}`}>
                <label className="check">
                  <input
                    type="radio"
                    name={priceName}
                    checked={checked}
                    disabled={!checked && range.count === 0}
                    onChange={() => onChange(setPriceRange(filters, range.min, range.max))}
                  />
                  <span className="check__label">{formatPriceRange(range.min, range.max)}</span>
                  <span className="check__count" aria-label={`${range.count} products`}>
                    {range.count}
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      </fieldset>

      <fieldset className="facet">
        <legend className="facet__legend">Availability</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={filters.inStock}
            onChange={() => onChange({ ...filters, inStock: !filters.inStock })}
          />
          <span className="check__label">In stock only</span>
        </label>
      </fieldset>

      {facets.groups
        .filter((g) => g.name !== "tag" && g.options.length > 0)
        .map((group) => (
          <FacetGroup key={group.name} group={group} filters={filters} onChange={onChange} />
        ))}
    </div>
  );
}
