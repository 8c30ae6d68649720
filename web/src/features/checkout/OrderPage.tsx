import { Link, useParams, useSearchParams } from "react-router";
import { problemFrom } from "../../api/problem";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { SignInPrompt } from "../../components/SignInPrompt";
import { formatPrice } from "../../lib/format";
import { useSession } from "../account/session";
import { STATUS_LABELS, cancellable, type Order } from "./checkout";
import { OrderStatusBadge, orderDate, shortId } from "./OrderStatus";
import { useCancelOrder, useOrder } from "./queries";
import { ShippingAddressBlock } from "./ShippingAddress";

export default function OrderPage() {
  const { orderId = "" } = useParams();
  const [params] = useSearchParams();
  const session = useSession();
  const query = useOrder(orderId, session.signedIn);
  const cancelOrder = useCancelOrder();
  const busy = cancelOrder.isPending;
  const problem = cancelOrder.error ? problemFrom(cancelOrder.error) : null;
  const order = session.signedIn ? (query.data ?? null) : null;
  const placed = params.get("placed") === "1";

  function cancel() {
    if (!window.confirm("Cancel this order? You’ll be refunded in full.")) return;
    cancelOrder.mutate({ params: { path: { order_id: orderId } } });
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
      {session.signedIn && query.isPending ? <Loading label="Loading your order…" /> : null}
      {session.signedIn && query.isError && !order ? (
        <ProblemMessage problem={problemFrom(query.error)} onRetry={() => void query.refetch()} />
      ) : null}
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
