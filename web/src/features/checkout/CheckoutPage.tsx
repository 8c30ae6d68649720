import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { problemFrom, type Problem } from "../../api/problem";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { SignInPrompt } from "../../components/SignInPrompt";
import { formatPrice } from "../../lib/format";
import { useSession } from "../account/session";
import { useCart } from "../cart/queries";
import { cardDigits, parseExpiry, validateCard, type CardErrors, type CardValues } from "./card";
import { CardForm } from "./CardForm";
import {
  ADDRESS_LIMITS,
  COUNTRIES,
  EMPTY_ADDRESS,
  checkoutOutcome,
  newIdempotencyKey,
  validateAddress,
  type AddressErrors,
  type Order,
  type Outcome,
  type ShippingAddress,
} from "./checkout";
import { usePlaceOrder, useSavedAddress, useTokenizeCard } from "./queries";

function StepUp({ outcome, mfaEnabled }: { outcome: Extract<Outcome, { kind: "step-up" }>; mfaEnabled: boolean }) {
  return (
    <div className="panel panel--step-up" role="status">
      <h2 className="section-title">Confirm it’s you</h2>
      <p>
        Your bank asks for an extra check on this payment. Sign in again with your two-step code, and we’ll complete
        the order straight after. Nothing is charged until you do.
      </p>
      {mfaEnabled ? (
        <a className="button" href={outcome.loginUrl}>
          Confirm with two-step sign-in
        </a>
      ) : (
        <>
          <p>
            You haven’t turned on two-step sign-in yet. <Link to="/account/security">Turn it on</Link>, then come back to{" "}
            <Link to={`/checkout/confirm/${outcome.orderId}`}>confirm this order</Link>.
          </p>
        </>
      )}
    </div>
  );
}

