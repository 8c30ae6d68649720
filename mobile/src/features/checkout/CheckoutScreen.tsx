import { router } from "expo-router";
import { useEffect, useRef, useState } from "react";
import { Text, View } from "react-native";
import { unwrap, type Order } from "../../api/client";
import { fieldErrors, problemFrom, type Problem } from "../../api/problem";
import { useServices } from "../../api/services";
import { useAuth } from "../../auth/AuthProvider";
import { useSignIn } from "../../auth/useSignIn";
import { Button, LinkButton } from "../../components/Button";
import { Chip, TextField } from "../../components/Field";
import { Panel, Screen, Section } from "../../components/Screen";
import { SignInPrompt } from "../../components/SignInPrompt";
import { EmptyState, Loading, Notice, ProblemView } from "../../components/States";
import { Body, Eyebrow, Heading } from "../../components/Text";
import { money, plural } from "../../lib/format";
import { useTheme } from "../../theme/theme";
import { useCart } from "../cart/queries";
import { cardDigits, formatCardNumber, formatExpiry, parseExpiry, TEST_CARDS, validateCard, type CardErrors, type CardValues } from "./card";
import { checkoutOutcome, COUNTRIES, EMPTY_ADDRESS, newIdempotencyKey, validateAddress, type AddressErrors } from "./checkout";
import { useOrdersChanged, useSavedAddress } from "./queries";

/** The card form → `POST /api/payment-methods` (a sandbox token) → `POST /api/checkout`;
 * when the bank asks for the second factor, a fresh sign-in with it, then
 * `POST /api/orders/{id}/confirm-payment`. */
