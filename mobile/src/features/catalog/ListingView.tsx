import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import type { ReactElement } from "react";
import { ActivityIndicator, FlatList, RefreshControl, useWindowDimensions, View } from "react-native";
import type { Listing } from "../../api/client";
import { problemFrom } from "../../api/problem";
import { ProductCard } from "../../components/ProductCard";
import { EmptyState, Loading, OfflineBanner, ProblemView } from "../../components/States";
import { Body } from "../../components/Text";
import { plural } from "../../lib/format";
import { useTheme } from "../../theme/theme";

const GAP = 12;
const PADDING = 16;

/** A listing as a two-column grid that loads the next page near the end, with its
 * header (title, filters) scrolling along; loading, empty, error and offline states. */
export function ListingView({ query, header, empty, label }: {
  query: UseInfiniteQueryResult<InfiniteData<Listing>>;
  header: ReactElement;
  empty: ReactElement;
  label: string;
}) {
  const t = useTheme();
  const { width } = useWindowDimensions();
  const inner = Math.min(width, 560) - PADDING * 2;
  const cardWidth = Math.floor((inner - GAP) / 2);
  const pages = query.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  const total = pages[0]?.total;
  return (
    <View style={{ flex: 1, backgroundColor: t.paper }}>
      <OfflineBanner />
      <FlatList
        accessibilityLabel={label}
        data={items}
        keyExtractor={(item) => item.sku}
        numColumns={2}
        columnWrapperStyle={{ gap: GAP }}
        contentContainerStyle={{ padding: PADDING, gap: GAP, paddingBottom: 40, width: "100%", maxWidth: 560, alignSelf: "center" }}
        renderItem={({ item }) => <ProductCard product={item} width={cardWidth} />}
        onEndReachedThreshold={0.5}
        onEndReached={() => {
          if (query.hasNextPage && !query.isFetchingNextPage) void query.fetchNextPage();
        }}
        refreshControl={<RefreshControl refreshing={query.isRefetching && !query.isFetchingNextPage} onRefresh={() => void query.refetch()} tintColor={t.accent} colors={[t.accent]} />}
        ListHeaderComponent={
          <View>
            {header}
            {total !== undefined ? <Body muted style={{ marginBottom: 8 }}>{plural(total, "product")}</Body> : null}
            {query.isPending && query.fetchStatus !== "idle" ? <Loading /> : null}
            {query.isError && !query.data ? <ProblemView problem={problemFrom(query.error)} onRetry={() => void query.refetch()} /> : null}
            {query.data && !items.length ? empty : null}
          </View>
        }
        ListFooterComponent={query.isFetchingNextPage ? <ActivityIndicator color={t.accent} accessibilityLabel="Loading more" /> : null}
      />
    </View>
  );
}

export function NothingFound({ children }: { children: string }) {
  return <EmptyState title="Nothing found">{children}</EmptyState>;
}
