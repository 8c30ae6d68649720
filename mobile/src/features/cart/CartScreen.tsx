import { Text, View } from "react-native";
import type { Cart } from "../../api/client";
import { problemFrom } from "../../api/problem";
import { Button, LinkButton } from "../../components/Button";
import { ProductImage } from "../../components/ProductImage";
import { Screen, Section } from "../../components/Screen";
import { EmptyState, Loading, ProblemView } from "../../components/States";
import { Heading } from "../../components/Text";
import { money, plural } from "../../lib/format";
import { useTheme } from "../../theme/theme";
import { TopBar } from "../catalog/HomeScreen";
import { useCart, useRemoveLine, useSetQuantity } from "./queries";

type Line = Cart["lines"][number];

function CartLine({ line }: { line: Line }) {
  const t = useTheme();
  const setQuantity = useSetQuantity();
  const remove = useRemoveLine();
  const busy = setQuantity.isPending || remove.isPending;
  const name = line.name ?? line.sku;
  const change = (quantity: number) =>
    quantity <= 0
      ? remove.mutate({ params: { path: { sku: line.sku } } })
      : setQuantity.mutate({ params: { path: { sku: line.sku } }, body: { quantity } });
  return (
    <View role="listitem" style={{ flexDirection: "row", gap: 12, paddingVertical: 12, borderBottomWidth: 1, borderBottomColor: t.line }}>
      {line.image ? <ProductImage uri={line.image} width={64} height={80} /> : null}
      <View style={{ flex: 1, gap: 4 }}>
        <Text style={{ color: t.ink, fontFamily: t.serif, fontWeight: "600", fontSize: 16 }}>{name}</Text>
        <Text style={{ color: t.inkSoft, fontSize: 14 }}>{`${money(line.unit_price)} each`}</Text>
        {!line.available ? <Text style={{ color: t.danger, fontWeight: "700", fontSize: 14 }}>No longer available: remove it to check out.</Text> : null}
        <View style={{ flexDirection: "row", alignItems: "center", gap: 8, marginTop: 4 }}>
          <Button kind="secondary" label="−" accessibilityLabel={`One fewer ${name}`} onPress={() => change(line.quantity - 1)} disabled={busy} style={{ width: 44, minHeight: 40, paddingHorizontal: 0 }} />
          <Text accessibilityLabel={`Quantity of ${name}: ${line.quantity}`} style={{ color: t.ink, fontSize: 16, fontWeight: "700", minWidth: 22, textAlign: "center" }}>
            {line.quantity}
          </Text>
          <Button kind="secondary" label="+" accessibilityLabel={`One more ${name}`} onPress={() => change(line.quantity + 1)} disabled={busy || !line.available} style={{ width: 44, minHeight: 40, paddingHorizontal: 0 }} />
          <Button kind="quiet" label="Remove" accessibilityLabel={`Remove ${name}`} onPress={() => change(0)} disabled={busy} />
        </View>
      </View>
      <Text style={{ color: t.ink, fontWeight: "700", fontSize: 15 }}>{money(line.line_total)}</Text>
    </View>
  );
}

/** The cart: quantities, removal, the total and the way to checkout. */
export function CartScreen() {
  const t = useTheme();
  const cart = useCart();
  const data = cart.data;
  const blocked = data?.lines.some((l) => !l.available) ?? false;
  return (
    <View style={{ flex: 1 }}>
      <TopBar />
      <Screen onRefresh={() => void cart.refetch()} refreshing={cart.isRefetching} label="Cart">
        <Heading level={1}>Your cart</Heading>
        {cart.isPending ? <Loading label="Loading your cart…" /> : null}
        {cart.isError && !data ? <ProblemView problem={problemFrom(cart.error)} onRetry={() => void cart.refetch()} /> : null}
        {data && !data.lines.length ? (
          <EmptyState title="Your cart is empty" action={<LinkButton label="Browse the shelves" href="/browse" />}>
            Add something you love; it waits here while you look around.
          </EmptyState>
        ) : null}
        {data?.lines.length ? (
          <>
            <View role="list" accessibilityLabel="Items in your cart">
              {data.lines.map((line) => (
                <CartLine key={line.sku} line={line} />
              ))}
            </View>
            <Section>
              <View style={{ flexDirection: "row", justifyContent: "space-between" }}>
                <Text style={{ color: t.ink, fontSize: 17 }}>{`Total (${plural(data.item_count, "item")})`}</Text>
                <Text style={{ color: t.ink, fontSize: 19, fontWeight: "800" }}>{money(data.subtotal)}</Text>
              </View>
              <Text style={{ color: t.inkSoft, fontSize: 14 }}>Free delivery in the EU. Pay at the next step.</Text>
              {blocked ? null : <LinkButton label="Check out" href="/checkout" />}
            </Section>
          </>
        ) : null}
      </Screen>
    </View>
  );
}
