import { useMemo, useState } from "react";
import { Link } from "react-router";
import { api } from "../api/client";
import { problemFrom, unwrap, type Problem } from "../api/problem";
import { useCart, type Cart } from "../cart";
import { GoesWellWith } from "../components/GoesWellWith";
import { Loading } from "../components/Loading";
import { PageHeading } from "../components/PageHeading";
import { ProblemMessage } from "../components/ProblemMessage";
import { formatPrice } from "../lib/format";
import { clampQuantity } from "../lib/checkout";
import { useLoad } from "../lib/useLoad";

type Line = Cart["lines"][number];

function LineRow({ line, onChange, busy }: { line: Line; onChange: (quantity: number) => void; busy: boolean }) {
  const max = Math.max(line.max_quantity, line.quantity, 1);
  const image = line.image ?? `/media/${encodeURIComponent(line.sku)}.svg`;
  return (
    <li className="cart-line">
      <img className="cart-line__image" src={image} alt="" width={72} height={96} loading="lazy" />
      <div className="cart-line__body">
        <p className="cart-line__name">
          <Link to={`/products/${encodeURIComponent(line.sku)}`}>{line.name ?? line.sku}</Link>
        </p>
        {line.unit_price ? (
          <p className="muted">{formatPrice(line.unit_price.amount, line.unit_price.currency)} each</p>
        ) : null}
        {line.problem ? <p className="field-error">{line.problem}</p> : null}
        <div className="cart-line__actions">
          <label>
            <span className="visually-hidden">Quantity of {line.name ?? line.sku}</span>
            <select
              value={line.quantity}
              disabled={busy}
              onChange={(e) => onChange(clampQuantity(Number(e.target.value), max))}
            >
              {Array.from({ length: Math.min(max, 20) }, (_, i) => i + 1).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="link-button" disabled={busy} onClick={() => onChange(0)}>
            Remove<span className="visually-hidden"> {line.name ?? line.sku}</span>
          </button>
        </div>
      </div>
      <p className="cart-line__total">
        {line.line_total ? formatPrice(line.line_total.amount, line.line_total.currency) : "—"}
      </p>
    </li>
  );
}

export default function CartPage() {
  const cart = useCart();
  const [state, reload] = useLoad("cart", async (signal) => {
    const answer = unwrap(await api.GET("/api/cart", { signal }));
    cart.update(answer);
    return answer;
  });
  const [changed, setChanged] = useState<Cart | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const current = changed ?? (state.status === "ready" ? state.data : null);
  const inCart = useMemo(() => new Set(current?.lines.map((line) => line.sku) ?? []), [current]);

  /** A change's answer carries no complements: keep the shelf the cart read gave. */
  function show(answer: Cart) {
    setChanged({ ...answer, complements: answer.complements ?? current?.complements ?? null });
    cart.update(answer);
  }

  async function addComplement(sku: string, name: string) {
    setBusy(true);
    setProblem(null);
    try {
      const added = unwrap(await api.POST("/api/cart/lines", { body: { sku, quantity: 1, source: "recommendation" } }));
      show(added);
      setAnnouncement(`Added ${name} to your cart.`);
      try {
        show(unwrap(await api.GET("/api/cart")));
      } catch {
        // The add went through; the shelf simply stays as it was.
      }
    } catch (error) {
      setProblem(problemFrom(error));
      throw error;
    } finally {
      setBusy(false);
    }
  }

  async function change(sku: string, quantity: number) {
    setBusy(true);
    setProblem(null);
    try {
      const answer =
        quantity === 0
          ? unwrap(await api.DELETE("/api/cart/lines/{sku}", { params: { path: { sku } } }))
          : unwrap(await api.PUT("/api/cart/lines/{sku}", { params: { path: { sku } }, body: { quantity } }));
      show(answer);
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="page page--cart">
      <PageHeading title="Your cart">Your cart</PageHeading>
      {state.status === "loading" && !current ? <Loading label="Loading your cart…" /> : null}
      {state.status === "error" && !current ? <ProblemMessage problem={state.problem} onRetry={reload} /> : null}
      {current && !current.lines.length ? (
        <div className="empty panel">
          <p>Your cart is empty.</p>
          <Link className="button" to="/">
            Find something you’ll love
          </Link>
        </div>
      ) : null}
      {current && current.lines.length ? (
        <div className="cart">
          <ul className="cart__lines" aria-label="Items in your cart" aria-busy={busy}>
            {current.lines.map((line) => (
              <LineRow key={line.sku} line={line} busy={busy} onChange={(q) => change(line.sku, q)} />
            ))}
          </ul>
          <aside className="cart__summary panel" aria-labelledby="summary-heading">
            <h2 id="summary-heading" className="section-title">
              Summary
            </h2>
            <dl className="summary">
              <div>
                <dt>Items</dt>
                <dd>{current.item_count}</dd>
              </div>
              <div className="summary__total">
                <dt>Subtotal</dt>
                <dd>{current.subtotal ? formatPrice(current.subtotal.amount, current.subtotal.currency) : "—"}</dd>
              </div>
            </dl>
            <p className="muted">Free delivery. Prices include VAT.</p>
            {problem ? <ProblemMessage problem={problem} compact /> : null}
            {current.can_checkout ? (
              <Link className="button button--wide" to="/checkout">
                Check out
              </Link>
            ) : (
              <p className="field-error">Some items can’t be ordered as they are; change or remove them to check out.</p>
            )}
          </aside>
        </div>
      ) : null}
      {current && current.lines.length ? (
        <GoesWellWith complements={current.complements} inCart={inCart} busy={busy} onAdd={addComplement} />
      ) : null}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
