import { Stack, useLocalSearchParams } from "expo-router";
import { useState } from "react";
import { View } from "react-native";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/States";
import { Body, Heading } from "../../components/Text";
import { categoryInfo, isCategory } from "../../lib/categories";
import { FilterPanel } from "./FilterPanel";
import { activeCount, NO_FILTERS, useCategoryListing, type ListingFilters } from "./listing";
import { ListingView, NothingFound } from "./ListingView";

function Listing({ category }: { category: NonNullable<ReturnType<typeof categoryInfo>> }) {
  const [filters, setFilters] = useState<ListingFilters>(NO_FILTERS);
  const [open, setOpen] = useState(false);
  const query = useCategoryListing(category.key, filters);
  const on = activeCount(filters);
  return (
    <ListingView
      label={category.label}
      query={query}
      header={
        <View>
          <Heading level={1}>{category.label}</Heading>
          <Body muted style={{ marginBottom: 10 }}>{category.strap}</Body>
          <Button
            kind="secondary"
            label={open ? "Hide filters" : on ? `Filters (${on})` : "Filters"}
            accessibilityLabel={open ? "Hide filters" : `Show filters${on ? `, ${on} on` : ""}`}
            onPress={() => setOpen(!open)}
            style={{ alignSelf: "flex-start", marginBottom: 10 }}
          />
          {open ? <FilterPanel filters={filters} available={query.data?.pages[0]?.filters} onChange={setFilters} /> : null}
        </View>
      }
      empty={<NothingFound>No products match these filters. Clear one to see more.</NothingFound>}
    />
  );
}

/** A shelf's products with facet filters (sort, stock, price bands, attributes). */
export function CategoryScreen() {
  const { category } = useLocalSearchParams<{ category: string }>();
  const info = isCategory(category) ? categoryInfo(category) : undefined;
  return (
    <>
      <Stack.Screen options={{ title: info?.label ?? "Shop" }} />
      {info ? (
        <Listing key={info.key} category={info} />
      ) : (
        <View style={{ padding: 16 }}>
          <EmptyState title="No such shelf">We sell books, perfumes, coffee and beverages.</EmptyState>
        </View>
      )}
    </>
  );
}
