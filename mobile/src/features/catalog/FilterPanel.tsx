import { View } from "react-native";
import type { Listing } from "../../api/client";
import { Button } from "../../components/Button";
import { Chip, SwitchRow } from "../../components/Field";
import { Eyebrow } from "../../components/Text";
import { formatPriceRange, humanize } from "../../lib/format";
import { SORTS, toggleFacet, type ListingFilters, type SortKey } from "./listing";

const VALUES_SHOWN = 8;

/** Sort, in stock, price bands and the listing's attribute facets (with their counts,
 * most frequent first), as chips that fit a phone's width. */
export function FilterPanel({ filters, available, onChange, sorts = SORTS }: {
  filters: ListingFilters;
  available: Listing["filters"] | undefined;
  onChange: (next: ListingFilters) => void;
  sorts?: { key: SortKey; label: string }[];
}) {
  return (
    <View accessibilityLabel="Filters" style={{ gap: 6, marginBottom: 12 }}>
      <Eyebrow>Sort by</Eyebrow>
      <View style={{ flexDirection: "row", flexWrap: "wrap" }}>
        {sorts.map((s) => (
          <Chip key={s.key} label={s.label} selected={filters.sort === s.key} onPress={() => onChange({ ...filters, sort: s.key })} />
        ))}
      </View>
      <SwitchRow label="In stock only" value={filters.inStock} onChange={(inStock) => onChange({ ...filters, inStock })} />
      {available?.price.length ? (
        <>
          <Eyebrow>Price</Eyebrow>
          <View style={{ flexDirection: "row", flexWrap: "wrap" }}>
            {available.price.map((band) => {
              const on = filters.price?.min === band.min && filters.price?.max === band.max;
              return (
                <Chip
                  key={`${band.min}-${band.max}`}
                  label={formatPriceRange(band.min, band.max)}
                  count={band.count}
                  selected={on}
                  onPress={() => onChange({ ...filters, price: on ? null : { min: band.min, max: band.max } })}
                />
              );
            })}
          </View>
        </>
      ) : null}
      {Object.entries(available?.attributes ?? {}).map(([name, values]) =>
        values.length ? (
          <View key={name} style={{ gap: 6 }}>
            <Eyebrow>{humanize(name)}</Eyebrow>
            <View style={{ flexDirection: "row", flexWrap: "wrap" }}>
              {values.slice(0, VALUES_SHOWN).map((v) => (
                <Chip
                  key={v.value}
                  label={v.value}
                  count={v.count}
                  selected={filters.facets.includes(`${name}:${v.value}`)}
                  onPress={() => onChange(toggleFacet(filters, name, v.value))}
                />
              ))}
            </View>
          </View>
        ) : null,
      )}
      {filters.facets.length || filters.price || filters.inStock ? (
        <Button
          label="Clear filters"
          kind="quiet"
          onPress={() => onChange({ ...filters, facets: [], price: null, inStock: false })}
          style={{ alignSelf: "flex-start" }}
        />
      ) : null}
    </View>
  );
}
