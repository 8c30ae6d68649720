import { Stack, useLocalSearchParams } from "expo-router";
import { useEffect, useState } from "react";
import { Text, useWindowDimensions, View } from "react-native";
import { problemFrom } from "../../api/problem";
import { useServices } from "../../api/services";
import { Button, LinkButton } from "../../components/Button";
import { ProductImage } from "../../components/ProductImage";
import { Shelf } from "../../components/ProductCard";
import { Screen, Section } from "../../components/Screen";
import { Loading, Notice, ProblemView } from "../../components/States";
import { Body, Eyebrow, Heading } from "../../components/Text";
import { categoryInfo } from "../../lib/categories";
import { useRecordInteraction } from "../../lib/interactions";
import { shelfColour, useTheme } from "../../theme/theme";
import { useAddToCart } from "../cart/queries";

/** A product: pictures, price, highlights, add to cart, and "more like this" (curation's,
 * or more from the shelf when curation is away). */
export function ProductScreen() {
  const { sku } = useLocalSearchParams<{ sku: string }>();
  const { $api } = useServices();
  const t = useTheme();
  const { width } = useWindowDimensions();
  const screen = $api.useQuery("get", "/api/products/{sku}", { params: { path: { sku } } });
  const record = useRecordInteraction();
  const add = useAddToCart();
  const [quantity, setQuantity] = useState(1);
  const [added, setAdded] = useState<number | null>(null);
  const data = screen.data;

  useEffect(() => {
    if (data) record({ sku: data.product.sku, kind: "view", source: "product" });
  }, [data?.product.sku]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!data) {
    return (
      <Screen onRefresh={() => void screen.refetch()} refreshing={screen.isRefetching}>
        <Stack.Screen options={{ title: "Product" }} />
        {screen.isPending ? <Loading /> : null}
        {screen.isError ? <ProblemView problem={problemFrom(screen.error)} onRetry={() => void screen.refetch()} /> : null}
      </Screen>
    );
  }

  const product = data.product;
  const imageWidth = Math.min(width, 560) - 32;
  const addToCart = () => {
    setAdded(null);
    add.mutate(
      { body: { sku: product.sku, quantity } },
      {
        onSuccess: () => {
          setAdded(quantity);
          record({ sku: product.sku, kind: "add_to_cart", source: "product" });
        },
      },
    );
  };

  return (
    <Screen onRefresh={() => void screen.refetch()} refreshing={screen.isRefetching} label={product.name}>
      <Stack.Screen options={{ title: categoryInfo(product.category)?.singular ?? "Product" }} />
      <ProductImage uri={product.images[0] ?? ""} width={imageWidth} height={Math.round(imageWidth * 0.9)} />
      <View style={{ marginTop: 14, gap: 4 }}>
        <Eyebrow colour={shelfColour(t, product.category)}>{categoryInfo(product.category)?.singular ?? product.category}</Eyebrow>
        <Heading level={1}>{product.name}</Heading>
        <Text style={{ color: t.ink, fontSize: 22, fontWeight: "700" }} accessibilityLabel={`Price: ${product.price_display}`}>
          {product.price_display}
        </Text>
        {product.highlights.length ? (
          <View role="list" accessibilityLabel="Highlights" style={{ flexDirection: "row", flexWrap: "wrap", gap: 8, marginTop: 8 }}>
            {product.highlights.map((h) => (
              <Text key={h} role="listitem" style={{ backgroundColor: t.paperDeep, color: t.ink, paddingHorizontal: 10, paddingVertical: 4, borderRadius: 999, fontSize: 14 }}>
                {h}
              </Text>
            ))}
          </View>
        ) : null}
      </View>

      <Section>
        {product.in_stock ? (
          <>
            <View style={{ flexDirection: "row", alignItems: "center", gap: 12 }}>
              <Button kind="secondary" label="−" accessibilityLabel="One fewer" onPress={() => setQuantity(Math.max(1, quantity - 1))} disabled={quantity <= 1} style={{ width: 48, paddingHorizontal: 0 }} />
              <Text accessibilityLabel={`Quantity: ${quantity}`} style={{ color: t.ink, fontSize: 18, fontWeight: "700", minWidth: 24, textAlign: "center" }}>
                {quantity}
              </Text>
              <Button kind="secondary" label="+" accessibilityLabel="One more" onPress={() => setQuantity(Math.min(20, quantity + 1))} style={{ width: 48, paddingHorizontal: 0 }} />
              <Button label="Add to cart" onPress={addToCart} busy={add.isPending} style={{ flex: 1 }} />
            </View>
            {added ? (
              <Notice tone="success" action={<LinkButton label="See your cart" href="/cart" kind="secondary" style={{ alignSelf: "flex-start" }} />}>
                {`Added ${added} to your cart.`}
              </Notice>
            ) : null}
            {add.error ? <ProblemView problem={problemFrom(add.error)} /> : null}
          </>
        ) : (
          <Notice tone="warning">Sold out for now. It’s usually back within a week.</Notice>
        )}
      </Section>

      <Section>
        <Heading level={2}>About it</Heading>
        <Body>{product.description}</Body>
      </Section>

      {data.related.length ? (
        <Section>
          <Heading level={2}>More like this</Heading>
          <Shelf
            label="More like this"
            products={data.related}
            onSelect={(related) =>
              record({
                sku: related,
                kind: "click",
                source: "similar",
                recommendation_id: data.related_source === "curation" ? (data.recommendation_id ?? null) : null,
                model_version: data.model_version ?? null,
              })
            }
          />
        </Section>
      ) : null}
    </Screen>
  );
}
