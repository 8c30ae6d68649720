import { Stack, useLocalSearchParams } from "expo-router";
import { useState } from "react";
import { Text, View } from "react-native";
import { problemFrom } from "../../api/problem";
import { useServices } from "../../api/services";
import { useAuth } from "../../auth/AuthProvider";
import { Button, LinkButton } from "../../components/Button";
import { Panel, Screen, Section } from "../../components/Screen";
import { SignInPrompt } from "../../components/SignInPrompt";
import { Loading, Notice, ProblemView } from "../../components/States";
import { Body, Heading } from "../../components/Text";
import { formatDate, money } from "../../lib/format";
import { useTheme } from "../../theme/theme";
import { cancellable, countryName, statusLabel } from "./checkout";
import { useOrder, useOrdersChanged } from "./queries";

/** One order: its lines, total, address and status, and cancel while it has not shipped
 * (asked twice: a tap by mistake must not cancel). */
export function OrderScreen() {
  const { id, placed } = useLocalSearchParams<{ id: string; placed?: string }>();
  const t = useTheme();
  const auth = useAuth();
  const { $api } = useServices();
  const order = useOrder(id, auth.status === "signed-in");
  const changed = useOrdersChanged();
  const cancel = $api.useMutation("post", "/api/orders/{order_id}/cancel", { onSuccess: (cancelled) => void changed(cancelled) });
  const [asking, setAsking] = useState(false);
  const data = order.data;

  return (
    <Screen onRefresh={() => void order.refetch()} refreshing={order.isRefetching} label="Order">
      <Stack.Screen options={{ title: "Order" }} />
      {auth.status === "signed-out" ? <SignInPrompt reason="Sign in to see this order." /> : null}
      {order.isPending && auth.status === "signed-in" ? <Loading label="Loading your order…" /> : null}
      {order.isError && !data ? <ProblemView problem={problemFrom(order.error)} onRetry={() => void order.refetch()} /> : null}
      {data ? (
        <>
          {placed && data.status !== "failed" ? (
            <Heading level={1}>Thank you — your order is confirmed</Heading>
          ) : (
            <Heading level={1}>{`Order from ${formatDate(data.created_at)}`}</Heading>
          )}
          <Notice tone={data.status === "cancelled" || data.status === "failed" ? "warning" : "success"}>
            <Text style={{ color: t.ink, fontWeight: "700", fontSize: 16 }} accessibilityLabel={`Status: ${statusLabel(data.status)}`}>
              {statusLabel(data.status)}
            </Text>
            {data.reason ? <Body muted>{data.reason}</Body> : null}
          </Notice>
          <Section>
            <Heading level={2}>What you ordered</Heading>
            <View role="list" accessibilityLabel="Items in this order">
              {data.lines.map((line) => (
                <View role="listitem" key={line.sku} style={{ flexDirection: "row", justifyContent: "space-between", paddingVertical: 8, borderBottomWidth: 1, borderBottomColor: t.line, gap: 10 }}>
                  <Text style={{ color: t.ink, flex: 1, fontSize: 15 }}>{`${line.quantity} × ${line.name}`}</Text>
                  <Text style={{ color: t.ink, fontWeight: "700", fontSize: 15 }}>{money(line.line_total)}</Text>
                </View>
              ))}
            </View>
            <View style={{ flexDirection: "row", justifyContent: "space-between", marginTop: 6 }}>
              <Text style={{ color: t.ink, fontSize: 17 }}>Total</Text>
              <Text style={{ color: t.ink, fontSize: 18, fontWeight: "800" }}>{money(data.total)}</Text>
            </View>
          </Section>
          {data.shipping_address ? (
            <Section>
              <Heading level={2}>Delivering to</Heading>
              <Panel>
                {[data.shipping_address.recipient, data.shipping_address.line1, data.shipping_address.line2, `${data.shipping_address.postal_code} ${data.shipping_address.city}`, countryName(data.shipping_address.country)]
                  .filter((l): l is string => Boolean(l?.trim()))
                  .map((l) => (
                    <Body key={l}>{l}</Body>
                  ))}
              </Panel>
            </Section>
          ) : null}
          {cancellable(data.status) ? (
            <Section>
              {asking ? (
                <Panel>
                  <Body>Cancel this order? Your card is refunded in full.</Body>
                  <View style={{ flexDirection: "row", gap: 10, marginTop: 10, flexWrap: "wrap" }}>
                    <Button kind="danger" label="Yes, cancel it" busy={cancel.isPending} onPress={() => cancel.mutate({ params: { path: { order_id: data.id } }, body: { reason: "Cancelled in the app" } }, { onSuccess: () => setAsking(false) })} />
                    <Button kind="secondary" label="Keep it" onPress={() => setAsking(false)} />
                  </View>
                </Panel>
              ) : (
                <Button kind="danger" label="Cancel order" onPress={() => setAsking(true)} />
              )}
              {cancel.error ? <ProblemView problem={problemFrom(cancel.error)} /> : null}
            </Section>
          ) : null}
          <Section>
            <LinkButton kind="secondary" label="All your orders" href="/orders" />
          </Section>
        </>
      ) : null}
    </Screen>
  );
}
