import { Link } from "expo-router";
import { Pressable, Text, View } from "react-native";
import { problemFrom } from "../../api/problem";
import { useAuth } from "../../auth/AuthProvider";
import { LinkButton } from "../../components/Button";
import { Screen } from "../../components/Screen";
import { SignInPrompt } from "../../components/SignInPrompt";
import { EmptyState, Loading, ProblemView } from "../../components/States";
import { Heading } from "../../components/Text";
import { formatDate, money, plural } from "../../lib/format";
import { useTheme } from "../../theme/theme";
import { statusLabel } from "./checkout";
import { useOrders } from "./queries";

/** The shopper's orders, newest first. */
export function OrdersScreen() {
  const t = useTheme();
  const auth = useAuth();
  const orders = useOrders(auth.status === "signed-in");
  return (
    <Screen onRefresh={() => void orders.refetch()} refreshing={orders.isRefetching} label="Your orders">
      <Heading level={1}>Your orders</Heading>
      {auth.status === "signed-out" ? <SignInPrompt reason="Sign in to see your orders." /> : null}
      {auth.status === "signed-in" && orders.isPending ? <Loading label="Loading your orders…" /> : null}
      {orders.isError && !orders.data ? <ProblemView problem={problemFrom(orders.error)} onRetry={() => void orders.refetch()} /> : null}
      {orders.data && !orders.data.items.length ? (
        <EmptyState title="No orders yet" action={<LinkButton label="Browse the shelves" href="/browse" />}>
          When you order, it shows here with where it is on its way.
        </EmptyState>
      ) : null}
      <View role="list" accessibilityLabel="Orders" style={{ gap: 10 }}>
        {orders.data?.items.map((order) => {
          const items = order.lines.reduce((sum, line) => sum + line.quantity, 0);
          const label = `Order from ${formatDate(order.created_at)}, ${statusLabel(order.status)}, ${money(order.total)}`;
          return (
            <Link key={order.id} href={{ pathname: "/orders/[id]", params: { id: order.id } }} asChild>
              <Pressable role="link" accessibilityLabel={label} style={{ backgroundColor: t.card, borderRadius: t.radius, borderWidth: 1, borderColor: t.line, padding: 14, gap: 4 }}>
                <View style={{ flexDirection: "row", justifyContent: "space-between" }}>
                  <Text style={{ color: t.ink, fontWeight: "700", fontSize: 16 }}>{formatDate(order.created_at)}</Text>
                  <Text style={{ color: t.ink, fontWeight: "700", fontSize: 16 }}>{money(order.total)}</Text>
                </View>
                <Text style={{ color: t.accent, fontWeight: "600" }}>{statusLabel(order.status)}</Text>
                <Text style={{ color: t.inkSoft }}>{plural(items, "item")}</Text>
              </Pressable>
            </Link>
          );
        })}
      </View>
    </Screen>
  );
}
