import { useMemo, useState } from "react";
import { Link } from "react-router";
import { problemFrom, type Problem } from "../../api/problem";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { formatPrice } from "../../lib/format";
import { GoesWellWith } from "./GoesWellWith";
import { clampQuantity } from "./quantity";
import { useAddToCart, useCart, useRemoveLine, useSetQuantity, type Cart } from "./queries";

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
  // With the "Goes well with" shelf; every change below shows its answer at once and
  // reads the cart (and so the shelf) again.
  const cart = useCart({ complements: true });
  const add = useAddToCart();
  const setQuantity = useSetQuantity();
  const remove = useRemoveLine();
  const busy = add.isPending || setQuantity.isPending || remove.isPending;
  const [problem, setProblem] = useState<Problem | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const current: Cart | null = cart.data ?? null;
  const inCart = useMemo(() => new Set(current?.lines.map((line) => line.sku) ?? []), [current]);

  async function addComplement(sku: string, name: string) {
    setProblem(null);
    try {
      await add.mutateAsync({ body: { sku, quantity: 1, source: "recommendation" } });
      setAnnouncement(`Added ${name} to your cart.`);
    } catch (error) {
      setProblem(problemFrom(error));
      throw error;
    }
  }

  async function change(sku: string, quantity: number) {
    setProblem(null);
    const path = { params: { path: { sku } } };
    try {
      if (quantity === 0) await remove.mutateAsync(path);
      else await setQuantity.mutateAsync({ ...path, body: { quantity } });
    } catch (error) {
      setProblem(problemFrom(error));
    }
  }

  return (
    <div className="page page--cart">
      <PageHeading title="Your cart">Your cart</PageHeading>
      {cart.isPending ? <Loading label="Loading your cart…" /> : null}
      {cart.isError && !current ? <ProblemMessage problem={problemFrom(cart.error)} onRetry={() => void cart.refetch()} /> : null}
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
