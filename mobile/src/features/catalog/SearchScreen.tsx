import { useState } from "react";
import { View } from "react-native";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { EmptyState } from "../../components/States";
import { Heading } from "../../components/Text";
import { TopBar } from "./HomeScreen";
import { FilterPanel } from "./FilterPanel";
import { NO_FILTERS, SORTS, useSearch, type ListingFilters } from "./listing";
import { ListingView, NothingFound } from "./ListingView";

const SEARCH_SORTS = [{ key: "relevance" as const, label: "Best match" }, ...SORTS.filter((s) => s.key !== "popular")];

/** Search every shelf; results page in as the shopper scrolls. */
export function SearchScreen() {
  const [text, setText] = useState("");
  const [q, setQ] = useState("");
  const [filters, setFilters] = useState<ListingFilters>({ ...NO_FILTERS, sort: "relevance" });
  const [open, setOpen] = useState(false);
  const query = useSearch(q, filters);
  const submit = () => setQ(text.trim());
  return (
    <View style={{ flex: 1 }}>
      <TopBar />
      <ListingView
        label="Search results"
        query={query}
        header={
          <View>
            <Heading level={1}>Search</Heading>
            <TextField
              label="Search books, scents, coffee…"
              value={text}
              onChangeText={setText}
              onSubmitEditing={submit}
              returnKeyType="search"
              autoCapitalize="none"
              autoCorrect={false}
              role="searchbox"
            />
            <View style={{ flexDirection: "row", gap: 10, marginBottom: 12 }}>
              <Button label="Search" onPress={submit} disabled={!text.trim()} />
              {q ? <Button kind="secondary" label={open ? "Hide filters" : "Filters"} onPress={() => setOpen(!open)} /> : null}
            </View>
            {q && open ? <FilterPanel filters={filters} available={query.data?.pages[0]?.filters} onChange={setFilters} sorts={SEARCH_SORTS} /> : null}
            {!q ? <EmptyState title="What are you after?">Try an author, a roast, a note like “vanilla”, or a grape.</EmptyState> : null}
          </View>
        }
        empty={<NothingFound>{`Nothing matches “${q}”. Try fewer or other words.`}</NothingFound>}
      />
    </View>
  );
}
