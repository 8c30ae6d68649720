import { Link } from "react-router";
import { api } from "../api/client";
import { unwrap } from "../api/problem";
import { Loading } from "../components/Loading";
import { OrderStatusBadge, orderDate, shortId } from "../components/OrderStatus";
import { PageHeading } from "../components/PageHeading";
import { ProblemMessage } from "../components/ProblemMessage";
import { SignInPrompt } from "../components/SignInPrompt";
import { addressSummary } from "../lib/checkout";
import { formatPrice } from "../lib/format";
import { useLoad } from "../lib/useLoad";
import { useSession } from "../session";

export default function OrdersPage() {
  const session = useSession();
  const [state, reload] = useLoad(`orders-${session.signedIn}`, async (signal) =>
    session.signedIn ? unwrap(await api.GET("/api/orders", { params: { query: { limit: 50 } }, signal })) : null,
  );
  return (
    <div className="page page--narrow">
      <PageHeading title="Your orders">Your orders</PageHeading>
      {session.status === "ready" && !session.signedIn ? <SignInPrompt reason="Sign in to see your orders." /> : null}
      {session.signedIn && state.status === "loading" ? <Loading label="Loading your orders…" /> : null}
      {state.status === "error" ? <ProblemMessage problem={state.problem} onRetry={reload} /> : null}
      {state.status === "ready" && state.data ? (
        state.data.items.length ? (
          <ul className="order-list" aria-label="Orders">
            {state.data.items.map((order) => (
              <li key={order.id} className="order-list__item">
                <Link to={`/orders/${order.id}`} className="order-list__link">
                  <span className="order-list__id">Order {shortId(order.id)}</span>
                  <span className="muted">{orderDate(order.created_at)}</span>
                  <span>
                    {order.lines.reduce((n, line) => n + line.quantity, 0)} items ·{" "}
                    {formatPrice(order.total.amount, order.total.currency)}
                  </span>
                  <OrderStatusBadge status={order.status} />
                  {order.shipping_address ? (
                    <span className="muted order-list__to">To {addressSummary(order.shipping_address)}</span>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <div className="empty panel">
            <p>No orders yet.</p>
            <Link className="button" to="/">
              Start shopping
            </Link>
          </div>
        )
      ) : null}
    </div>
  );
}
