import { Link } from "expo-router";
import { FlatList, Pressable, Text, View } from "react-native";
import { categoryInfo } from "../lib/categories";
import { shelfColour, useTheme } from "../theme/theme";
import { ProductImage } from "./ProductImage";

/** What a tile shows: a listing's card or a curated pick. */
export interface CardProduct {
  sku: string;
  name: string;
  category: string;
  price_display: string;
  image: string;
  in_stock?: boolean;
  reason?: string | null;
}

export const CARD_WIDTH = 158;

/** A product tile: picture, shelf, name, why it was picked, price; one link (read out
 * as name, reason and price) to the product. */
export function ProductCard({ product, width = CARD_WIDTH, onSelect }: {
  product: CardProduct;
  width?: number;
  onSelect?: (sku: string) => void;
}) {
  const t = useTheme();
  const colour = shelfColour(t, product.category);
  const soldOut = product.in_stock === false;
  const spoken = [product.name, product.reason, product.price_display, soldOut ? "sold out" : null].filter(Boolean).join(", ");
  return (
    <Link href={{ pathname: "/products/[sku]", params: { sku: product.sku } }} asChild>
      <Pressable
        role="link"
        accessibilityLabel={spoken}
        onPress={onSelect ? () => onSelect(product.sku) : undefined}
        testID={`card-${product.sku}`}
        style={{ width, backgroundColor: t.card, borderRadius: t.radius, borderWidth: 1, borderColor: t.line, padding: 8 }}
      >
        <View>
          <ProductImage uri={product.image} width={width - 18} height={Math.round((width - 18) * 1.2)} />
          {soldOut ? (
            <Text style={{ position: "absolute", top: 8, left: 8, backgroundColor: t.ink, color: t.paper, fontSize: 12, fontWeight: "700", paddingHorizontal: 8, paddingVertical: 2, borderRadius: 999 }}>
              Sold out
            </Text>
          ) : null}
        </View>
        <Text style={{ color: colour, fontSize: 12, fontWeight: "700", letterSpacing: 0.6, textTransform: "uppercase", marginTop: 8 }}>
          {categoryInfo(product.category)?.singular ?? product.category}
        </Text>
        <Text numberOfLines={2} style={{ color: t.ink, fontFamily: t.serif, fontSize: 16, fontWeight: "600", lineHeight: 20, marginTop: 2 }}>
          {product.name}
        </Text>
        {product.reason ? (
          <Text testID="card-reason" numberOfLines={3} style={{ color: t.accent, fontSize: 13, fontStyle: "italic", marginTop: 4, lineHeight: 17 }}>
            {product.reason}
          </Text>
        ) : null}
        <Text style={{ color: t.ink, fontWeight: "700", fontSize: 15, marginTop: 6 }}>{product.price_display}</Text>
      </Pressable>
    </Link>
  );
}

/** A row of tiles that scrolls sideways (home shelves, "more like this"). */
export function Shelf({ products, label, onSelect }: { products: CardProduct[]; label: string; onSelect?: (sku: string) => void }) {
  return (
    <FlatList
      horizontal
      accessibilityLabel={label}
      data={products}
      keyExtractor={(p) => p.sku}
      showsHorizontalScrollIndicator={false}
      contentContainerStyle={{ gap: 12, paddingVertical: 4, paddingRight: 16 }}
      renderItem={({ item }) => <ProductCard product={item} onSelect={onSelect} />}
    />
  );
}
