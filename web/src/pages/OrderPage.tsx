import { useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { api } from "../api/client";
import { problemFrom, unwrap, type Problem } from "../api/problem";
import { Loading } from "../components/Loading";
import { OrderStatusBadge, orderDate, shortId } from "../components/OrderStatus";
import { PageHeading } from "../components/PageHeading";
import { ProblemMessage } from "../components/ProblemMessage";
import { ShippingAddressBlock } from "../components/ShippingAddress";
import { SignInPrompt } from "../components/SignInPrompt";
import { STATUS_LABELS, cancellable, type Order } from "../lib/checkout";
import { formatPrice } from "../lib/format";
import { useLoad } from "../lib/useLoad";
import { useSession } from "../session";

export default function OrderPage() {
  const { orderId = "" } = useParams();
  const [params] = useSearchParams();
  const session = useSession();
  const [state, reload] = useLoad(`order-${orderId}-${session.signedIn}`, async (signal) =>
    session.signedIn
      ? unwrap(await api.GET("/api/orders/{order_id}", { params: { path: { order_id: orderId } }, signal }))
      : null,
  );
  const [changed, setChanged] = useState<Order | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const order = changed ?? (state.status === "ready" ? state.data : null);
  const placed = params.get("placed") === "1";

  async function cancel() {
    if (!window.confirm("Cancel this order? You’ll be refunded in full.")) return;
    setBusy(true);
    setProblem(null);
    try {
      setChanged(unwrap(await api.POST("/api/orders/{order_id}/cancel", { params: { path: { order_id: orderId } } })));
    } catch (error) {
      setProblem(problemFrom(error));
    } finally {
      setBusy(false);
    }
  }

  const heading =
    order && placed && order.status === "confirmed"
      ? "Thank you — your order is confirmed"
      : order
        ? `Order ${shortId(order.id)}`
        : "Your order";
  return (
    <div className="page page--narrow page--order">
      <PageHeading title={heading}>{heading}</PageHeading>
      {session.status === "ready" && !session.signedIn ? <SignInPrompt reason="Sign in to see this order." /> : null}
      {session.signedIn && state.status === "loading" ? <Loading label="Loading your order…" /> : null}
      {state.status === "error" ? <ProblemMessage problem={state.problem} onRetry={reload} /> : null}
      {order ? (
        <>
          <div className={`panel order-head order-head--${order.status}`}>
            <p>
              <OrderStatusBadge status={order.status} /> <span className="muted">Placed {orderDate(order.created_at)}</span>
            </p>
            {placed && order.status === "confirmed" ? (
              <p>We’ve e-mailed your receipt. We’ll let you know when it’s on its way.</p>
            ) : null}
            {order.status === "failed" || order.status === "cancelled" ? (
              <p>{order.reason ?? "Nothing was charged."}</p>
            ) : null}
            {order.status === "awaiting_confirmation" && order.login_url ? (
              <p>
                <a className="button button--small" href={order.login_url}>
                  Confirm with two-step sign-in
                </a>
              </p>
            ) : null}
            <p className="muted">Order number {order.id}</p>
          </div>
          <h2 className="section-title">Items</h2>
          <ul className="summary-lines" aria-label="Items in this order">
            {order.lines.map((line) => (
              <li key={line.sku}>
                <span>
                  {line.quantity} × <Link to={`/products/${line.sku}`}>{line.name}</Link>
                </span>
                <span>{formatPrice(line.line_total.amount, line.line_total.currency)}</span>
              </li>
            ))}
          </ul>
          <p className="summary__total">
            <span>Total</span>
            <strong>{formatPrice(order.total.amount, order.total.currency)}</strong>
          </p>
          {order.shipping_address ? (
            <>
              <h2 className="section-title">Delivery address</h2>
              <ShippingAddressBlock address={order.shipping_address} label="Delivery address" />
            </>
          ) : null}
          {order.history?.length ? (
            <>
              <h2 className="section-title">History</h2>
              <ol className="timeline">
                {order.history.map((step, i) => (
                  <li key={i}>
                    <strong>{STATUS_LABELS[step.to_status as Order["status"]] ?? step.to_status}</strong>{" "}
                    <span className="muted">{new Date(step.at).toLocaleString("en-IE")}</span>
                  </li>
                ))}
              </ol>
            </>
          ) : null}
          {problem ? <ProblemMessage problem={problem} compact /> : null}
          <p className="actions">
            <Link className="button button--secondary" to="/orders">
              All your orders
            </Link>
            {cancellable(order.status) ? (
              <button type="button" className="link-button" onClick={cancel} disabled={busy}>
                Cancel order
              </button>
            ) : null}
          </p>
        </>
      ) : null}
    </div>
  );
}
