import { Link } from "react-router";
import { problemFrom } from "../../api/problem";
import { Loading } from "../../components/Loading";
import { PageHeading } from "../../components/PageHeading";
import { ProblemMessage } from "../../components/ProblemMessage";
import { SignInPrompt } from "../../components/SignInPrompt";
import { formatPrice } from "../../lib/format";
import { useSession } from "../account/session";
import { addressSummary } from "./checkout";
import { OrderStatusBadge, orderDate, shortId } from "./OrderStatus";
import { useOrders } from "./queries";

export default function OrdersPage() {
  const session = useSession();
  const query = useOrders(session.signedIn);
  const data = session.signedIn ? query.data : undefined;
  return (
    <div className="page page--narrow">
      <PageHeading title="Your orders">Your orders</PageHeading>
      {session.status === "ready" && !session.signedIn ? <SignInPrompt reason="Sign in to see your orders." /> : null}
      {session.signedIn && query.isPending ? <Loading label="Loading your orders…" /> : null}
      {session.signedIn && query.isError && !data ? (
        <ProblemMessage problem={problemFrom(query.error)} onRetry={() => void query.refetch()} />
      ) : null}
      {data ? (
        data.items.length ? (
          <ul className="order-list" aria-label="Orders">
            {data.items.map((order) => (
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