export default function CheckoutPage() {
  const session = useSession();
  const cart = useCart();
  const tokenize = useTokenizeCard();
  const placeOrder = usePlaceOrder();
  const navigate = useNavigate();
  const id = useId();
  const [address, setAddress] = useState<ShippingAddress>(() => ({
    ...EMPTY_ADDRESS,
    name: session.customer?.display_name ?? "",
  }));
  const [card, setCard] = useState<CardValues>({ number: "", expiry: "", cvc: "" });
  const [addressErrors, setAddressErrors] = useState<AddressErrors>({});
  const [cardErrors, setCardErrors] = useState<CardErrors>({});
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // One key per attempt: kept while an answer is outstanding (a retry after a lost
  // answer, or a double click, gets the same order), renewed after a definite answer.
  const attempt = useRef<string | null>(null);
  const displayName = session.customer?.display_name;
  useEffect(() => {
    if (displayName) setAddress((a) => (a.name ? a : { ...a, name: displayName }));
  }, [displayName]);
  // The address the last order went to fills the form, unless the shopper has started typing.
  const saved = useSavedAddress(session.signedIn).data?.address;
  const typed = useRef(false);
  const [prefilled, setPrefilled] = useState(false);
  useEffect(() => {
    if (!saved || typed.current) return;
    setAddress({ ...EMPTY_ADDRESS, ...saved, line2: saved.line2 ?? "" });
    setPrefilled(true);
  }, [saved]);

  if (session.status === "loading") return <Loading label="Loading checkout…" />;
  if (!session.signedIn) {
    return (
      <div className="page page--narrow">
        <PageHeading title="Checkout">Checkout</PageHeading>
        <SignInPrompt reason="Sign in to check out. Your cart comes with you." />
      </div>
    );
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    const aErrors = validateAddress(address);
    const cErrors = validateCard(card);
    setAddressErrors(aErrors);
    setCardErrors(cErrors);
    setProblem(null);
    if (Object.keys(aErrors).length || Object.keys(cErrors).length) {
      const first = document.querySelector<HTMLElement>("[aria-invalid=true]");
      first?.focus();
      return;
    }
    setBusy(true);
    attempt.current ??= newIdempotencyKey();
    try {
      const expiry = parseExpiry(card.expiry)!;
      const token = await tokenize.mutateAsync({
        body: { number: cardDigits(card.number), exp_month: expiry.month, exp_year: expiry.year, cvc: card.cvc.trim() },
      });
      // Settles once the cart has been read again (the header's count with it).
      // A repeated submission (200) answers the same order too; the spec leaves its body out.
      const order = (await placeOrder.mutateAsync({
        body: { shipping: address, payment_method: token.token },
        params: { header: { "Idempotency-Key": attempt.current } },
      })) as Order;
      attempt.current = null;
      const result = checkoutOutcome(order);
      if (result.kind === "confirmed" || result.kind === "pending") {
        navigate(`/orders/${order.id}?placed=1`);
        return;
      }
      setOutcome(result);
    } catch (error) {
      const found = problemFrom(error);
      // A refusal (4xx) is final for this attempt; a lost answer is retried with the key.
      if (found.status && found.status < 500) attempt.current = null;
      setProblem(found);
    } finally {
      setBusy(false);
    }
  }

  // A field's error is checked again as it is edited: it goes as soon as the field is
  // right (errors only appear on submit; fields without one stay quiet while typed).
  const changeAddress = (name: keyof ShippingAddress, value: string) => {
    const next = { ...address, [name]: value };
    typed.current = true;
    setAddress(next);
    if (addressErrors[name]) setAddressErrors((errors) => ({ ...errors, [name]: validateAddress(next)[name] }));
  };
  const changeCard = (next: CardValues) => {
    setCard(next);
    setCardErrors((errors) => {
      const now = validateCard(next);
      const kept: CardErrors = {};
      for (const key of Object.keys(errors) as (keyof CardErrors)[]) if (errors[key] && now[key]) kept[key] = now[key];
      return kept;
    });
  };

  const data = cart.data ?? null;
  const field = (name: keyof ShippingAddress, label: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => {
    const error = addressErrors[name];
    return (
      <div className={`field field--${name}`}>
        <label htmlFor={`${id}-${name}`}>{label}</label>
        <input
          id={`${id}-${name}`}
          name={name}
          value={address[name] ?? ""}
          disabled={busy}
          onChange={(e) => changeAddress(name, e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-${name}-error` : undefined}
          maxLength={name in ADDRESS_LIMITS ? ADDRESS_LIMITS[name as keyof typeof ADDRESS_LIMITS] : 200}
          {...props}
        />
        {error ? (
          <p id={`${id}-${name}-error`} className="field-error">
            {error}
          </p>
        ) : null}
      </div>
    );
  };

  return (
    <div className="page page--checkout">
      <PageHeading title="Checkout">Checkout</PageHeading>
      {cart.isPending ? <Loading label="Loading your cart…" /> : null}
      {cart.isError && !data ? <ProblemMessage problem={problemFrom(cart.error)} onRetry={() => void cart.refetch()} /> : null}
      {data && !data.lines.length && !outcome ? (
        <div className="empty panel">
          <p>Your cart is empty.</p>
          <Link className="button" to="/">
            Back to the shop
          </Link>
        </div>
      ) : null}
      {outcome?.kind === "step-up" ? (
        <StepUp outcome={outcome} mfaEnabled={Boolean(session.customer?.mfa_enabled)} />
      ) : null}
      {outcome?.kind === "failed" ? (
        <div className="problem" role="alert">
          <p className="problem__title">Your order didn’t go through</p>
          <p className="problem__detail">{outcome.reason}</p>
          <p className="muted">Try another card below.</p>
        </div>
      ) : null}
      {data && data.lines.length && outcome?.kind !== "step-up" ? (
        <form className="checkout" onSubmit={submit} noValidate>
          <div className="checkout__forms">
            <fieldset className="address-form">
              <legend>Delivery address</legend>
              {prefilled ? <p className="muted">Where your last order went. Change it if this one goes elsewhere.</p> : null}
              {field("name", "Full name", { autoComplete: "name" })}
              {field("line1", "Street and number", { autoComplete: "address-line1" })}
              {field("line2", "Flat, floor, etc. (optional)", { autoComplete: "address-line2" })}
              <div className="field-row">
                {field("postal_code", "Postcode", { autoComplete: "postal-code" })}
                {field("city", "Town or city", { autoComplete: "address-level2" })}
              </div>
              <div className="field">
                <label htmlFor={`${id}-country`}>Country</label>
                <select
                  id={`${id}-country`}
                  value={address.country}
                  disabled={busy}
                  autoComplete="country"
                  onChange={(e) => setAddress((a) => ({ ...a, country: e.target.value }))}
                >
                  {COUNTRIES.map(([code, name]) => (
                    <option key={code} value={code}>
                      {name}
                    </option>
                  ))}
                </select>
              </div>
            </fieldset>
            <CardForm values={card} errors={cardErrors} onChange={changeCard} disabled={busy} />
          </div>
          <aside className="checkout__summary panel" aria-labelledby="order-summary">
            <h2 id="order-summary" className="section-title">
              Your order
            </h2>
            <ul className="summary-lines">
              {data.lines.map((line) => (
                <li key={line.sku}>
                  <span>
                    {line.quantity} × {line.name ?? line.sku}
                  </span>
                  <span>{line.line_total ? formatPrice(line.line_total.amount, line.line_total.currency) : "—"}</span>
                </li>
              ))}
            </ul>
            <p className="summary__total">
              <span>Total</span>
              <strong>{data.subtotal ? formatPrice(data.subtotal.amount, data.subtotal.currency) : "—"}</strong>
            </p>
            {problem ? <ProblemMessage problem={problem} compact /> : null}
            <button type="submit" className="button button--wide" disabled={busy || !data.can_checkout} aria-busy={busy}>
              {busy ? "Placing your order…" : "Place order"}
            </button>
            <p className="muted">Free delivery in 2–4 working days. You can cancel until it ships.</p>
          </aside>
        </form>
      ) : null}
    </div>
  );
}