function CheckoutForm() {
  const t = useTheme();
  const { api } = useServices();
  const auth = useAuth();
  const cart = useCart();
  const stepUp = useSignIn({ stepUp: true });
  const ordersChanged = useOrdersChanged();
  const [address, setAddress] = useState({ ...EMPTY_ADDRESS, recipient: auth.me?.display_name ?? "" });
  const [card, setCard] = useState<CardValues>({ number: "", expiry: "", cvc: "" });
  const [errors, setErrors] = useState<AddressErrors & CardErrors>({});
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState<string | null>(null);
  const idempotency = useRef(newIdempotencyKey());

  useEffect(() => {
    if (auth.me && !address.recipient) setAddress((a) => ({ ...a, recipient: auth.me?.display_name ?? "" }));
  }, [auth.me]); // eslint-disable-line react-hooks/exhaustive-deps
  // The address my last order went to fills the form, unless I have started typing.
  const saved = useSavedAddress(auth.status === "signed-in").data?.address;
  const typed = useRef(false);
  const [prefilled, setPrefilled] = useState(false);
  useEffect(() => {
    if (!saved || typed.current) return;
    setAddress({ ...EMPTY_ADDRESS, ...saved, line2: saved.line2 ?? "" });
    setPrefilled(true);
  }, [saved]);

  const finish = async (order: Order) => {
    await ordersChanged(order);
    router.replace({ pathname: "/orders/[id]", params: { id: order.id, placed: "1" } });
  };

  const placeOrder = async () => {
    const found = { ...validateAddress(address), ...validateCard(card) };
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length) return;
    const expiry = parseExpiry(card.expiry)!;
    setBusy(true);
    try {
      const token = unwrap(
        await api.POST("/api/payment-methods", {
          body: { number: cardDigits(card.number), exp_month: expiry.month, exp_year: expiry.year, cvc: card.cvc.trim() },
        }),
      );
      const order = unwrap(
        await api.POST("/api/checkout", {
          params: { header: { "Idempotency-Key": idempotency.current } },
          body: {
            payment_method: token.token,
            shipping_address: { ...address, line2: address.line2?.trim() ? address.line2 : null },
          },
        }),
      );
      const outcome = checkoutOutcome(order);
      if (outcome.kind === "step-up") setWaiting(outcome.orderId);
      else if (outcome.kind === "failed") {
        setProblem({ title: "Your order wasn’t placed", detail: outcome.reason });
        idempotency.current = newIdempotencyKey();
      } else await finish(order);
    } catch (error) {
      const p = problemFrom(error);
      setProblem(p);
      setErrors((e) => ({ ...e, ...fieldErrors(p) }));
    } finally {
      setBusy(false);
    }
  };

  const confirm = async () => {
    if (!waiting) return;
    setProblem(null);
    const ok = await stepUp.signIn();
    if (!ok) return;
    setBusy(true);
    try {
      const order = unwrap(await api.POST("/api/orders/{order_id}/confirm-payment", { params: { path: { order_id: waiting } } }));
      const outcome = checkoutOutcome(order);
      if (outcome.kind === "failed") setProblem({ title: "Your order wasn’t placed", detail: outcome.reason });
      else await finish(order);
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  };

  if (cart.isPending) return <Loading label="Loading your cart…" />;
  if (cart.data && !cart.data.lines.length && !waiting) {
    return <EmptyState title="Your cart is empty" action={<LinkButton label="Browse the shelves" href="/browse" />}>Add something first.</EmptyState>;
  }

  if (waiting) {
    return (
      <Panel>
        <Heading level={2}>Confirm it’s you</Heading>
        <Body>Your bank asks for your two-step sign-in before it takes this payment. Sign in again with your code, and the order goes through.</Body>
        <Button label="Confirm payment" onPress={() => void confirm()} busy={busy || stepUp.busy} disabled={!stepUp.ready} style={{ marginTop: 12 }} />
        {stepUp.problem ? <ProblemView problem={stepUp.problem} /> : null}
        {problem ? <ProblemView problem={problem} /> : null}
      </Panel>
    );
  }

  const set = (field: keyof typeof address) => (value: string) => {
    typed.current = true;
    setAddress((a) => ({ ...a, [field]: value }));
  };
  return (
    <View>
      {cart.data ? (
        <Notice>{`${plural(cart.data.item_count, "item")} · ${money(cart.data.subtotal)} · free delivery`}</Notice>
      ) : null}
      <Section gap={0}>
        <Heading level={2}>Delivery address</Heading>
        {prefilled ? <Body muted>Where your last order went. Change it if this one goes elsewhere.</Body> : null}
        <TextField label="Full name" value={address.recipient} onChangeText={set("recipient")} error={errors.recipient} autoComplete="name" />
        <TextField label="Street and number" value={address.line1} onChangeText={set("line1")} error={errors.line1} autoComplete="street-address" />
        <TextField label="Flat, floor, etc. (optional)" value={address.line2 ?? ""} onChangeText={set("line2")} />
        <View style={{ flexDirection: "row", gap: 10 }}>
          <View style={{ flex: 2 }}>
            <TextField label="Postcode" value={address.postal_code} onChangeText={set("postal_code")} error={errors.postal_code} autoComplete="postal-code" />
          </View>
          <View style={{ flex: 3 }}>
            <TextField label="Town or city" value={address.city} onChangeText={set("city")} error={errors.city} />
          </View>
        </View>
        <Eyebrow>Country</Eyebrow>
        <View role="radiogroup" accessibilityLabel="Country" style={{ flexDirection: "row", flexWrap: "wrap", marginTop: 6 }}>
          {COUNTRIES.map(([code, name]) => (
            <Chip key={code} label={name} selected={address.country === code} onPress={() => set("country")(code)} />
          ))}
        </View>
      </Section>
      <Section gap={0}>
        <Heading level={2}>Payment</Heading>
        <TextField label="Card number" value={card.number} onChangeText={(v) => setCard((c) => ({ ...c, number: formatCardNumber(v) }))} error={errors.number} keyboardType="number-pad" autoComplete="cc-number" />
        <View style={{ flexDirection: "row", gap: 10 }}>
          <View style={{ flex: 1 }}>
            <TextField label="Expiry (MM / YY)" value={card.expiry} onChangeText={(v) => setCard((c) => ({ ...c, expiry: formatExpiry(v, c.expiry) }))} error={errors.expiry} keyboardType="number-pad" autoComplete="cc-exp" />
          </View>
          <View style={{ flex: 1 }}>
            <TextField label="CVC" value={card.cvc} onChangeText={(v) => setCard((c) => ({ ...c, cvc: cardDigits(v).slice(0, 4) }))} error={errors.cvc} keyboardType="number-pad" autoComplete="cc-csc" secureTextEntry />
          </View>
        </View>
        <View style={{ backgroundColor: t.paperDeep, borderRadius: 10, padding: 12, gap: 4, marginBottom: 12 }}>
          <Text style={{ color: t.ink, fontWeight: "700" }}>Sandbox: no real money moves. Test cards:</Text>
          {TEST_CARDS.map((c) => (
            <Text key={c.number} style={{ color: t.inkSoft, fontSize: 14 }}>{`${c.number} — ${c.label}`}</Text>
          ))}
        </View>
      </Section>
      {problem ? <ProblemView problem={problem} /> : null}
      <Button label="Place order" onPress={() => void placeOrder()} busy={busy} />
    </View>
  );
}

export function CheckoutScreen() {
  const auth = useAuth();
  return (
    <Screen label="Checkout">
      <Heading level={1}>Checkout</Heading>
      {auth.status === "restoring" ? <Loading /> : null}
      {auth.status === "signed-out" ? <SignInPrompt title="Sign in to check out" reason="Your cart comes with you: what you added as a guest joins your account’s cart." /> : null}
      {auth.status === "signed-in" ? <CheckoutForm /> : null}
    </Screen>
  );
}
